"""Repair costs of the claims received in the period, per model and per defect category.

One SQL aggregate: the fitted parts (at the cost kept when they were fitted) and the labour
hours summed per claim, joined to the claims in scope and grouped by (model, defect category);
the per-model and per-defect sums are read off those groups. Labour is priced at
`LABOUR_RATE_PER_HOUR`.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Numeric, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Claim
from backend.parts.models import LabourEntry, PartRequest, PartState
from backend.stats import sql
from backend.stats.schemas import CostRow, Costs, Scope

CENT = Decimal("0.01")


def _decimal(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


Group = tuple[str, str, int, Decimal, Decimal]  # model code, defect, claims, parts, hours


def _rolled_up(groups: list[Group], by_model: bool, rate: Decimal) -> tuple[CostRow, ...]:
    """Sum the (model, defect) groups by model or by defect, the costliest first."""
    sums: dict[str, tuple[int, Decimal, Decimal]] = {}
    for model, defect, n, group_parts, group_hours in groups:
        key = model if by_model else defect
        claims, parts, hours = sums.get(key, (0, Decimal(0), Decimal(0)))
        sums[key] = (claims + n, parts + group_parts, hours + group_hours)
    rows = [
        CostRow(key, n, parts, hours, (hours * rate).quantize(CENT))
        for key, (n, parts, hours) in sums.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.total, row.key)))


async def repair_costs(session: AsyncSession, scope: Scope, rate: Decimal, currency: str) -> Costs:
    """Costs of the claims received in the period that have fitted parts or labour.

    The query starts from the cost rows (few) rather than the period's claims (many), so it
    stays quick however many claims the period holds.
    """
    zero = literal(0, Numeric(12, 2))
    rows = union_all(
        select(
            PartRequest.claim_id.label("claim_id"),
            (PartRequest.unit_cost * PartRequest.quantity).label("parts"),
            zero.label("hours"),
        ).where(PartRequest.state == PartState.FITTED),
        select(LabourEntry.claim_id, zero, LabourEntry.hours),
    ).subquery()
    per_claim = (
        select(
            rows.c.claim_id,
            func.sum(rows.c.parts).label("parts"),
            func.sum(rows.c.hours).label("hours"),
        )
        .group_by(rows.c.claim_id)
        .subquery()
    )
    statement = (
        select(
            Claim.product_id,
            Claim.defect_category,
            func.count(Claim.id),
            func.sum(per_claim.c.parts),
            func.sum(per_claim.c.hours),
        )
        .join(per_claim, per_claim.c.claim_id == Claim.id)
        .where(*sql.claim_conditions(scope.filter, scope.product_ids))
        .group_by(Claim.product_id, Claim.defect_category)
    )
    codes = {p.id: p.model_code for p in scope.products}
    groups: list[Group] = [
        (codes.get(product_id, str(product_id)), defect, int(n), _decimal(parts), _decimal(hours))
        for product_id, defect, n, parts, hours in (await session.execute(statement)).all()
    ]
    return Costs(currency, rate, _rolled_up(groups, True, rate), _rolled_up(groups, False, rate))
