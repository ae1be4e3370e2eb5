"""Systematic-defect warnings: claims per 1,000 sold units of each model, against baselines.

For each model the rate is the claims received in the warning window (the `window_days` that end
on the period's last day) per 1,000 sold units (the model's `Unit` rows). Two baselines:

* its own history: claims in the `history_days` before the window (or since its first claim,
  when that is later), scaled to the window length, per 1,000 units;
* its category peers: the other models of the same category, same window, per 1,000 of their
  units (none when the model is alone in its category).

A model is flagged when it had at least `min_claims` claims in the window and its rate exceeds
max(`min_rate`, `ratio` x the lower baseline): it is clearly worse than its own past or than its
peers. Rates ignore the channel filter (units are not sold per channel).

Only confirmed manufacturing defects count: claims whose diagnosis found one
(`Claim.diagnosis`, written by the "record diagnosis" action), and not cancelled or rejected
since. Misuse, no fault found, claims not yet diagnosed, withdrawn or refused ones are no sign
of a bad model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Unit
from backend.claims.models import Claim, ClaimStatus
from backend.stats import sql
from backend.stats.config import WarningRules
from backend.stats.filters import DAY, midnight
from backend.stats.schemas import ModelRate, ProductRef, Scope

TOP_DEFECTS = 3
TREND_WINDOWS = 7
MANUFACTURING_DEFECT = "manufacturing_defect"  # DiagnosisResult.MANUFACTURING_DEFECT
# A confirmed manufacturing defect: what the warnings and the proposal count.
CONFIRMED = (
    Claim.diagnosis == MANUFACTURING_DEFECT,
    Claim.status.not_in([ClaimStatus.CANCELLED, ClaimStatus.REJECTED]),
)


@dataclass(frozen=True)
class Proposal:
    """What the proposal to production shows for one model."""

    rate: ModelRate
    window_from: date
    window_to: date
    trend: tuple[tuple[date, date, int, float | None], ...]
    defects: tuple[tuple[str, int], ...]


def per_thousand(claims: float, units: int) -> float | None:
    """Claims per 1,000 units (None without units)."""
    return claims * 1000 / units if units else None


def window_of(as_of: date, rules: WarningRules) -> tuple[date, date]:
    """First and last day of the warning window ending on `as_of`."""
    return as_of - DAY * (rules.window_days - 1), as_of


async def _units(session: AsyncSession, ids: list[int], every: bool) -> dict[int, int]:
    """Sold units per model (one pass over `ix_unit_product_id`; all models when `every`)."""
    statement = select(Unit.product_id, func.count()).group_by(Unit.product_id)
    if not every:
        statement = statement.where(Unit.product_id.in_(ids))
    rows = await session.execute(statement)
    return {product_id: int(n) for product_id, n in rows.all()}


async def _claims(
    session: AsyncSession, ids: list[int], first: date, after: date
) -> dict[int, int]:
    period = [Claim.created_at >= midnight(first), Claim.created_at < midnight(after), *CONFIRMED]
    return await sql.counts_per_value(session, Claim.product_id, ids, period)


async def _defects(
    session: AsyncSession, ids: list[int], first: date, after: date
) -> dict[int, list[tuple[str, int]]]:
    rows = await session.execute(
        select(Claim.product_id, Claim.defect_category, func.count())
        .where(
            Claim.product_id.in_(ids),
            Claim.created_at >= midnight(first),
            Claim.created_at < midnight(after),
            *CONFIRMED,
        )
        .group_by(Claim.product_id, Claim.defect_category)
    )
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for product_id, category, n in rows.all():
        found[product_id].append((category, int(n)))
    return {pid: sorted(pairs, key=lambda p: (-p[1], p[0])) for pid, pairs in found.items()}


@dataclass(frozen=True)
class _Counts:
    """Per model: sold units, claims in the window and in the history, days of history."""

    units: dict[int, int]
    window: dict[int, int]
    history: dict[int, int]
    history_days: dict[int, int]


async def _history_days(
    session: AsyncSession, ids: list[int], first: date, rules: WarningRules
) -> dict[int, int]:
    """Days of the history a model has data for: from its first claim, at most `history_days`.

    A young model (or a young database) is not compared with days before its first claim,
    which would understate its history and raise false warnings.
    """
    firsts = await sql.per_value(
        session, Claim.product_id, ids, [], lambda: func.min(Claim.created_at)
    )
    days = {}
    for product_id, stamp in firsts.items():
        known = (first - stamp.date()).days if stamp is not None else 0
        days[product_id] = max(0, min(rules.history_days, known))
    return days


def _rate(
    product: ProductRef, counts: _Counts, peers: list[ProductRef], rules: WarningRules
) -> ModelRate:
    units = counts.units.get(product.id, 0)
    claims = counts.window.get(product.id, 0)
    rate = per_thousand(claims, units)
    history_days = counts.history_days.get(product.id, 0)
    history_claims = counts.history.get(product.id, 0)
    history_rate = (
        per_thousand(history_claims * rules.window_days / history_days, units)
        if history_days
        else None
    )
    peer_units = sum(counts.units.get(p.id, 0) for p in peers)
    category_rate = per_thousand(sum(counts.window.get(p.id, 0) for p in peers), peer_units)
    baselines = [b for b in (history_rate, category_rate) if b is not None]
    threshold = max(rules.min_rate, rules.ratio * min(baselines)) if baselines else rules.min_rate
    return ModelRate(
        product=product,
        units=units,
        window_claims=claims,
        history_claims=history_claims,
        history_days=history_days,
        rate=rate,
        history_rate=history_rate,
        category_rate=category_rate,
        threshold=threshold,
        flagged=rate is not None and claims >= rules.min_claims and rate > threshold,
    )


async def model_rates(
    session: AsyncSession, scope: Scope, rules: WarningRules
) -> tuple[ModelRate, ...]:
    """The rate of every model in scope, flagged ones first, then by rate."""
    first, last = window_of(scope.filter.date_to, rules)
    shown = [p for p in scope.products if scope.product_ids is None or p.id in scope.product_ids]
    categories = {p.category for p in shown}
    needed = [p.id for p in scope.products if p.category in categories]  # shown and their peers
    counts = _Counts(
        units=await _units(session, needed, len(needed) == len(scope.products)),
        window=await _claims(session, needed, first, last + DAY),
        history=await _claims(session, needed, first - DAY * rules.history_days, first),
        history_days=await _history_days(session, needed, first, rules),
    )
    defects = await _defects(session, [p.id for p in shown], first, last + DAY)
    rates = []
    for product in shown:
        peers = [p for p in scope.products if p.category == product.category and p != product]
        top = tuple(defects.get(product.id, [])[:TOP_DEFECTS])
        rates.append(replace(_rate(product, counts, peers, rules), top_defects=top))
    rates.sort(key=lambda r: (not r.flagged, -(r.rate or 0.0), r.product.model_code))
    return tuple(rates)


async def proposal(
    session: AsyncSession, scope: Scope, product: ProductRef, rules: WarningRules
) -> Proposal:
    """The model's rate, its trend over the last windows and its full defect breakdown."""
    narrowed = Scope(scope.filter, (product.id,), scope.products)
    rate = next(r for r in await model_rates(session, narrowed, rules) if r.product == product)
    first, last = window_of(scope.filter.date_to, rules)
    span = DAY * rules.window_days
    starts = [first - span * n for n in reversed(range(TREND_WINDOWS))]
    counts = await sql.counts_per_range(
        session,
        [(midnight(s), midnight(s + span)) for s in starts],
        [Claim.product_id == product.id, *CONFIRMED],
    )
    trend = tuple(
        (s, s + span - DAY, n, per_thousand(n, rate.units))
        for s, n in zip(starts, counts, strict=True)
    )
    defects = await _defects(session, [product.id], first, last + DAY)
    return Proposal(rate, first, last, trend, tuple(defects.get(product.id, [])))
