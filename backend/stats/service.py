"""The dashboard's numbers, one function per block, each aggregated in SQL (see `sql.py`).

Every block counts claims received in the period (`created_at`, UTC days), within the product,
category and channel filters. Two blocks describe the present instead: the overdue list (open
claims past their statutory due date today, whenever received) and the loaners out now.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, case, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.claims.labels import DEFECT_CATEGORIES
from backend.claims.models import Claim, ClaimStatus
from backend.claims.workflow import RESOLVED
from backend.customers.models import Channel
from backend.escalations.models import Escalation
from backend.stats import sql
from backend.stats.filters import StatsFilter, buckets, midnight
from backend.stats.schemas import (
    Dashboard,
    Durations,
    Escalations,
    Overdue,
    OverdueClaim,
    ProductRef,
    Ratings,
    Resolution,
    Scope,
    Transport,
)
from backend.transport.models import BookingKind, BookingStatus, TransportBooking
from backend.warranty import WarrantyStatus

SHARES = (0.5, 0.9)
OVERDUE_LIMIT = 20
OPEN = tuple(status for status in ClaimStatus if status not in RESOLVED)
UNLISTED = "unlisted"
T = TypeVar("T")


async def resolve_scope(session: AsyncSession, period: StatsFilter) -> Scope:
    """The filter with its product and category turned into product ids."""
    rows = await session.execute(
        select(Product.id, Product.model_code, Product.name, Product.category).order_by(
            Product.model_code
        )
    )
    products = tuple(ProductRef(*row) for row in rows.all())
    ids: tuple[int, ...] | None = None
    if period.category or period.product_id:
        ids = tuple(
            p.id
            for p in products
            if (not period.category or p.category == period.category)
            and (not period.product_id or p.id == period.product_id)
        )
    return Scope(period, ids, products)


def _where(scope: Scope) -> list[ColumnElement[bool]]:
    return sql.claim_conditions(scope.filter, scope.product_ids)


async def intake(session: AsyncSession, scope: Scope) -> tuple[tuple[date, int], ...]:
    """Claims received per day (per week for long periods)."""
    ranges = buckets(scope.filter)
    stamps = [(midnight(low), midnight(high)) for low, high in ranges]
    counts = await sql.counts_per_range(
        session, stamps, sql.scope_conditions(scope.filter, scope.product_ids)
    )
    return tuple((low, n) for (low, _), n in zip(ranges, counts, strict=True))


async def by_channel(session: AsyncSession, scope: Scope) -> dict[str, int]:
    """Claims per channel."""
    channels = [scope.filter.channel] if scope.filter.channel else [c.value for c in Channel]
    return await sql.counts_per_value(session, Claim.channel, channels, _where(scope))


async def by_product(session: AsyncSession, scope: Scope) -> dict[int, int]:
    """Claims per product model (id)."""
    ids = scope.product_ids if scope.product_ids is not None else [p.id for p in scope.products]
    return await sql.counts_per_value(session, Claim.product_id, ids, _where(scope))


async def by_defect(session: AsyncSession, scope: Scope, total: int) -> dict[str, int]:
    """Claims per defect category; categories outside the known list are summed as unlisted."""
    counts = await sql.counts_per_value(
        session, Claim.defect_category, DEFECT_CATEGORIES, _where(scope)
    )
    unlisted = total - sum(counts.values())
    return {**counts, UNLISTED: unlisted} if unlisted else counts


async def by_status(session: AsyncSession, scope: Scope) -> dict[str, int]:
    """Claims per current status, in workflow order (the funnel)."""
    statuses = [status.value for status in ClaimStatus]
    return await sql.counts_per_value(session, Claim.status, statuses, _where(scope))


async def by_warranty(session: AsyncSession, scope: Scope) -> dict[str, int]:
    """Claims under warranty, as post-warranty claims, and with the warranty expired."""
    values = [status.value for status in WarrantyStatus]
    return await sql.counts_per_value(session, Claim.warranty_status, values, _where(scope))


async def _durations(
    session: AsyncSession,
    value: ColumnElement[float],
    conditions: list[ColumnElement[bool]],
    id_column: Any,
    upper: int,
) -> Durations:
    """Count, median and 90th percentile of `value`; one pass over the period's index."""
    step = sql.sample_step(upper)
    count, sample = await sql.count_and_sample(
        session, value, conditions, sql.sampled(id_column, step)
    )
    median, p90 = sql.interpolated(sample, SHARES)
    return Durations(count, median, p90, step > 1)


async def first_action_times(session: AsyncSession, scope: Scope, upper: int) -> Durations:
    """Time from receipt to the first staff action (`upper`: claims in the period)."""
    conditions = [*_where(scope), Claim.first_action_at.is_not(None)]
    value = sql.seconds_between(session, Claim.first_action_at, Claim.created_at)
    return await _durations(session, value, conditions, Claim.id, upper)


async def resolution_times(session: AsyncSession, scope: Scope, upper: int) -> Durations:
    """Time from receipt to resolution (`upper`: claims in the period)."""
    conditions = [*_where(scope), Claim.resolved_at.is_not(None)]
    value = sql.seconds_between(session, Claim.resolved_at, Claim.created_at)
    return await _durations(session, value, conditions, Claim.id, upper)


