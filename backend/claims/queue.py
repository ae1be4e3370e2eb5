"""The staff queue: listing with filters and "take next", atomic across processes.

"Take next" gives the most urgent unassigned new claim (priority, then the nearest statutory due
date, then the oldest) to one person. PostgreSQL picks it with `FOR UPDATE SKIP LOCKED`, so
twenty people pressing at once get twenty different claims; SQLite does it in one atomic
`UPDATE ... WHERE id = (SELECT ...) RETURNING`, which its single writer serialises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ACTIONABLE_SQL, ActorKind, Claim, ClaimEvent, ClaimStatus
from backend.claims.notify import notify_status
from backend.staff.models import StaffUser

DUE_SOON_DAYS = 3
QUEUE_ORDER = (Claim.priority.desc(), Claim.statutory_due_on, Claim.created_at, Claim.id)


@dataclass(frozen=True)
class QueueFilter:
    """What the queue page filters by; empty fields don't filter."""

    status: str = ""
    product_id: int | None = None
    channel: str = ""
    assignee_id: int | None = None
    unassigned: bool = False
    overdue: bool = False
    actionable: bool = False  # only claims somebody still has to act on, nearest deadline first
    ids: tuple[int, ...] | None = None  # a search's hits


def deadline_badge(due_on: date, today: date, status: ClaimStatus) -> str:
    """`on_time`, `due_soon` or `overdue` against the statutory due date (open claims only)."""
    if status in (
        ClaimStatus.CLOSED,
        ClaimStatus.CANCELLED,
        ClaimStatus.READY,
        ClaimStatus.REJECTED,
    ):
        return "done"
    if due_on < today:
        return "overdue"
    return "due_soon" if due_on <= today + timedelta(days=DUE_SOON_DAYS) else "on_time"


def _conditions(query: QueueFilter, today: date) -> list[ColumnElement[bool] | TextClause]:
    conditions: list[ColumnElement[bool] | TextClause] = []
    if query.ids is not None:
        conditions.append(Claim.id.in_(query.ids))
    if query.actionable and not query.status:
        # Literal, not bound parameters: only then may the planners use the partial index.
        conditions.append(text(ACTIONABLE_SQL))
    if query.status:
        conditions.append(Claim.status == ClaimStatus(query.status))
    if query.product_id:
        conditions.append(Claim.product_id == query.product_id)
    if query.channel:
        conditions.append(Claim.channel == query.channel)
    if query.assignee_id:
        conditions.append(Claim.assignee_id == query.assignee_id)
    if query.unassigned:
        conditions.append(Claim.assignee_id.is_(None))
    if query.overdue:
        conditions.append(Claim.statutory_due_on < today)
        conditions.append(
            Claim.status.not_in(
                [ClaimStatus.CLOSED, ClaimStatus.CANCELLED, ClaimStatus.READY, ClaimStatus.REJECTED]
            )
        )
    return conditions


def queue_query(
    query: QueueFilter, today: date, limit: int = 100, offset: int = 0
) -> Select[Claim]:
    """The filtered queue: a search newest first, actionable claims by deadline (overdue first,
    over the partial index `ix_claim_open_due`), otherwise most urgent first."""
    if query.ids is not None:
        order: tuple[Any, ...] = (Claim.id.desc(),)
    elif query.actionable and not query.status:
        order = (Claim.statutory_due_on, Claim.id)
    else:
        order = QUEUE_ORDER
    return (
        select(Claim).where(*_conditions(query, today)).order_by(*order).limit(limit).offset(offset)
    )


async def queue_count(session: AsyncSession, query: QueueFilter, today: date) -> int:
    """How many claims the filter matches."""
    statement = select(func.count()).select_from(Claim).where(*_conditions(query, today))
    return int(await session.scalar(statement) or 0)


def _takeable() -> list[ColumnElement[bool]]:
    return [Claim.status == ClaimStatus.NEW, Claim.assignee_id.is_(None)]


async def _pick_postgres(session: AsyncSession) -> int | None:
    picked = await session.scalar(
        select(Claim.id)
        .where(*_takeable())
        .order_by(*QUEUE_ORDER)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return picked


async def _pick_sqlite(session: AsyncSession, staff_id: int) -> int | None:
    oldest = select(Claim.id).where(*_takeable()).order_by(*QUEUE_ORDER).limit(1).scalar_subquery()
    return await session.scalar(
        update(Claim)
        .where(Claim.id == oldest, *_takeable())
        .values(assignee_id=staff_id)
        .returning(Claim.id)
    )


async def take_next(session: AsyncSession, staff: StaffUser, now: datetime) -> Claim | None:
    """Assign the most urgent new claim to `staff` at `now` and accept it; commit; None when
    none is left."""
    if session.get_bind().dialect.name == "postgresql":
        claim_id = await _pick_postgres(session)
    else:
        claim_id = await _pick_sqlite(session, staff.id)
    if claim_id is None:
        await session.rollback()
        return None
    claim = await session.get(Claim, claim_id, populate_existing=True)
    assert claim is not None
    claim.assignee_id, claim.status = staff.id, ClaimStatus.ACCEPTED
    claim.first_action_at, claim.updated_at = claim.first_action_at or now, now
    session.add(
        ClaimEvent(
            claim_id=claim.id,
            at=now,
            actor_kind=ActorKind.STAFF,
            actor_id=staff.id,
            actor_name=staff.display_name or staff.login,
            action="taken",
            from_status=ClaimStatus.NEW.value,
            to_status=ClaimStatus.ACCEPTED.value,
            details={},
        )
    )
    await notify_status(session, claim, now)
    await session.commit()
    return claim
