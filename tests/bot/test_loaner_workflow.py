"""A loaner end to end: asked for in the Telegram chat while booking transport, issued in the
console against its 3-day deadline, signed for, reminded once when overdue, returned."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

from backend.claims.models import Claim
from backend.claims.workflow import Action, Decision, DiagnosisResult, StaffAction
from backend.claims.workflow_apply import apply_action
from backend.db.session import SessionFactory
from backend.loaners.models import LoanerState, LoanerUnit, LoanStatus
from backend.notifications.models import OutboxMessage
from backend.staff.models import Role, StaffUser
from backend.staff.service import add_staff
from backend.web.app import create_app
from backend.web.housekeeping import housekeep_once
from backend.web.state import app_state
from tests.fakes.telegram_server import FakeTelegram
from tests.servers import running
from tests.support.clock import NOW, days, suite_clock
from tests.support.console import sign_in
from tests.support.loaners import claim_loan, issue, issue_form, loan_form, pdf_text
from tests.support.telegram import bot_settings, settle, wait_until

USER = 7301
ISSUED = "a loaner unit has been issued to you — Aqua 500 washing machine, serial number LN-WM-01"
OVERDUE = "was due back on Dec 2, 2026. Please return it to us."


def _texts(fake: FakeTelegram) -> list[str]:
    """What the customer read, documents (no text) left out."""
    return [text for text in fake.texts_to(USER) if text]


async def _say(fake: FakeTelegram, update: dict) -> None:
    before = len(fake.sent)
    fake.push_update(update)
    await settle(fake, before)


async def _press(fake: FakeTelegram, fragment: str) -> None:
    """Press the first button whose data contains `fragment` under the newest message with one."""
    for message in reversed(fake.sent):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        found = [b["callback_data"] for row in rows for b in row if fragment in b["callback_data"]]
        if message["chat_id"] == USER and found:
            await _say(fake, fake.press_button(message, found[0]))
            return
    raise AssertionError(f"no button {fragment!r}: {fake.texts_to(USER)}")


async def _claim_with_loaner(fake: FakeTelegram) -> str:
    """The customer registers a washing machine's defect and books a pickup with a loaner."""
    await _say(fake, fake.command(USER, "claim"))
    await _say(fake, fake.text_message(USER, "WM700-0001"))
    await _press(fake, "cat:leak")
    await _say(fake, fake.text_message(USER, "Water on the floor after washing"))
    await _press(fake, "media:skip")
    await _say(fake, fake.text_message(USER, "+79160000009"))
    await _press(fake, "rem:repair")
    await _press(fake, "confirm")
    number = re.search(r"WR-\d{4}-\d{6}", fake.texts_to(USER)[-1])
    assert number, fake.texts_to(USER)[-3:]
    await _press(fake, "transport")
    await _press(fake, "pickup")
    await _say(fake, fake.text_message(USER, "Moscow, Tverskaya 1, flat 5"))
    await _press(fake, "day:")
    await _press(fake, "slot:")
    assert "you may have a loaner unit free of charge" in fake.texts_to(USER)[-1]
    assert "We must provide it by Nov 30, 2026" in fake.texts_to(USER)[-1]
    await _press(fake, "loaner:yes")
    await _press(fake, "book")
    assert "Booked!" in "\n".join(_texts(fake)[-3:])
    return number.group(0)


async def _repair(sessions: SessionFactory, claim_id: int) -> None:
    """Staff accept, diagnose, decide on a repair and mark the item ready."""
    steps = [
        StaffAction(Action.ACCEPT),
        StaffAction(Action.START_DIAGNOSIS),
        StaffAction(Action.RECORD_DIAGNOSIS, diagnosis=DiagnosisResult.MANUFACTURING_DEFECT),
        StaffAction(Action.DECIDE, decision=Decision.REPAIR),
        StaffAction(Action.MARK_READY),
    ]
    for step in steps:
        async with sessions() as session:
            claim = await session.get(Claim, claim_id)
            staff = await session.scalar(select(StaffUser).where(StaffUser.login == "lena"))
            assert claim is not None and staff is not None
            await apply_action(session, claim, staff, step, NOW)
            await session.commit()


async def _reminders(sessions: SessionFactory) -> int:
    async with sessions() as session:
        query = select(func.count()).where(OutboxMessage.kind == "loaner_reminder")
        return int(await session.scalar(query) or 0)


async def test_a_loaner_from_request_to_return(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    fake = fake_telegram
    async with seeded_db() as session:
        await add_staff(session, "lena", Role.AGENT, "lena-password-1", "Lena")
        await session.commit()
    clock = suite_clock()
    settings = bot_settings(fake, tmp_path).model_copy(update={"database_url": database_url})
    app = create_app(settings, clock=clock)
    async with running(app) as base:
        number = await _claim_with_loaner(fake)
        async with seeded_db() as session:
            claim = await session.scalar(select(Claim).where(Claim.number == number))
        assert claim is not None
        loan = await claim_loan(seeded_db, claim.id)
        assert loan.status is LoanStatus.REQUESTED and loan.due_by == days(3)
        async with httpx.AsyncClient(base_url=base) as staff:
            await sign_in(staff, "lena", "lena-password-1")
            queue = (await staff.get("/staff")).text
            assert re.search(
                r"Loaner unit: <span class=\"badge due_soon\">Due soon</span> 2026-11-30", queue
            )
            page = (await staff.get(f"/staff/claims/{claim.id}")).text
            assert "Statutory deadline" in page and "provide by 2026-11-30" in page
            assert "Law 2300-1 art. 20 p.2" in page
            form = {**issue_form(page, "LN-WM-01"), "due_back_on": days(5).isoformat()}
            page = await issue(staff, claim.id, form)
            assert "With the customer" in page and "Return by 2026-12-02" in page
            await wait_until(lambda: any(ISSUED in text for text in _texts(fake)))
            signed = loan_form(page, signed_by="Ivan Petrov")
            await staff.post(f"/staff/claims/{claim.id}/loaner/sign", data=signed)
            act = await staff.get(f"/staff/loans/{loan.id}/issue-act.pdf")
            text = " ".join(pdf_text(act.content).split())
            assert "LN-WM-01" in text and "Signed on delivery by Ivan Petrov" in text
        await _repair(seeded_db, claim.id)
        clock.set(NOW + timedelta(days=6))  # the repair is done, the loaner a day overdue
        await housekeep_once(app_state(app))
        await wait_until(lambda: any(OVERDUE in text for text in _texts(fake)))
        await housekeep_once(app_state(app))  # the same day again: nothing more
        assert await _reminders(seeded_db) == 1
        async with httpx.AsyncClient(base_url=base) as staff:
            await sign_in(staff, "lena", "lena-password-1")
            page = (await staff.get(f"/staff/claims/{claim.id}")).text
            assert "Reminders sent: 1" in page and 'class="badge overdue"' in page
            back = loan_form(page, condition="Scratch on the lid")
            await staff.post(f"/staff/claims/{claim.id}/loaner/return", data=back)
            returned = (await staff.get(f"/staff/loans/{loan.id}/return-act")).text
            assert "Scratch on the lid" in returned and "Loaner unit return act" in returned
            pool = (await staff.get("/staff/loaners?state=available")).text
            assert "LN-WM-01" in pool
    async with seeded_db() as session:
        unit = await session.scalar(select(LoanerUnit).where(LoanerUnit.serial == "LN-WM-01"))
    assert unit is not None and unit.state is LoanerState.AVAILABLE
    assert sum(OVERDUE in text for text in _texts(fake)) == 1
