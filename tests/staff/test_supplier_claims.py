"""A claim to a supplier built from diagnosed failures, its states, and its CSV and PDF."""

from __future__ import annotations

import csv
import io
import re

import pypdf
from sqlalchemy import select

from backend.i18n import gettext_for
from backend.parts.models import Supplier, SupplierClaim, SupplierClaimState
from tests.support.clock import TODAY, days
from tests.support.console import client_for, make_claim, make_staff, page_csrf, sign_in
from tests.support.parts import act, catalog_part, part_requests, part_step, repair_to_parts

ELEMENT = "KT1-HE01"  # the kettle's heating element, from Volt Electronics
CODES = ("leak", "manufacturing_defect", "misuse", "draft", "sent", "heating_element", "None")


def pdf_text(content: bytes) -> str:
    """The text of a PDF (the CJK font's glyphs come out with NUL bytes between them)."""
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\x00", "")


async def _diagnosed_and_repaired(client, sessions, claim_id: int, part_id: int) -> None:
    await repair_to_parts(client, claim_id, part_id, hours="1")
    await act(client, claim_id, "request_parts", part_id=str(part_id), quantity="1")
    [request] = await part_requests(sessions, claim_id)
    for state in ("received", "fitted"):
        await part_step(client, claim_id, request.id, state)


async def _volt(sessions) -> int:
    async with sessions() as session:
        found = await session.scalar(select(Supplier.id).where(Supplier.name == "Volt Electronics"))
        assert found is not None
        return found


async def test_a_supplier_claim_from_two_diagnosed_claims_exported_in_three_languages(
    console,
) -> None:
    app, sessions = console
    first = await make_claim(sessions, serial="KT1-0001")
    second = await make_claim(sessions, serial="KT1-FRESH")
    misused = await make_claim(sessions, serial="KT1-0002", remedy="paid_repair")
    element = await catalog_part(sessions, ELEMENT)
    supplier_id = await _volt(sessions)
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        for claim in (first, second):
            await _diagnosed_and_repaired(anna, sessions, claim.id, element.id)
        await act(anna, misused.id, "accept")
        await act(anna, misused.id, "start_diagnosis")
        await act(
            anna,
            misused.id,
            "record_diagnosis",
            diagnosis="misuse",
            failed_part_id=str(element.id),
        )
        listing = await anna.get("/staff/supplier-claims")
        assert "Volt Electronics — Heating element" in listing.text
        built = await anna.post(
            "/staff/supplier-claims",
            data={
                "csrf": page_csrf(listing.text),
                "choice": f"{supplier_id}|Heating element",
                "date_from": days(-7).isoformat(),
                "date_to": TODAY.isoformat(),
            },
        )
        page = await anna.get(built.headers["location"])
        exports = {
            lang: (
                await anna.get(f"{built.headers['location']}/export.csv?lang={lang}"),
                await anna.get(f"{built.headers['location']}/export.pdf?lang={lang}"),
            )
            for lang in ("en", "ru", "ko")
        }
    number = f"SC-{TODAY.year}-0001"
    assert number in page.text and "Draft" in page.text
    assert first.number in page.text and second.number in page.text
    assert misused.number not in page.text  # misuse is not the supplier's
    # Each unit: the fitted element 690.00 and one hour at 1,500 (diagnosis).
    assert "Total claimed: 4380.00 RUB" in page.text
    for lang, (as_csv, as_pdf) in exports.items():
        assert as_csv.content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
        units = [row for row in rows if row and row[0] in (first.number, second.number)]
        assert sorted(row[1] for row in units) == ["KT1-0001", "KT1-FRESH"]
        assert all(row[4] == gettext_for(lang, "Leaks") for row in units)
        text = pdf_text(as_pdf.content)
        title = gettext_for(lang, "Claim to a supplier {number}", number=number)
        assert title in text.replace("\n", " "), (lang, text[:300])
        for expected in (first.number, second.number, "KT1-FRESH", "Volt Electronics"):
            assert expected in text, (lang, expected)
        assert gettext_for(lang, "Leaks") in text
        words = set(re.findall(r"[A-Za-z_]+", text))
        assert not words & set(CODES), (lang, words & set(CODES))
    assert gettext_for("ru", "Leaks") != "Leaks" and gettext_for("ko", "Leaks") != "Leaks"


async def test_a_supplier_claim_is_sent_then_answered_and_the_list_shows_its_state(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="KT1-0001")
    element = await catalog_part(sessions, ELEMENT)
    supplier_id = await _volt(sessions)
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        await _diagnosed_and_repaired(anna, sessions, claim.id, element.id)
        listing = await anna.get("/staff/supplier-claims")
        form = {
            "csrf": page_csrf(listing.text),
            "choice": f"{supplier_id}|Heating element",
            "date_from": TODAY.isoformat(),
            "date_to": TODAY.isoformat(),
        }
        built = await anna.post("/staff/supplier-claims", data=form)
        path = built.headers["location"]
        for state in ("sent", "accepted"):
            page = await anna.get(path)
            await anna.post(f"{path}/state", data={"csrf": page_csrf(page.text), "state": state})
        late = await anna.post(
            f"{path}/state", data={"csrf": page_csrf(page.text), "state": "rejected"}
        )
        again = await anna.post("/staff/supplier-claims", data=form)
        listing = await anna.get("/staff/supplier-claims", headers={"Accept-Language": "ko"})
    assert late.headers["location"].endswith("error=supplier_claim_step_not_allowed")
    assert again.headers["location"].endswith("error=nothing_to_claim")  # already claimed
    assert gettext_for("ko", "Accepted by the supplier") in listing.text
    async with sessions() as session:
        [stored] = list(await session.scalars(select(SupplierClaim)))
    assert stored.state is SupplierClaimState.ACCEPTED
