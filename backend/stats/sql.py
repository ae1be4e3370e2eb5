"""Query building blocks shared by the statistics: filters, counts per value, percentiles.

Counts per value: one scalar subquery per known value (`status = 'new' AND created_at in the
period ...`), so each count is a range scan of an index led by that column and the period
(`ix_claim_stats_*`), with the filter columns inside the index. That is what SQLite's skip-scan
would do, written out so PostgreSQL (which has no skip-scan) does the same, and no engine has
to sort the period's rows for a GROUP BY.

Percentiles are interpolated like PostgreSQL's `percentile_cont` (and Python's
`statistics.quantiles(method="inclusive")`) between the values at ranks floor((n - 1) * p) and
the next. They are exact up to `SAMPLE_LIMIT` claims in the period. Above that, the ranks are
taken over a systematic sample, the claims whose id is a multiple of ceil(claims / SAMPLE_LIMIT),
so the values handled stay bounded (about 20,000) whatever the period; with ids handed out in
arrival order the sample is spread evenly over the period, and the rank error of a 20,000-value
sample is about 0.2 %. Each duration block is one pass over the period's index: an aggregate
returns the count and the sampled values together, and the ranks are read off in Python.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Float, cast, extract, func, select, true
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


async def count_and_sample(
    session: AsyncSession,
    value: ColumnElement[float],
    conditions: Sequence[ColumnElement[bool]],
    in_sample: ColumnElement[bool],
) -> tuple[int, list[float]]:
    """The rows matching `conditions` and the `value`s of those in the sample, in one pass.

    The sampled values come back as one aggregate (a JSON array on SQLite, an array on
    PostgreSQL), so the period's index is read once for the count and the sample together.
    """
    if is_postgres(session):
        gathered: Any = func.array_agg(value).filter(in_sample)
    else:
        gathered = func.json_group_array(value).filter(in_sample)
    count, values = (await session.execute(select(func.count(), gathered).where(*conditions))).one()
    if isinstance(values, str):
        values = json.loads(values)
    return int(count), sorted(float(v) for v in values or () if v is not None)


def interpolated(ordered: Sequence[float], shares: Sequence[float]) -> list[float | None]:
    """Percentiles of sorted `ordered`, interpolated like PostgreSQL's `percentile_cont`."""
    if not ordered:
        return [None for _ in shares]
    results: list[float | None] = []
    for share in shares:
        position = (len(ordered) - 1) * share
        low = math.floor(position)
        high = min(low + 1, len(ordered) - 1)
        results.append(ordered[low] + (ordered[high] - ordered[low]) * (position - low))
    return results
