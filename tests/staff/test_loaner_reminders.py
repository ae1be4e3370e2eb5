"""Overdue loaners: one reminder a day once the work is finished, none after the return."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.claims.models import Claim, ClaimStatus
from backend.clock import ManualClock
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.loaners.models import Loan, LoanerUnit
from backend.loaners.reminders import remind_overdue_loaners
from backend.loaners.service import Issue, issue_loaner, return_loaner
from backend.notifications.models import OutboxMessage
from backend.staff.models import StaffUser
from tests.support.clock import NOW, days
from tests.support.console import make_staff
from tests.support.loaners import claim_loan, claim_with_loaner_request


async def _issued(staff_db: SessionFactory) -> tuple[Claim, StaffUser]:
    claim = await claim_with_loaner_request(staff_db, "web-visitor", Channel.WEB, "ru")
    agent = await make_staff(staff_db, "vera")
    loan = await claim_loan(staff_db, claim.id)
    async with staff_db() as session:
        loan = await session.get(Loan, loan.id)
        unit = await session.scalar(select(LoanerUnit).where(LoanerUnit.serial == "LN-WM-02"))
        assert loan is not None and unit is not None
        await issue_loaner(
            session, loan, Issue(loan.version, unit.id, unit.version, days(5)), agent, NOW
        )
        await session.commit()
    return claim, agent


async def _round(staff_db: SessionFactory, clock: ManualClock) -> list[OutboxMessage]:
    async with staff_db() as session:
        await remind_overdue_loaners(session, clock.now())
        await session.commit()
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "loaner_reminder")
        )
        return list(rows)


async def _set_status(staff_db: SessionFactory, claim_id: int, status: ClaimStatus) -> None:
    async with staff_db() as session:
        claim = await session.get(Claim, claim_id)
        assert claim is not None
        claim.status = status
        await session.commit()


async def test_one_reminder_a_day_after_the_repair_until_the_return(
    staff_db: SessionFactory,
) -> None:
    claim, agent = await _issued(staff_db)
    clock = ManualClock(NOW + timedelta(days=6))  # a day past the return date
    assert await _round(staff_db, clock) == []  # still in repair: the loaner is still needed
    await _set_status(staff_db, claim.id, ClaimStatus.READY)
    clock.set(NOW + timedelta(days=5, hours=11))  # 23:00 on the return day: not overdue yet
    assert await _round(staff_db, clock) == []
    clock.set(NOW + timedelta(days=5, hours=20))  # 08:00 the next morning
    first = await _round(staff_db, clock)
    clock.advance(timedelta(hours=10))
    assert len(await _round(staff_db, clock)) == 1  # never twice the same day
    (reminder,) = first
    assert reminder.channel is Channel.WEB and reminder.claim_id == claim.id
    assert claim.number in reminder.text and "LN-WM-02" in reminder.text
    assert "подменный" in reminder.text  # the customer's language
    await _set_status(staff_db, claim.id, ClaimStatus.CLOSED)
    clock.advance(timedelta(days=1))
    assert len(await _round(staff_db, clock)) == 2  # the next day, once more
    async with staff_db() as session:
        loan = await session.scalar(select(Loan).where(Loan.claim_id == claim.id))
        assert loan is not None and loan.reminders == 2
        await return_loaner(session, loan, loan.version, "", False, agent, clock.now())
        await session.commit()
    clock.advance(timedelta(days=1))
    assert len(await _round(staff_db, clock)) == 2  # returned: no more reminders
