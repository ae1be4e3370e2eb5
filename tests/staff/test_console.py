"""The staff console over HTTP: sign-in, roles on every route, CSRF, queue, claim actions."""

from __future__ import annotations

import re

from sqlalchemy import select

from backend.claims.models import Claim, ClaimStatus
from backend.clock import ManualClock
from backend.staff.models import Role
from backend.web.console import auth, claims, escalations, queue
from backend.web.state import app_state
from tests.support.clock import NOW, days
from tests.support.console import client_for, make_claim, make_staff, page_csrf, sign_in

ROLES = ("anonymous", "agent", "manager", "admin")


async def test_every_console_route_checks_the_role(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    for role in (Role.AGENT, Role.MANAGER, Role.ADMIN):
        await make_staff(sessions, f"role-{role.value}", role)
    routes = {
        ("GET", "/staff"): "agent",
        ("GET", f"/staff/claims/{claim.id}"): "agent",
        ("GET", f"/staff/claims/{claim.id}/act"): "agent",
        ("GET", f"/staff/claims/{claim.id}/waybill"): "agent",
        ("GET", "/staff/escalations"): "agent",
        ("GET", "/staff/escalations/999"): "agent",
        ("GET", "/staff/attachments/999"): "agent",
        ("GET", "/staff/attachments/999/preview"): "agent",
        ("POST", "/staff/take-next"): "agent",
        ("POST", f"/staff/claims/{claim.id}/action"): "agent",
        ("POST", "/staff/escalations/999/reply"): "agent",
        ("POST", "/staff/escalations/999/close"): "agent",
        ("POST", "/staff/escalations/999/note"): "agent",
        ("POST", "/staff/escalations/999/assign"): "agent",
        ("POST", "/staff/filters"): "agent",
        ("POST", "/staff/filters/999/delete"): "agent",
    }
    declared = {
        (m, "/staff" + r.path)
        for module in (auth, queue, claims, escalations)
        for r in module.router.routes
        for m in getattr(r, "methods", ())
        if m in ("GET", "POST")
    }
    public = {("GET", "/staff/login"), ("POST", "/staff/login"), ("POST", "/staff/logout")}
    for method, pattern in declared - public:
        regex = re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", pattern.rstrip("/")) + "$")
        assert any(m == method and regex.match(p) for m, p in routes), (method, pattern)
    for role in ROLES:
        async with client_for(app) as client:
            if role != "anonymous":
                await sign_in(client, f"role-{role}", f"role-{role}-password-1")
            for method, path in routes:
                response = await client.request(method, path, data={"action": "accept"})
                if role == "anonymous":
                    assert response.status_code in (303, 401), (role, path)
                    if method == "GET":
                        assert response.headers["location"].startswith("/staff/login")
                else:
                    assert response.status_code in (200, 303, 404), (
                        role,
                        path,
                        response.status_code,
                    )


async def test_sign_in_lockout_and_sign_out(console) -> None:
    app, sessions = console
    await make_staff(sessions, "dora")
    # Time stands still, so the wait after three failures is not over by the next try.
    app_state(app).runtime.clock = ManualClock(NOW)
    async with client_for(app) as client:
        for _ in range(3):
            assert (await sign_in(client, "dora", "wrong")).status_code == 401
        waiting = await sign_in(client, "dora", "dora-password-1")
        assert waiting.status_code == 429 and "wait a minute" in waiting.text
    async with client_for(app) as client:
        bad = await client.post("/staff/login", data={"login": "x", "password": "y", "csrf": "z"})
        assert bad.status_code == 401
    await make_staff(sessions, "emil")
    async with client_for(app, "192.0.2.99") as client:
        ok = await sign_in(client, "emil", "emil-password-1")
        assert ok.status_code == 303 and "wi_staff" in ok.headers["set-cookie"]
        assert "httponly" in ok.headers["set-cookie"].lower()
        assert "samesite=lax" in ok.headers["set-cookie"].lower()
        queue = await client.get("/staff")
        assert queue.status_code == 200
        await client.post("/staff/logout", data={"csrf": page_csrf(queue.text)})
        assert (await client.get("/staff")).status_code == 303


async def test_take_next_and_actions_need_the_csrf_token(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, remedy="repair")
    await make_staff(sessions, "fred")
    async with client_for(app) as client:
        await sign_in(client, "fred", "fred-password-1")
        forged = await client.post("/staff/take-next", data={"csrf": "forged"})
        assert forged.headers["location"] == "/staff?msg=expired"
        async with sessions() as session:
            assert (await session.get(Claim, claim.id)).status is ClaimStatus.NEW
        queue = await client.get("/staff")
        assert claim.number in queue.text
        taken = await client.post("/staff/take-next", data={"csrf": page_csrf(queue.text)})
        assert taken.headers["location"] == f"/staff/claims/{claim.id}"
        page = await client.get(taken.headers["location"])
        assert "Leaks from the bottom" in page.text and "art. 20 p.1" in page.text
        token = page_csrf(page.text)
        refused = await client.post(
            f"/staff/claims/{claim.id}/action", data={"csrf": token, "action": "close"}
        )
        assert refused.headers["location"].endswith("error=not_allowed")
        for action in ("start_diagnosis",):
            await client.post(
                f"/staff/claims/{claim.id}/action", data={"csrf": token, "action": action}
            )
        await client.post(
            f"/staff/claims/{claim.id}/action",
            data={"csrf": token, "action": "decide", "decision": "repair"},
        )
        page = await client.get(f"/staff/claims/{claim.id}")
        assert "In repair" in page.text and "fred" in page.text
    async with sessions() as session:
        stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
    assert stored is not None and stored.status is ClaimStatus.IN_REPAIR
    assert stored.decision == "repair" and stored.assignee_id is not None


async def test_customer_text_is_escaped_in_the_console(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    async with sessions() as session:
        stored = await session.get(Claim, claim.id)
        stored.description = "<script>alert(1)</script>"
        await session.commit()
    await make_staff(sessions, "gina")
    async with client_for(app) as client:
        await sign_in(client, "gina", "gina-password-1")
        page = await client.get(f"/staff/claims/{claim.id}")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_acceptance_act_and_waybill_print_the_claim(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="WM700-0001", remedy="replace")
    await make_staff(sessions, "hana")
    async with client_for(app) as client:
        await sign_in(client, "hana", "hana-password-1")
        act = await client.get(f"/staff/claims/{claim.id}/act?language=ru")
        waybill = await client.get(f"/staff/claims/{claim.id}/waybill")
        missing = await client.get(f"/staff/claims/{claim.id}/invoice")
    assert act.status_code == 200 and claim.number in act.text and "WM700-0001" in act.text
    assert "Акт приёма" in act.text and "4 декабря 2026" in act.text
    assert waybill.status_code == 200 and "Transport waybill" in waybill.text
    assert missing.status_code == 404


async def test_documents_as_pdf(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="WM700-0001", remedy="replace", locale="ko")
    await make_staff(sessions, "ivan")
    async with client_for(app) as client:
        await sign_in(client, "ivan", "ivan-password-1")
        for kind in ("act", "waybill"):
            pdf = await client.get(f"/staff/claims/{claim.id}/{kind}.pdf?lang=ko")
            assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
            assert pdf.content.startswith(b"%PDF")


async def test_claim_page_shows_the_price_the_penalty_with_days_and_citations(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="WM700-0002", remedy="repair")
    async with sessions() as session:
        stored = await session.get(Claim, claim.id)
        assert stored is not None
        stored.statutory_due_on = days(-7)  # missed a week ago
        stored.purchase_proof = "bank_statement"
        stored.decision, stored.status = "repair", ClaimStatus.IN_REPAIR
        await session.commit()
    await make_staff(sessions, "olga")
    async with client_for(app) as client:
        await sign_in(client, "olga", "olga-password-1")
        page = await client.get(f"/staff/claims/{claim.id}")
        act = await client.get(f"/staff/claims/{claim.id}/act?language=ru")
    assert page.status_code == 200
    assert "Price paid: RUB\xa043,990.00" in page.text  # the unit's own price, not the list price
    assert "Penalty for delay: RUB\xa0439.90 a day; 7 days late, RUB\xa03,079.30 owed" in page.text
    assert "(Law 2300-1 art. 20 p.1)" in page.text and "(ru.repair)" not in page.text
    assert "Purchase proven by: bank or card statement" in page.text
    # technically complex goods: the missed repair deadline opens refund and replacement
    assert "Refund — by" in page.text and "Replacement — by" in page.text
    assert "A missing receipt is no bar to the claim" in page.text
    assert "п. 1 ст. 20 Закона РФ «О защите прав потребителей»" in act.text
    assert "ru.repair" not in act.text
    assert "Покупка подтверждена" in act.text and "банковской выпиской" in act.text
