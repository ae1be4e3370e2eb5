"""Repair costs of the claims received in the period, per model and per defect category.

One SQL aggregate: the claims in scope, each with its fitted parts (at the cost kept when they
were fitted) and its labour hours, grouped by (model, defect category); the per-model and
per-defect sums are read off those groups. Labour is priced at `LABOUR_RATE_PER_HOUR`.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, or_, select
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
    """Costs of the claims received in the period that have fitted parts or labour."""
    fitted = (
        select(
            PartRequest.claim_id,
            func.sum(PartRequest.unit_cost * PartRequest.quantity).label("parts"),
        )
        .where(PartRequest.state == PartState.FITTED)
        .group_by(PartRequest.claim_id)
        .subquery()
    )
    labour = (
        select(LabourEntry.claim_id, func.sum(LabourEntry.hours).label("hours"))
        .group_by(LabourEntry.claim_id)
        .subquery()
    )
    statement = (
        select(
            Claim.product_id,
            Claim.defect_category,
            func.count(Claim.id),
            func.coalesce(func.sum(fitted.c.parts), 0),
            func.coalesce(func.sum(labour.c.hours), 0),
        )
        .outerjoin(fitted, fitted.c.claim_id == Claim.id)
        .outerjoin(labour, labour.c.claim_id == Claim.id)
        .where(
            *sql.claim_conditions(scope.filter, scope.product_ids),
            or_(fitted.c.parts.is_not(None), labour.c.hours.is_not(None)),
        )
        .group_by(Claim.product_id, Claim.defect_category)
    )
    codes = {p.id: p.model_code for p in scope.products}
    groups: list[Group] = [
        (codes.get(product_id, str(product_id)), defect, int(n), _decimal(parts), _decimal(hours))
        for product_id, defect, n, parts, hours in (await session.execute(statement)).all()
    ]
    return Costs(currency, rate, _rolled_up(groups, True, rate), _rolled_up(groups, False, rate))
