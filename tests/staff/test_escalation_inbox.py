"""The escalation inbox and thread over HTTP: preview, waiting, unread, the bot part, notes,
assignment and the signed reply the customer receives."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sqlalchemy import select

from backend.customers.models import Channel
from backend.escalations.models import Escalation
from backend.notifications.models import OutboxMessage
from backend.staff.models import Role
from backend.staff.service import add_staff
from backend.web.state import app_state
from tests.dialogs.conftest import ChatClient
from tests.staff.conftest import client_for, page_csrf, sign_in


async def staff(sessions, login: str, name: str) -> None:
    async with sessions() as session:
        await add_staff(session, login, Role.AGENT, f"{login}-password-1", name)
        await session.commit()


def inbox_row(page: str, escalation_id: int) -> str:
    found = re.search(rf'<tr[^>]*data-escalation="{escalation_id}".*?</tr>', page, re.S)
    assert found, page
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))))


async def test_inbox_thread_note_assignment_and_signed_reply(console, tmp_path: Path) -> None:
    app, sessions = console
    await staff(sessions, "anna", "Anna")
    await staff(sessions, "boris", "Boris")
    customer = ChatClient(app_state(app).engine, "tg-501", tmp_path, channel="telegram")
    await customer.command("start")
    await customer.command("human")
    await customer.send("The drum does not turn")
    async with sessions() as session:
        escalation = await session.scalar(select(Escalation))
    assert escalation is not None
    async with client_for(app) as agent:
        await sign_in(agent, "anna", "anna-password-1")
        inbox = await agent.get("/staff/escalations")
        row = inbox_row(inbox.text, escalation.id)
        assert "Customer: The drum does not turn" in row
        assert "1 new" in row and "minute" in row  # unread, and waiting since the message

        thread = await agent.get(f"/staff/escalations/{escalation.id}")
        text = html.unescape(thread.text)
        assert "With the bot before the hand-over" in text
        assert "/start" in text and "How can I help you?" in text
        assert "The drum does not turn" in text
        assert "1 new" not in inbox_row((await agent.get("/staff/escalations")).text, escalation.id)

        csrf = page_csrf(thread.text)
        await agent.post(
            f"/staff/escalations/{escalation.id}/note",
            data={"csrf": csrf, "text": "Serial looks refurbished, check the registry"},
        )
        await agent.post(f"/staff/escalations/{escalation.id}/assign", data={"csrf": csrf})
        await agent.post(
            f"/staff/escalations/{escalation.id}/reply",
            data={"csrf": csrf, "text": "Please check that the transit bolts are removed."},
        )
        thread = html.unescape((await agent.get(f"/staff/escalations/{escalation.id}")).text)
        assert "Internal note · Anna" in thread and "check the registry" in thread
        assert re.search(r'id="assignee">\s*Anna', thread)

        await agent.post(
            f"/staff/escalations/{escalation.id}/assign",
            data={"csrf": csrf, "to": str(await staff_id(sessions, "boris"))},
        )
        thread = html.unescape((await agent.get(f"/staff/escalations/{escalation.id}")).text)
        assert re.search(r'id="assignee">\s*Boris', thread)

    async with sessions() as session:
        sent = list(
            await session.scalars(
                select(OutboxMessage.text).where(
                    OutboxMessage.channel == Channel.TELEGRAM, OutboxMessage.kind == "staff_reply"
                )
            )
        )
        everything = " ".join(await session.scalars(select(OutboxMessage.text)))
    assert sent == ["Anna, service team:\nPlease check that the transit bolts are removed."]
    assert "refurbished" not in everything  # the note never goes to the customer


async def staff_id(sessions, login: str) -> int:
    from backend.staff.models import StaffUser

    async with sessions() as session:
        found = await session.scalar(select(StaffUser.id).where(StaffUser.login == login))
    assert found is not None
    return found
