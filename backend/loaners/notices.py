"""What the customer reads about their loaner, in their language and channel (via the outbox)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Claim
from backend.customers.models import Channel, Customer
from backend.i18n import N_, gettext_for
from backend.loaners.models import LoanerUnit
from backend.notifications.service import enqueue
from backend.warranty.explain import local_date

ISSUED = N_(
    "Claim {number}: a loaner unit has been issued to you — {model}, serial number {serial}. "
    "It is free of charge. Please return it by {date}, when you get your item back."
)
REMINDER = N_(
    "Claim {number}: the work on your item is finished, and the loaner unit {model} "
    "(serial number {serial}) was due back on {date}. Please return it to us. Thank you!"
)


async def _send(
    session: AsyncSession,
    claim: Claim,
    unit: LoanerUnit,
    due_back: date,
    text: str,
    kind: str,
    now: datetime,
) -> list[int]:
    customer = await session.get(Customer, claim.customer_id)
    assert customer is not None
    locale = customer.locale or claim.locale
    message = gettext_for(
        locale,
        text,
        number=claim.number,
        model=unit.model,
        serial=unit.serial,
        date=local_date(due_back, locale),
    )
    return await enqueue(
        session,
        customer,
        now=now,
        kind=kind,
        text=message,
        claim_id=claim.id,
        payload={"loaner": unit.serial},
        channel=claim.channel if claim.channel in (Channel.TELEGRAM, Channel.WEB) else None,
    )


async def notify_issued(
    session: AsyncSession, claim: Claim, unit: LoanerUnit, due_back: date, now: datetime
) -> list[int]:
    """Tell the customer which unit they got and by when it comes back; the outbox ids."""
    return await _send(session, claim, unit, due_back, ISSUED, "loaner_issued", now)


async def notify_overdue(
    session: AsyncSession, claim: Claim, unit: LoanerUnit, due_back: date, now: datetime
) -> list[int]:
    """Remind the customer that the loaner is past its return date; the outbox ids."""
    return await _send(session, claim, unit, due_back, REMINDER, "loaner_reminder", now)
