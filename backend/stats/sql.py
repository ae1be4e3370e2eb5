"""Query building blocks shared by the statistics: filters, counts per value, percentiles.

Counts per value: one scalar subquery per known value (`status = 'new' AND created_at in the
period ...`), so each count is a range scan of an index led by that column and the period
(`ix_claim_stats_*`), with the filter columns inside the index. That is what SQLite's skip-scan
would do, written out so PostgreSQL (which has no skip-scan) does the same, and no engine has
to sort the period's rows for a GROUP BY.

Percentiles are interpolated like PostgreSQL's `percentile_cont` (and Python's
`statistics.quantiles(method="inclusive")`): the values at ranks floor((n - 1) * p) and the next
are read with `ORDER BY duration LIMIT 2 OFFSET ...`, on both engines. They are exact up to
`SAMPLE_LIMIT` claims in the period. Above that, the ranks are taken over a systematic sample,
the claims whose id is a multiple of ceil(claims / SAMPLE_LIMIT), so the sort stays bounded
(about 20,000 values) whatever the period; with ids handed out in arrival order the sample is
spread evenly over the period, and the rank error of a 20,000-value sample is about 0.2 %.
Each duration block costs two passes over the period's index: the counts (all and sampled),
then the sampled values once (a CTE) with one LIMIT/OFFSET read per percentile.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Float, cast, extract, func, literal, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from backend.claims.models import Claim
from backend.stats.filters import StatsFilter

SAMPLE_LIMIT = 20_000
SUBQUERIES_PER_STATEMENT = 200
K = TypeVar("K", bound=Hashable)


def is_postgres(session: AsyncSession) -> bool:
    """Whether the session talks to PostgreSQL (else SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


def seconds_between(session: AsyncSession, later: Any, earlier: Any) -> ColumnElement[float]:
    """`later - earlier` in seconds, as a float."""
    if is_postgres(session):
        return cast(extract("epoch", later - earlier), Float)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def utc_day(session: AsyncSession, stamp: Any) -> ColumnElement[Any]:
    """The UTC calendar day of a timestamp, comparable with a date column."""
    if is_postgres(session):
        return func.date(func.timezone("UTC", stamp))
    return func.substr(stamp, 1, 10)


def claim_conditions(
    period: StatsFilter, product_ids: Sequence[int] | None
) -> list[ColumnElement[bool]]:
    """Claims received in the period, of the given products (None: all) and channel."""
    conditions = [Claim.created_at >= period.start, Claim.created_at < period.end]
    conditions += scope_conditions(period, product_ids)
    return conditions


def scope_conditions(
    period: StatsFilter, product_ids: Sequence[int] | None
) -> list[ColumnElement[bool]]:
    """The product/category and channel filters alone."""
    conditions: list[ColumnElement[bool]] = []
    if product_ids is not None:
        conditions.append(Claim.product_id.in_(list(product_ids)))
    if period.channel:
        conditions.append(Claim.channel == period.channel)
    return conditions


async def per_value(
    session: AsyncSession,
    column: InstrumentedAttribute[Any],
    values: Iterable[K],
    conditions: Sequence[ColumnElement[bool]],
    aggregate: Callable[[], ColumnElement[Any]] = func.count,
) -> dict[K, Any]:
    """`aggregate` over the claims matching `conditions`, for each value of `column`."""
    keys = list(values)
    found: dict[K, Any] = {}
    for start in range(0, len(keys), SUBQUERIES_PER_STATEMENT):
        chunk = keys[start : start + SUBQUERIES_PER_STATEMENT]
        statement = select(
            *(
                select(aggregate())
                .select_from(Claim)
                .where(column == key, *conditions)
                .scalar_subquery()
                for key in chunk
            )
        )
        row = (await session.execute(statement)).one()
        found.update(zip(chunk, row, strict=True))
    return found


async def counts_per_value(
    session: AsyncSession,
    column: InstrumentedAttribute[Any],
    values: Iterable[K],
    conditions: Sequence[ColumnElement[bool]],
) -> dict[K, int]:
    """How many claims match `conditions` for each value of `column` (one range per value)."""
    found = await per_value(session, column, values, conditions)
    return {key: int(n or 0) for key, n in found.items()}


async def counts_per_range(
    session: AsyncSession,
    ranges: Sequence[tuple[Any, Any]],
    conditions: Sequence[ColumnElement[bool]],
) -> list[int]:
    """How many claims match `conditions` with created_at in each [start, end) range."""
    counts: list[int] = []
    for start in range(0, len(ranges), SUBQUERIES_PER_STATEMENT):
        chunk = ranges[start : start + SUBQUERIES_PER_STATEMENT]
        statement = select(
            *(
                select(func.count())
                .select_from(Claim)
                .where(Claim.created_at >= low, Claim.created_at < high, *conditions)
                .scalar_subquery()
                for low, high in chunk
            )
        )
        counts.extend(int(n) for n in (await session.execute(statement)).one())
    return counts


def sample_step(upper: int) -> int:
    """Take every n-th row (by id) so that at most about `SAMPLE_LIMIT` of `upper` rows remain."""
    return max(1, math.ceil(upper / SAMPLE_LIMIT))


def sampled(id_column: Any, step: int) -> ColumnElement[bool]:
    """Whether a row belongs to the systematic sample."""
    return id_column % step == 0 if step > 1 else true()


async def percentiles(
    session: AsyncSession,
    value: ColumnElement[float],
    conditions: Sequence[ColumnElement[bool]],
    count: int,
    shares: Sequence[float],
) -> list[float | None]:
    """Interpolated percentiles of `value` over the `count` rows matching `conditions`.

    The values are selected once (a CTE that both engines materialise, as it is read once per
    share); each share reads two neighbouring ranks with ORDER BY ... LIMIT 2 OFFSET.
    """
    if count == 0:
        return [None for _ in shares]
    values = select(value.label("v")).where(*conditions).cte("sample_values")
    positions = [(count - 1) * share for share in shares]
    parts = [
        select(literal(index).label("i"), values.c.v)
        .order_by(values.c.v)
        .limit(2)
        .offset(math.floor(position))
        .subquery()
        for index, position in enumerate(positions)
    ]
    statement = union_all(*(select(part.c.i, part.c.v) for part in parts))
    found: dict[int, list[float]] = {index: [] for index in range(len(shares))}
    for index, found_value in (await session.execute(statement)).all():
        found[int(index)].append(float(found_value))
    results: list[float | None] = []
    for index, position in enumerate(positions):
        pair = sorted(found[index])
        if not pair:
            results.append(None)
            continue
        upper = pair[-1]
        results.append(pair[0] + (upper - pair[0]) * (position - math.floor(position)))
    return results
