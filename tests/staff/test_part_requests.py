"""Spare parts on a claim: requested to fitted, stock, costs on the page, in statistics and API."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sqlalchemy import select

from backend.claims.models import ClaimEvent
from backend.config import Settings
from backend.i18n import gettext_for
from backend.integrations.models import ApiScope
from backend.parts.models import PartState
from backend.staff.models import Role
from backend.web.app import create_app
from tests.support.api_keys import make_key
from tests.support.clock import suite_clock
from tests.support.console import client_for, make_claim, make_staff, page_csrf, sign_in
from tests.support.parts import (
    act,
    catalog_part,
    page_version,
    part_requests,
    part_step,
    repair_to_parts,
)

STALE = (
    "Someone else changed this claim while you were looking at it. "
    "Here it is as it stands now; please check and try again."
)
# Demo catalog: the kettle's heating element costs 690.00, nine on the shelf; labour 1,500/h.
KETTLE_ELEMENT = "KT1-HE01"


async def test_a_part_goes_from_requested_to_fitted_and_the_claim_costs_it(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    element = await catalog_part(sessions, KETTLE_ELEMENT)
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        await repair_to_parts(anna, claim.id, element.id, hours="1.5")
        form = (await anna.get(f"/staff/claims/{claim.id}")).text
        assert "Heating element (KT1-HE01) · in stock: 9" in form
        page = await act(anna, claim.id, "request_parts", part_id=str(element.id), quantity="2")
        assert "Heating element (KT1-HE01)" in page and "690.00 × 2" in page
        [request] = await part_requests(sessions, claim.id)
        for state in ("ordered", "received", "fitted"):
            answer = await part_step(anna, claim.id, request.id, state)
            assert "error" not in answer.headers["location"]
        await act(anna, claim.id, "parts_arrived")
        page = await act(anna, claim.id, "mark_ready", labour_hours="1")
    [fitted] = await part_requests(sessions, claim.id)
    assert fitted.state is PartState.FITTED and fitted.unit_cost == element.cost
    assert (await catalog_part(sessions, KETTLE_ELEMENT)).stock == 7
    assert 'id="cost-parts">1380.00 RUB' in page
    assert "2.50 h × 1500.00 = 3750.00 RUB" in page
    assert 'id="cost-total">5130.00 RUB' in page  # 1,380 parts + 2.5 h × 1,500
    assert "Part fitted" in page and "Failed component" in page
    async with sessions() as session:
        actions = list(
            await session.scalars(select(ClaimEvent.action).where(ClaimEvent.claim_id == claim.id))
        )
    assert [a for a in actions if a.startswith("part_")] == [
        "part_ordered",
        "part_received",
        "part_fitted",
    ]


async def test_costs_are_summed_per_model_and_defect_in_statistics_and_the_api(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    element = await catalog_part(sessions, KETTLE_ELEMENT)
    await make_staff(sessions, "anna")
    await make_staff(sessions, "mira", Role.MANAGER)
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        await repair_to_parts(anna, claim.id, element.id, hours="2")
        await act(anna, claim.id, "request_parts", part_id=str(element.id), quantity="1")
        [request] = await part_requests(sessions, claim.id)
        for state in ("received", "fitted"):  # on the shelf: no order needed
            await part_step(anna, claim.id, request.id, state)
    key = await make_key(sessions, ApiScope.MANAGER)
    async with client_for(app, "127.0.0.3") as mira:
        await sign_in(mira, "mira", "mira-password-1")
        page = await mira.get("/staff/stats?days=30")
        by_model = await mira.get("/staff/stats/export/costs_models.csv?days=30")
        by_defect = await mira.get(
            "/staff/stats/export/costs_defects.csv?days=30", headers={"Accept-Language": "ru"}
        )
        api = await mira.get("/api/v1/stats?days=30", headers={"X-API-Key": key})
    assert "Repair costs per model" in page.text and "3,690.00" in page.text
    model_rows = list(csv.reader(io.StringIO(by_model.content.decode("utf-8-sig"))))
    assert model_rows[0][-1] == "Repair cost (RUB)"
    assert model_rows[1] == ["KT-1", "1", "690.0", "2.0", "3000.0", "3690.0"]
    defect_rows = list(csv.reader(io.StringIO(by_defect.content.decode("utf-8"))))
    assert defect_rows[0][0] == "\ufeff" + gettext_for("ru", "Defect category")
    assert defect_rows[1][0] == gettext_for("ru", "Leaks") and defect_rows[1][-1] == "3690.0"
    costs = api.json()["costs"]
    assert costs["currency"] == "RUB" and costs["labour_rate_per_hour"] == 1500.0
    assert costs["by_model"] == [
        {
            "model_code": "KT-1",
            "claims": 1,
            "parts": 690.0,
            "labour_hours": 2.0,
            "labour": 3000.0,
            "total": 3690.0,
        }
    ]
    assert costs["by_defect_category"][0]["category"] == "leak"
    assert costs["by_defect_category"][0]["total"] == 3690.0


async def test_an_out_of_stock_part_is_ordered_and_fitting_never_takes_stock_below_zero(
    console,
) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="WM700-0001")
    bearing = await catalog_part(sessions, "WM700-BR04")  # none on the shelf
    pump = await catalog_part(sessions, "WM700-DP01")
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        await repair_to_parts(anna, claim.id, pump.id)
        form = (await anna.get(f"/staff/claims/{claim.id}")).text
        assert "Drum bearing kit (WM700-BR04) · in stock: 0" in form
        await act(anna, claim.id, "request_parts", part_id=str(bearing.id), quantity="1")
        [request] = await part_requests(sessions, claim.id)
        for state in ("ordered", "received", "fitted"):
            await part_step(anna, claim.id, request.id, state)
        again = await part_step(anna, claim.id, request.id, "fitted")
        shown = await anna.get(again.headers["location"])
    assert again.headers["location"].endswith("error=part_step_not_allowed")
    assert "This part request can't move to that state now." in shown.text
    assert (await catalog_part(sessions, "WM700-BR04")).stock == 0


async def test_a_part_step_from_a_page_someone_changed_meanwhile_is_refused(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    element = await catalog_part(sessions, KETTLE_ELEMENT)
    await make_staff(sessions, "anna")
    await make_staff(sessions, "boris")
    async with client_for(app) as anna, client_for(app, "127.0.0.2") as boris:
        await sign_in(anna, "anna", "anna-password-1")
        await sign_in(boris, "boris", "boris-password-1")
        await repair_to_parts(anna, claim.id, element.id)
        await act(anna, claim.id, "request_parts", part_id=str(element.id), quantity="1")
        [request] = await part_requests(sessions, claim.id)
        seen = page_version((await boris.get(f"/staff/claims/{claim.id}")).text)
        await part_step(anna, claim.id, request.id, "ordered")
        refused = await part_step(boris, claim.id, request.id, "cancelled", version=seen)
        shown = await boris.get(refused.headers["location"], headers={"Accept-Language": "ru"})
    assert refused.headers["location"].endswith("error=stale_claim")
    assert gettext_for("ru", STALE) in shown.text and gettext_for("ru", STALE) != STALE
    [stored] = await part_requests(sessions, claim.id)
    assert stored.state is PartState.ORDERED


async def test_another_part_named_in_words_a_part_of_another_model_and_a_finished_claim(
    console,
) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    element = await catalog_part(sessions, KETTLE_ELEMENT)
    foreign = await catalog_part(sessions, "WM700-DP01")
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        await repair_to_parts(anna, claim.id, element.id)
        page = await anna.get(f"/staff/claims/{claim.id}")
        refused = await anna.post(
            f"/staff/claims/{claim.id}/action",
            data={
                "csrf": page_csrf(page.text),
                "version": page_version(page.text),
                "action": "request_parts",
                "part_id": str(foreign.id),
                "quantity": "1",
            },
        )
        assert refused.headers["location"].endswith("error=unknown_part")
        page = await act(anna, claim.id, "request_parts", part="Lid hinge", quantity="1")
        assert "Lid hinge" in page
        [request] = await part_requests(sessions, claim.id)
        assert request.part_id is None and request.other_part == "Lid hinge"
        await act(anna, claim.id, "cancel", reason_code="customer_withdrew")
        ordered = await part_step(anna, claim.id, request.id, "ordered")
        cancelled = await part_step(anna, claim.id, request.id, "cancelled")
    assert ordered.headers["location"].endswith("error=part_step_not_allowed")
    assert "error" not in cancelled.headers["location"]
    [stored] = await part_requests(sessions, claim.id)
    assert stored.state is PartState.CANCELLED


async def test_labour_is_priced_at_the_configured_rate_and_currency(
    staff_db, database_url: str, tmp_path
) -> None:
    settings = Settings(
        database_url=database_url,
        media_dir=tmp_path / "media",
        secret_key="console-tests-secret-key",
        labour_rate_per_hour=Decimal("2000"),
        currency="eur",
    )
    app = create_app(settings, clock=suite_clock())
    claim = await make_claim(staff_db)
    element = await catalog_part(staff_db, KETTLE_ELEMENT)
    await make_staff(staff_db, "anna")
    async with app.router.lifespan_context(app), client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        await repair_to_parts(anna, claim.id, element.id, hours="0.75")
        page = (await anna.get(f"/staff/claims/{claim.id}")).text
    assert "0.75 h × 2000.00 = 1500.00 EUR" in page
    assert 'id="cost-total">1500.00 EUR' in page
