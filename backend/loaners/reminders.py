"""Reminders for loaners kept past their return date once the work on the claim is finished.

The housekeeping round (backend/web/housekeeping.py) runs `remind_overdue_loaners` every few
hours with the process clock. Each loan is reminded at most once per day: the day is claimed
with one conditional UPDATE before the message is queued, so two rounds (or two processes) on
the same day send one reminder.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ActorKind, Claim, ClaimEvent, ClaimStatus
from backend.loaners.models import Loan, LoanerUnit, LoanStatus
from backend.loaners.notices import notify_overdue

FINISHED = (ClaimStatus.READY, ClaimStatus.CLOSED)


async def remind_overdue_loaners(session: AsyncSession, now: datetime) -> int:
    """Queue one reminder per overdue loan not yet reminded today; how many (no commit)."""
    today = now.date()
    not_today = or_(Loan.reminded_on.is_(None), Loan.reminded_on < today)
    overdue = (
        select(Loan.id, Loan.due_back_on, Claim, LoanerUnit)
        .join(Claim, Claim.id == Loan.claim_id)
        .join(LoanerUnit, LoanerUnit.id == Loan.unit_id)
        .where(
            Loan.status == LoanStatus.ISSUED,
            Loan.due_back_on < today,
            Claim.status.in_(FINISHED),
            not_today,
        )
        .order_by(Loan.id)
    )
    sent = 0
    for loan_id, due_back, claim, unit in (await session.execute(overdue)).all():
        claimed = await session.execute(
            update(Loan)
            .where(Loan.id == loan_id, not_today)
            .values(reminded_on=today, reminders=Loan.reminders + 1)
            .execution_options(synchronize_session=False)
        )
        if not getattr(claimed, "rowcount", 0) or due_back is None:
            continue
        outbox_ids = await notify_overdue(session, claim, unit, due_back, now)
        session.add(
            ClaimEvent(
                claim_id=claim.id,
                at=now,
                actor_kind=ActorKind.SYSTEM,
                action="loaner_reminded",
                details={"due_back": due_back.isoformat(), "outbox_ids": outbox_ids},
            )
        )
        sent += 1
    await session.flush()
    return sent
