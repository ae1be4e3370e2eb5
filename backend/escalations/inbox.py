"""The escalation inbox: each thread with its last message, waiting time and unread count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Claim
from backend.customers.models import Customer
from backend.escalations.models import (
    Escalation,
    EscalationMessage,
    EscalationRead,
    EscalationStatus,
)
from backend.staff.models import StaffUser

INBOX_SIZE = 100
PREVIEW = 120
SPOKEN = ("customer", "staff")  # messages that are part of the conversation itself


@dataclass(frozen=True)
class InboxRow:
    """One thread as the inbox lists it."""

    escalation: Escalation
    customer: Customer
    preview: str
    preview_author: str
    waiting_since: datetime | None  # the customer's oldest message not answered yet
    unread: int
    claim_id: int | None
    claim_number: str | None
    assignee: str


async def _last_messages(session: AsyncSession, ids: list[int]) -> dict[int, EscalationMessage]:
    latest = (
        select(func.max(EscalationMessage.id))
        .where(EscalationMessage.escalation_id.in_(ids), EscalationMessage.author.in_(SPOKEN))
        .group_by(EscalationMessage.escalation_id)
    )
    rows = await session.scalars(select(EscalationMessage).where(EscalationMessage.id.in_(latest)))
    return {m.escalation_id: m for m in rows}


async def _waiting_since(session: AsyncSession, ids: list[int]) -> dict[int, datetime]:
    answered = (
        select(
            EscalationMessage.escalation_id.label("escalation_id"),
            func.max(EscalationMessage.id).label("last_staff"),
        )
        .where(EscalationMessage.escalation_id.in_(ids), EscalationMessage.author == "staff")
        .group_by(EscalationMessage.escalation_id)
        .subquery()
    )
    rows = await session.execute(
        select(EscalationMessage.escalation_id, func.min(EscalationMessage.created_at))
        .outerjoin(answered, answered.c.escalation_id == EscalationMessage.escalation_id)
        .where(
            EscalationMessage.escalation_id.in_(ids),
            EscalationMessage.author == "customer",
            EscalationMessage.id > func.coalesce(answered.c.last_staff, 0),
        )
        .group_by(EscalationMessage.escalation_id)
    )
    return {escalation_id: since for escalation_id, since in rows.all()}


async def unread_counts(session: AsyncSession, staff_id: int, ids: list[int]) -> dict[int, int]:
    """Customer messages the staff member has not seen, per thread."""
    read = and_(
        EscalationRead.escalation_id == EscalationMessage.escalation_id,
        EscalationRead.staff_id == staff_id,
    )
    rows = await session.execute(
        select(EscalationMessage.escalation_id, func.count())
        .outerjoin(EscalationRead, read)
        .where(
            EscalationMessage.escalation_id.in_(ids),
            EscalationMessage.author == "customer",
            EscalationMessage.id > func.coalesce(EscalationRead.last_message_id, 0),
        )
        .group_by(EscalationMessage.escalation_id)
    )
    return {escalation_id: int(count) for escalation_id, count in rows.all()}


async def _claims(session: AsyncSession, escalations: list[Escalation]) -> dict[int, Claim]:
    """The escalation's claim, or else the customer's newest one, by escalation id."""
    customers = {e.customer_id for e in escalations if e.claim_id is None}
    newest = (
        select(func.max(Claim.id))
        .where(Claim.customer_id.in_(customers))
        .group_by(Claim.customer_id)
    )
    wanted = {e.claim_id for e in escalations if e.claim_id is not None}
    claims = list(
        await session.scalars(select(Claim).where(Claim.id.in_(wanted) | Claim.id.in_(newest)))
    )
    by_id = {c.id: c for c in claims}
    by_customer = {c.customer_id: c for c in sorted(claims, key=lambda c: c.id)}
    found: dict[int, Claim] = {}
    for e in escalations:
        claim = by_id.get(e.claim_id or 0) or by_customer.get(e.customer_id)
        if claim is not None:
            found[e.id] = claim
    return found


async def inbox(
    session: AsyncSession, staff_id: int, status: EscalationStatus = EscalationStatus.OPEN
) -> list[InboxRow]:
    """The threads of one status; open ones waiting longest first, then the newest."""
    pairs = list(
        (
            await session.execute(
                select(Escalation, Customer)
                .join(Customer, Customer.id == Escalation.customer_id)
                .where(Escalation.status == status)
                .order_by(Escalation.id.desc())
                .limit(INBOX_SIZE)
            )
        ).all()
    )
    ids = [e.id for e, _ in pairs]
    if not ids:
        return []
    last = await _last_messages(session, ids)
    waiting = await _waiting_since(session, ids) if status is EscalationStatus.OPEN else {}
    unread = await unread_counts(session, staff_id, ids)
    claims = await _claims(session, [e for e, _ in pairs])
    staff = {s.id: s.display_name or s.login for s in await session.scalars(select(StaffUser))}
    rows = [
        InboxRow(
            escalation=e,
            customer=c,
            preview=(last[e.id].text[:PREVIEW] if e.id in last else ""),
            preview_author=(last[e.id].author if e.id in last else ""),
            waiting_since=waiting.get(e.id),
            unread=unread.get(e.id, 0),
            claim_id=claims[e.id].id if e.id in claims else None,
            claim_number=claims[e.id].number if e.id in claims else None,
            assignee=staff.get(e.assignee_id or 0, ""),
        )
        for e, c in pairs
    ]
    rows.sort(
        key=lambda r: (
            r.waiting_since is None,
            r.waiting_since.timestamp() if r.waiting_since else -r.escalation.id,
        )
    )
    return rows
