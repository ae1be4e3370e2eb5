"""Part requests and labour on a claim: requested -> ordered -> received -> fitted, and costs.

A request names a part of the claim's model (or, as a fallback, another part in words). Every
change is a line on the claim's timeline and touches the claim, so its version moves on and a
page showing the old version is refused (`StaleClaim`). Fitting takes the part from stock
(never below zero) and keeps the part's cost at that moment on the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ActorKind, Claim, ClaimEvent, ClaimStatus
from backend.claims.workflow import Action, DiagnosisResult, StaffAction
from backend.parts.errors import PartStepNotAllowed, UnknownPart
from backend.parts.models import ComponentFailure, LabourEntry, Part, PartRequest, PartState
from backend.staff.models import StaffUser

P = PartState
NEXT_STATES: dict[PartState, tuple[PartState, ...]] = {
    # A part already on the shelf is received straight away; an out-of-stock one is ordered.
    P.REQUESTED: (P.ORDERED, P.RECEIVED, P.CANCELLED),
    P.ORDERED: (P.RECEIVED, P.CANCELLED),
    P.RECEIVED: (P.FITTED, P.CANCELLED),
    P.FITTED: (),
    P.CANCELLED: (),
}
# A finished claim's parts can only be cancelled: nothing is ordered or fitted for it any more.
FINISHED = (ClaimStatus.CLOSED, ClaimStatus.CANCELLED, ClaimStatus.REJECTED)
LABOUR_STAGES = {Action.RECORD_DIAGNOSIS: "diagnosis", Action.MARK_READY: "repair"}
CENT = Decimal("0.01")


def part_label(part: Part | None, other: str) -> str:
    """How a request names its part: the catalog's name and number, or the words given."""
    return f"{part.name} ({part.part_number})" if part is not None else other


def component_label(part: Part) -> str:
    """The failed component and the part that names it (once when they are called alike)."""
    label = part_label(part, "")
    return label if part.component == part.name else f"{part.component}: {label}"


async def model_parts(session: AsyncSession, product_id: int) -> list[Part]:
    """The parts catalog of one product model, by component and name."""
    statement = select(Part).where(Part.product_id == product_id)
    return list(await session.scalars(statement.order_by(Part.component, Part.name)))


async def _claim_part(session: AsyncSession, claim: Claim, part_id: int) -> Part:
    part = await session.get(Part, part_id)
    if part is None or part.product_id != claim.product_id:
        raise UnknownPart(f"part {part_id} is not of product {claim.product_id}")
    return part


async def record_for_action(
    session: AsyncSession, claim: Claim, request: StaffAction, staff: StaffUser, now: datetime
) -> dict[str, Any]:
    """Write what a workflow action says about parts and labour; the timeline's details."""
    details: dict[str, Any] = {}
    if request.action is Action.REQUEST_PARTS:
        part = await _claim_part(session, claim, request.part_id) if request.part_id else None
        other = "" if part else request.part.strip()[:200]
        session.add(
            PartRequest(
                claim_id=claim.id,
                part_id=part.id if part else None,
                other_part=other,
                quantity=request.quantity,
                created_at=now,
                updated_at=now,
            )
        )
        details["part"] = part_label(part, other)
    if request.action is Action.RECORD_DIAGNOSIS and request.failed_part_id:
        failed = await _claim_part(session, claim, request.failed_part_id)
        # Only a manufacturing defect is the supplier's: misuse is nobody's claim to make.
        if request.diagnosis is DiagnosisResult.MANUFACTURING_DEFECT:
            await _record_failure(session, claim, failed, now)
        details["failed_component"] = component_label(failed)
    stage = LABOUR_STAGES.get(request.action)
    if stage and request.labour_hours > 0:
        hours = request.labour_hours.quantize(CENT)
        name = staff.display_name or staff.login
        session.add(
            LabourEntry(claim_id=claim.id, hours=hours, stage=stage, staff_name=name, at=now)
        )
        details["labour_hours"] = str(hours)
    return details


async def _record_failure(session: AsyncSession, claim: Claim, part: Part, now: datetime) -> None:
    stored = await session.scalar(
        select(ComponentFailure).where(ComponentFailure.claim_id == claim.id)
    )
    if stored is None:
        session.add(ComponentFailure(claim_id=claim.id, part_id=part.id, recorded_on=now.date()))
    else:
        stored.part_id, stored.recorded_on = part.id, now.date()


async def _take_from_stock(session: AsyncSession, part_id: int, quantity: int) -> None:
    """Fewer on the shelf, never below zero (one statement, so two fittings both count)."""
    remaining = case((Part.stock >= quantity, Part.stock - quantity), else_=0)
    await session.execute(update(Part).where(Part.id == part_id).values(stock=remaining))