async def resolved_on_time(session: AsyncSession, scope: Scope) -> int:
    """Resolved claims whose resolution day is not after their statutory due date."""
    on_time = sql.utc_day(session, Claim.resolved_at) <= Claim.statutory_due_on
    statement = select(func.count()).where(*_where(scope), Claim.resolved_at.is_not(None), on_time)
    return int(await session.scalar(statement) or 0)


async def overdue(session: AsyncSession, scope: Scope, today: date) -> Overdue:
    """Open claims past their statutory due date today, the most overdue first.

    Each open status is read on its own from `ix_claim_stats_overdue` (status, due date) and
    the short lists are merged, so no engine scans the closed claims' due dates.
    """
    scoped = sql.scope_conditions(scope.filter, scope.product_ids)
    conditions = [Claim.statutory_due_on < today, *scoped]
    statuses = [status.value for status in OPEN]
    counts = await sql.counts_per_value(session, Claim.status, statuses, conditions)
    columns = (Claim.id, Claim.number, Claim.product_id, Claim.status, Claim.statutory_due_on)
    parts = [
        select(*columns, Claim.created_at)
        .where(Claim.status == status, *conditions)
        .order_by(Claim.statutory_due_on, Claim.id)
        .limit(OVERDUE_LIMIT)
        .subquery()
        for status in statuses
    ]
    merged = union_all(*(select(*part.c) for part in parts)).subquery()
    rows = await session.execute(
        select(merged, Product.model_code)
        .join(Product, Product.id == merged.c.product_id)
        .order_by(merged.c.statutory_due_on, merged.c.id)
        .limit(OVERDUE_LIMIT)
    )
    claims = tuple(
        OverdueClaim(
            id=r.id,
            number=r.number,
            model_code=r.model_code,
            status=ClaimStatus(r.status).value,
            statutory_due_on=r.statutory_due_on,
            days_overdue=(today - r.statutory_due_on).days,
            received_at=r.created_at,
        )
        for r in rows.all()
    )
    return Overdue(sum(counts.values()), claims)


async def escalations(session: AsyncSession, scope: Scope, claims: int) -> Escalations:
    """Escalations opened in the period, per claim received, and the staff reply times."""
    period = scope.filter
    conditions = [Escalation.created_at >= period.start, Escalation.created_at < period.end]
    scoped = sql.scope_conditions(period, scope.product_ids)
    if scoped:
        linked = select(Claim.id).where(Claim.id == Escalation.claim_id, *scoped).exists()
        conditions.append(linked)
    count = int(await session.scalar(select(func.count()).where(*conditions)) or 0)
    answered = [*conditions, Escalation.first_staff_reply_at.is_not(None)]
    value = sql.seconds_between(session, Escalation.first_staff_reply_at, Escalation.created_at)
    reply = await _durations(session, value, answered, Escalation.id, count)
    return Escalations(count, reply.count, claims, reply)


async def transport(session: AsyncSession, scope: Scope) -> Transport:
    """Bookings made in the period by kind and with a loaner; loaners out now (any period)."""
    booking = TransportBooking
    in_period = (booking.created_at >= scope.filter.start) & (booking.created_at < scope.filter.end)
    out = booking.loaner_requested & (booking.status == BookingStatus.BOOKED)

    def total(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    statement = select(
        total(in_period),
        total(in_period & (booking.kind == BookingKind.PICKUP)),
        total(in_period & booking.loaner_requested),
        total(out),
    )
    scoped = sql.scope_conditions(scope.filter, scope.product_ids)
    if scoped:
        statement = statement.join_from(booking, Claim, Claim.id == booking.claim_id).where(*scoped)
    else:
        statement = statement.select_from(booking)
    made, pickups, loaners, loaners_out = (int(n) for n in (await session.execute(statement)).one())
    return Transport(made, pickups, made - pickups, loaners, loaners_out)


async def ratings(session: AsyncSession, scope: Scope) -> Ratings:
    """How many claims got each rating from 1 to 5."""
    return Ratings(await sql.counts_per_value(session, Claim.rating, range(1, 6), _where(scope)))


async def _ended(session: AsyncSession, block: Awaitable[T]) -> T:
    """Run one block and end its read transaction.

    On SQLite the process shares one connection; giving it back between blocks lets other
    requests (chat events, the queue) run while a large dashboard is being computed.
    """
    result = await block
    await session.rollback()
    return result


async def dashboard(session: AsyncSession, period: StatsFilter, today: date) -> Dashboard:
    """Every block for one filter (the model rates are added by the caller)."""
    scope = await resolve_scope(session, period)
    channels = await _ended(session, by_channel(session, scope))
    total = sum(channels.values())
    return Dashboard(
        scope=scope,
        intake=await _ended(session, intake(session, scope)),
        by_channel=channels,
        by_product=await _ended(session, by_product(session, scope)),
        by_defect=await _ended(session, by_defect(session, scope, total)),
        by_status=await _ended(session, by_status(session, scope)),
        by_warranty=await _ended(session, by_warranty(session, scope)),
        first_action=await _ended(session, first_action_times(session, scope, total)),
        resolution=Resolution(
            await _ended(session, resolution_times(session, scope, total)),
            await _ended(session, resolved_on_time(session, scope)),
        ),
        overdue=await _ended(session, overdue(session, scope, today)),
        escalations=await _ended(session, escalations(session, scope, total)),
        transport=await _ended(session, transport(session, scope)),
        ratings=await _ended(session, ratings(session, scope)),
    )
