"""A claim page as staff see it: ranked actions, the proposed decision, reasons, no codes."""

from __future__ import annotations

import re

from sqlalchemy import select

from backend.claims.models import Claim, ClaimStatus
from backend.customers.models import Channel
from backend.notifications.models import OutboxMessage
from tests.support.console import client_for, make_claim, make_staff, page_csrf, sign_in

CODES = ("(ru.", "telegram ·", "· web", "· en<", "pickup", ">customer<", " customer\n", "· agent")


async def test_the_decision_is_proposed_from_the_request_and_the_main_action_leads(
    console,
) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="WM700-0001", remedy="replace", locale="ru")
    await make_staff(sessions, "pavel")
    async with client_for(app) as client:
        await sign_in(client, "pavel", "pavel-password-1")
        page = await client.get(f"/staff/claims/{claim.id}?lang=ru")
        token = page_csrf(page.text)
        buttons = re.findall(r'<button type="submit"[^>]*value="(\w+)"', page.text)
        assert buttons[:2] == ["accept", "request_item"]
        assert re.search(r'class="primary" name="submit" value="accept"', page.text)
        assert '<details class="confirm">' in page.text  # cancel needs a second, deliberate step
        for action in ("accept", "start_diagnosis"):
            await client.post(
                f"/staff/claims/{claim.id}/action", data={"csrf": token, "action": action}
            )
        page = await client.get(f"/staff/claims/{claim.id}?lang=ru")
        assert '<option value="replace" selected>' in page.text
        assert re.findall(r'<button type="submit"[^>]*value="(\w+)"', page.text)[0] == "decide"
        assert "Telegram · Русский" in page.text
        assert not [code for code in CODES if code in page.text]
        await client.post(
            f"/staff/claims/{claim.id}/action",
            data={"csrf": token, "action": "decide", "decision": "replace"},
        )
        page = await client.get(f"/staff/claims/{claim.id}?lang=ru")
    assert 'id="claim-status">Идёт замена<' in page.text


async def test_cancel_without_a_reason_is_refused_with_a_clear_message(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, channel=Channel.WEB, locale="ko")
    await make_staff(sessions, "rita")
    async with client_for(app) as client:
        await sign_in(client, "rita", "rita-password-1")
        token = page_csrf((await client.get(f"/staff/claims/{claim.id}")).text)
        refused = await client.post(
            f"/staff/claims/{claim.id}/action", data={"csrf": token, "action": "cancel"}
        )
        page = await client.get(refused.headers["location"])
        assert "Choose the reason the customer will read." in page.text
        done = await client.post(
            f"/staff/claims/{claim.id}/action",
            data={"csrf": token, "action": "cancel", "reason_code": "duplicate"},
        )
        assert done.headers["location"] == f"/staff/claims/{claim.id}"
        page = await client.get(f"/staff/claims/{claim.id}")
    assert "It repeats another claim of yours" in page.text  # the timeline keeps the reason
    async with sessions() as session:
        stored = await session.get(Claim, claim.id)
        message = await session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    assert stored is not None and stored.status is ClaimStatus.CANCELLED
    assert message is not None and message.channel is Channel.WEB
    assert message.text.endswith("사유: 고객님의 다른 접수와 중복돼요")