async def advance_request(
    session: AsyncSession,
    claim: Claim,
    request_id: int,
    target: PartState,
    staff: StaffUser,
    now: datetime,
) -> ClaimEvent:
    """Move one part request of `claim` to `target`; a timeline line, no commit."""
    found = await session.get(PartRequest, request_id)
    if found is None or found.claim_id != claim.id:
        raise UnknownPart(f"request {request_id} is not of claim {claim.id}")
    finished = claim.status in FINISHED and target is not P.CANCELLED
    if target not in NEXT_STATES[found.state] or finished:
        raise PartStepNotAllowed(f"{found.state.value} -> {target.value} ({claim.status.value})")
    part = await session.get(Part, found.part_id) if found.part_id else None
    if target is P.FITTED and part is not None:
        found.unit_cost = part.cost
        await _take_from_stock(session, part.id, found.quantity)
    found.state, found.updated_at = target, now
    claim.updated_at = now  # moves the claim's version on: older pages are refused
    event = ClaimEvent(
        claim_id=claim.id,
        at=now,
        actor_kind=ActorKind.STAFF,
        actor_id=staff.id,
        actor_name=staff.display_name or staff.login,
        action=f"part_{target.value}",
        from_status=claim.status.value,
        to_status=claim.status.value,
        details={"part": part_label(part, found.other_part), "quantity": found.quantity},
    )
    session.add(event)
    await session.flush()
    return event


@dataclass(frozen=True)
class RequestLine:
    """One part request as the claim page shows it."""

    id: int
    label: str
    quantity: int
    state: PartState
    stock: int | None
    unit_cost: Decimal | None
    cost: Decimal
    next_states: tuple[PartState, ...]


@dataclass(frozen=True)
class ClaimCosts:
    """The repair cost of one claim: fitted parts at their cost plus labour at the rate."""

    lines: tuple[RequestLine, ...]
    parts: Decimal
    labour_hours: Decimal
    labour_rate: Decimal
    currency: str
    failed_component: str = ""

    @property
    def labour(self) -> Decimal:
        """Labour hours at the configured rate."""
        return (self.labour_hours * self.labour_rate).quantize(CENT)

    @property
    def total(self) -> Decimal:
        """Parts and labour."""
        return self.parts + self.labour


def _line(request: PartRequest, part: Part | None) -> RequestLine:
    fitted = request.state is P.FITTED
    price = request.unit_cost if fitted else (part.cost if part else None)
    cost = (request.unit_cost or Decimal(0)) * request.quantity if fitted else Decimal(0)
    return RequestLine(
        id=request.id,
        label=part_label(part, request.other_part),
        quantity=request.quantity,
        state=request.state,
        stock=part.stock if part else None,
        unit_cost=price,
        cost=cost.quantize(CENT),
        next_states=NEXT_STATES[request.state],
    )


async def fitted_parts(session: AsyncSession, claim_id: int) -> list[tuple[str, int]]:
    """The parts the claim's repair used: (name and number, quantity), in the order requested."""
    rows = await session.execute(
        select(PartRequest, Part)
        .outerjoin(Part, Part.id == PartRequest.part_id)
        .where(PartRequest.claim_id == claim_id, PartRequest.state == P.FITTED)
        .order_by(PartRequest.id)
    )
    return [(part_label(part, request.other_part), request.quantity) for request, part in rows]


async def claim_costs(
    session: AsyncSession, claim_id: int, rate: Decimal, currency: str
) -> ClaimCosts:
    """The part requests of a claim with their costs, the labour and the failed component."""
    rows = await session.execute(
        select(PartRequest, Part)
        .outerjoin(Part, Part.id == PartRequest.part_id)
        .where(PartRequest.claim_id == claim_id)
        .order_by(PartRequest.id)
    )
    lines = tuple(_line(request, part) for request, part in rows.all())
    entries = await session.scalars(
        select(LabourEntry.hours).where(LabourEntry.claim_id == claim_id)
    )
    failed = await session.scalar(
        select(Part)
        .join(ComponentFailure, ComponentFailure.part_id == Part.id)
        .where(ComponentFailure.claim_id == claim_id)
    )
    return ClaimCosts(
        lines=lines,
        parts=sum((line.cost for line in lines), Decimal(0)),
        labour_hours=sum(entries, Decimal(0)),
        labour_rate=rate,
        currency=currency,
        failed_component=component_label(failed) if failed else "",
    )
