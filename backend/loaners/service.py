"""A claim's loaner: the request with its deadline, the issue of a unit, the signature on
delivery and the return. Each function writes the claim's timeline and does not commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ActorKind, Claim, ClaimEvent, ClaimStatus
from backend.loaners.errors import (
    ClaimFinished,
    DueBackInvalid,
    LoanerUnavailable,
    LoanNotOpen,
    SignerRequired,
)
from backend.loaners.models import Loan, LoanerState, LoanerUnit, LoanStatus
from backend.loaners.notices import notify_issued
from backend.staff.models import StaffUser

# No unit is lent once the work on the claim is over.
FINISHED = frozenset(
    {ClaimStatus.READY, ClaimStatus.CLOSED, ClaimStatus.REJECTED, ClaimStatus.CANCELLED}
)


@dataclass(frozen=True)
class LoanerRequest:
    """The customer's request: which claim, the booking it came with, the rule and deadline."""

    claim_id: int
    booking_id: int | None
    rule_id: str
    due_by: date


def staff_name(staff: StaffUser) -> str:
    """How a staff member is named on the timeline and the acts."""
    return staff.display_name or staff.login


def _event(
    claim_id: int, action: str, now: datetime, staff: StaffUser | None, **details: Any
) -> ClaimEvent:
    return ClaimEvent(
        claim_id=claim_id,
        at=now,
        actor_kind=ActorKind.STAFF if staff else ActorKind.SYSTEM,
        actor_id=staff.id if staff else None,
        actor_name=staff_name(staff) if staff else "",
        action=action,
        details=details,
    )


# The rule of a request that names none (a conversation begun before rules were stored).
DEFAULT_RULES = {"RU": "ru.loaner", "EU": "eu.loaner_policy", "KR": "kr.loaner_policy"}


async def request_loaner(session: AsyncSession, request: LoanerRequest, now: datetime) -> Loan:
    """Store the customer's request with the day the unit is owed by (no commit)."""
    rule_id = request.rule_id
    if not rule_id:
        claim = await session.get(Claim, request.claim_id)
        rule_id = DEFAULT_RULES.get(claim.jurisdiction, "") if claim else ""
    loan = Loan(
        claim_id=request.claim_id,
        booking_id=request.booking_id,
        rule_id=rule_id,
        requested_on=now.date(),
        due_by=request.due_by,
        created_at=now,
    )
    session.add(loan)
    await session.flush()
    return loan


async def claim_loans(session: AsyncSession, claim_id: int) -> list[Loan]:
    """Every loan of a claim, oldest first."""
    return list(
        await session.scalars(select(Loan).where(Loan.claim_id == claim_id).order_by(Loan.id))
    )


async def pending_deadlines(session: AsyncSession, claim_ids: list[int]) -> dict[int, date]:
    """The day a requested, not yet issued, loaner is owed by, per claim."""
    if not claim_ids:
        return {}
    rows = await session.execute(
        select(Loan.claim_id, Loan.due_by).where(
            Loan.claim_id.in_(claim_ids), Loan.status == LoanStatus.REQUESTED
        )
    )
    return {claim_id: due_by for claim_id, due_by in rows}


def _check_open(loan: Loan, status: LoanStatus, version: int) -> None:
    if loan.status is not status or loan.version != version:
        raise LoanNotOpen(f"loan {loan.id} is {loan.status.value} v{loan.version}")


@dataclass(frozen=True)
class Issue:
    """What staff chose on the claim page: the unit (as its page showed it) and the return day."""

    loan_version: int
    unit_id: int
    unit_version: int
    due_back_on: date


async def issue_loaner(
    session: AsyncSession, loan: Loan, issue: Issue, staff: StaffUser, now: datetime
) -> LoanerUnit:
    """Hand an available unit over for the loan's claim; refused when the unit or the loan
    changed since the page showed them (their versions), or the unit is not available."""
    _check_open(loan, LoanStatus.REQUESTED, issue.loan_version)
    if issue.due_back_on < now.date():
        raise DueBackInvalid()
    claim = await session.get(Claim, loan.claim_id)
    assert claim is not None
    if claim.status in FINISHED:
        raise ClaimFinished(claim.number)
    unit = await session.get(LoanerUnit, issue.unit_id, populate_existing=True)
    if (
        unit is None
        or unit.version != issue.unit_version
        or unit.state is not LoanerState.AVAILABLE
    ):
        raise LoanerUnavailable(f"unit {issue.unit_id}")
    unit.state, unit.updated_at = LoanerState.ISSUED, now
    loan.status, loan.unit_id, loan.issued_at = LoanStatus.ISSUED, unit.id, now
    loan.issued_by, loan.due_back_on = staff_name(staff), issue.due_back_on
    outbox_ids = await notify_issued(session, claim, unit, issue.due_back_on, now)
    session.add(
        _event(
            claim.id,
            "loaner_issued",
            now,
            staff,
            loaner=f"{unit.model}, {unit.serial}",
            due_back=issue.due_back_on.isoformat(),
            outbox_ids=outbox_ids,
        )
    )
    await session.flush()  # the versioned UPDATEs: a concurrent issue fails here
    return unit


async def record_signature(
    session: AsyncSession, loan: Loan, version: int, signer: str, staff: StaffUser, now: datetime
) -> None:
    """Record who signed the issue act on delivery, and when."""
    _check_open(loan, LoanStatus.ISSUED, version)
    if loan.signed_at is not None:
        raise LoanNotOpen(f"loan {loan.id} is signed")
    signer = " ".join(signer.split())[:200]
    if not signer:
        raise SignerRequired()
    loan.signed_by, loan.signed_at, loan.signature_recorded_by = signer, now, staff_name(staff)
    session.add(_event(loan.claim_id, "loaner_signed", now, staff, signed_by=signer))
    await session.flush()


async def return_loaner(
    session: AsyncSession,
    loan: Loan,
    version: int,
    condition: str,
    needs_service: bool,
    staff: StaffUser,
    now: datetime,
) -> LoanerUnit:
    """Take the unit back with its condition noted; it is available again (or in service)."""
    _check_open(loan, LoanStatus.ISSUED, version)
    unit = await session.get(LoanerUnit, loan.unit_id or 0, populate_existing=True)
    assert unit is not None
    unit.state = LoanerState.IN_SERVICE if needs_service else LoanerState.AVAILABLE
    unit.updated_at = now
    loan.status, loan.returned_at, loan.returned_to = LoanStatus.RETURNED, now, staff_name(staff)
    loan.return_condition = condition.strip()[:2000]
    session.add(
        _event(
            loan.claim_id,
            "loaner_returned",
            now,
            staff,
            loaner=f"{unit.model}, {unit.serial}",
            notes=loan.return_condition,
        )
    )
    await session.flush()
    return unit
