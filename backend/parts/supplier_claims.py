"""Claims to suppliers: the units whose diagnosis found a supplier's component failed.

A claim is built for one supplier and one component (by its name, across models) over the
diagnosis dates of a period. It covers every claim whose diagnosis recorded that component as
failed with a manufacturing defect, except claims already in another of this supplier's claims
that was not rejected. The units and their costs are copied into the supplier claim when it is
built, so what was sent stays what the document shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.claims.models import Claim
from backend.parts.errors import NothingToClaim, SupplierClaimStepNotAllowed
from backend.parts.models import (
    ComponentFailure,
    LabourEntry,
    Part,
    PartRequest,
    PartState,
    Supplier,
    SupplierClaim,
    SupplierClaimItem,
)
from backend.parts.models import SupplierClaimState as S

CENT = Decimal("0.01")
NEXT_STATES: dict[S, tuple[S, ...]] = {
    S.DRAFT: (S.SENT,),
    S.SENT: (S.ACCEPTED, S.REJECTED),
    S.ACCEPTED: (),
    S.REJECTED: (),
}


@dataclass(frozen=True)
class ClaimRequest:
    """What the person building a supplier claim chose."""

    supplier_id: int
    component: str
    period_from: date
    period_to: date


async def component_choices(session: AsyncSession) -> list[tuple[int, str, str]]:
    """(supplier id, supplier name, component) of every component some supplier delivers."""
    rows = await session.execute(
        select(Supplier.id, Supplier.name, Part.component)
        .join(Part, Part.supplier_id == Supplier.id)
        .distinct()
        .order_by(Supplier.name, Part.component)
    )
    return [(int(i), str(n), str(c)) for i, n, c in rows.all()]


def _parts_cost() -> Any:
    fitted = PartRequest.state == PartState.FITTED
    return (
        select(func.coalesce(func.sum(PartRequest.unit_cost * PartRequest.quantity), 0))
        .where(PartRequest.claim_id == Claim.id, fitted)
        .scalar_subquery()
    )


def _labour_hours() -> Any:
    return (
        select(func.coalesce(func.sum(LabourEntry.hours), 0))
        .where(LabourEntry.claim_id == Claim.id)
        .scalar_subquery()
    )


def _already_claimed(supplier_id: int) -> Any:
    return (
        select(SupplierClaimItem.claim_id)
        .join(SupplierClaim, SupplierClaim.id == SupplierClaimItem.supplier_claim_id)
        .where(SupplierClaim.supplier_id == supplier_id, SupplierClaim.state != S.REJECTED)
    )


async def _failures(session: AsyncSession, wanted: ClaimRequest) -> list[tuple[Any, ...]]:
    statement = (
        select(
            Claim.id,
            Claim.number,
            Claim.serial,
            Product.model_code,
            Part.part_number,
            Claim.defect_category,
            Claim.created_at,
            ComponentFailure.recorded_on,
            _parts_cost(),
            _labour_hours(),
        )
        .join(Part, Part.id == ComponentFailure.part_id)
        .join(Claim, Claim.id == ComponentFailure.claim_id)
        .join(Product, Product.id == Claim.product_id)
        .where(
            Part.supplier_id == wanted.supplier_id,
            Part.component == wanted.component,
            ComponentFailure.recorded_on >= wanted.period_from,
            ComponentFailure.recorded_on <= wanted.period_to,
            Claim.id.not_in(_already_claimed(wanted.supplier_id)),
        )
        .order_by(ComponentFailure.recorded_on, Claim.id)
    )
    return [tuple(row) for row in (await session.execute(statement)).all()]


async def _next_number(session: AsyncSession, today: date) -> str:
    count = await session.scalar(select(func.count(SupplierClaim.id)))
    return f"SC-{today.year}-{int(count or 0) + 1:04d}"


async def build_supplier_claim(
    session: AsyncSession,
    wanted: ClaimRequest,
    rate: Decimal,
    currency: str,
    author: str,
    now: datetime,
) -> SupplierClaim:
    """A draft claim to the supplier with its units and costs; no commit."""
    rows = await _failures(session, wanted)
    if not rows:
        raise NothingToClaim(f"supplier {wanted.supplier_id} {wanted.component}")
    claim = SupplierClaim(
        number=await _next_number(session, now.date()),
        supplier_id=wanted.supplier_id,
        component=wanted.component,
        period_from=wanted.period_from,
        period_to=wanted.period_to,
        currency=currency,
        labour_rate=rate,
        created_by=author,
        created_at=now,
        updated_at=now,
    )
    session.add(claim)
    await session.flush()
    for claim_id, number, serial, model, part_number, defect, filed, failed, parts, hours in rows:
        labour_hours = Decimal(str(hours)).quantize(CENT)
        session.add(
            SupplierClaimItem(
                supplier_claim_id=claim.id,
                claim_id=claim_id,
                claim_number=number,
                serial=serial,
                model_code=model,
                part_number=part_number,
                defect_category=defect,
                filed_on=filed.date() if isinstance(filed, datetime) else filed,
                failed_on=failed,
                parts_cost=Decimal(str(parts)).quantize(CENT),
                labour_hours=labour_hours,
                labour_cost=(labour_hours * rate).quantize(CENT),
            )
        )
    await session.flush()
    return claim


async def move_supplier_claim(
    session: AsyncSession, claim_id: int, target: S, now: datetime
) -> SupplierClaim:
    """Move a supplier claim on (sent, then accepted or rejected); no commit."""
    claim = await session.get(SupplierClaim, claim_id)
    if claim is None or target not in NEXT_STATES[claim.state]:
        raise SupplierClaimStepNotAllowed(f"{claim_id} -> {target.value}")
    claim.state, claim.updated_at = target, now
    return claim


@dataclass(frozen=True)
class SupplierClaimView:
    """A supplier claim with its supplier, units and totals, for pages and documents."""

    claim: SupplierClaim
    supplier: Supplier
    items: tuple[SupplierClaimItem, ...]

    @property
    def parts_total(self) -> Decimal:
        """The fitted parts of every unit."""
        return sum((item.parts_cost for item in self.items), Decimal(0))

    @property
    def labour_total(self) -> Decimal:
        """The labour of every unit."""
        return sum((item.labour_cost for item in self.items), Decimal(0))

    @property
    def total(self) -> Decimal:
        """What the supplier is asked to pay."""
        return self.parts_total + self.labour_total


async def supplier_claim_view(session: AsyncSession, claim_id: int) -> SupplierClaimView | None:
    """One supplier claim with everything its page and documents show."""
    claim = await session.get(SupplierClaim, claim_id)
    if claim is None:
        return None
    supplier = await session.get(Supplier, claim.supplier_id)
    assert supplier is not None
    items = await session.scalars(
        select(SupplierClaimItem)
        .where(SupplierClaimItem.supplier_claim_id == claim.id)
        .order_by(SupplierClaimItem.failed_on, SupplierClaimItem.id)
    )
    return SupplierClaimView(claim, supplier, tuple(items))


ListedClaim = tuple[SupplierClaim, str, int, Decimal]


async def supplier_claim_list(session: AsyncSession) -> list[ListedClaim]:
    """Every supplier claim, newest first, with its supplier's name, units and total."""
    item = SupplierClaimItem
    total = func.coalesce(func.sum(item.parts_cost + item.labour_cost), 0)
    rows = await session.execute(
        select(SupplierClaim, Supplier.name, func.count(item.id), total)
        .join(Supplier, Supplier.id == SupplierClaim.supplier_id)
        .outerjoin(item, item.supplier_claim_id == SupplierClaim.id)
        .group_by(SupplierClaim.id, Supplier.name)
        .order_by(SupplierClaim.id.desc())
    )
    return [(c, str(n), int(k), Decimal(str(t))) for c, n, k, t in rows.all()]
