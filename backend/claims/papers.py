"""What the claim's documents print: the claim, its customer, item, booking and timeline facts.

`claim_papers` reads everything once; the templates in `backend/documents/templates/` lay it
out. Facts that exist only on paper (completeness, visible condition, the repair term agreed in
writing, packages, the examination's place and date) are entered by staff on the claim page and
kept as the latest "paperwork" event of the claim's timeline, so every change has its author.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.claims.models import Claim, ClaimEvent
from backend.customers.models import Customer
from backend.parts.service import fitted_parts
from backend.transport.models import BookingStatus, DropoffPoint, PickupSlot, TransportBooking

PAPERWORK = "paperwork"  # the timeline action that records the details entered for documents


@dataclass(frozen=True)
class PartFitted:
    """A spare part the claim's repair used."""

    name: str
    quantity: int


@dataclass(frozen=True)
class Paperwork:
    """What staff entered for the documents (empty: a box to fill in by hand)."""

    completeness: str = ""
    condition: str = ""
    agreed_repair_days: int | None = None
    packages: int = 1
    examination_place: str = ""
    examination_on: date | None = None
    examination_time: str = ""

    @classmethod
    def from_details(cls, details: dict[str, Any]) -> Paperwork:
        """Read the stored event details back (unknown or broken values are left out)."""
        days, packages, day = (
            details.get("agreed_repair_days"),
            details.get("packages"),
            details.get("examination_on"),
        )
        return cls(
            completeness=str(details.get("completeness", "")),
            condition=str(details.get("condition", "")),
            agreed_repair_days=days if isinstance(days, int) and days > 0 else None,
            packages=packages if isinstance(packages, int) and packages > 0 else 1,
            examination_place=str(details.get("examination_place", "")),
            examination_on=date.fromisoformat(day) if isinstance(day, str) and day else None,
            examination_time=str(details.get("examination_time", "")),
        )

    def as_details(self) -> dict[str, Any]:
        """The event details that store these values."""
        return {
            "completeness": self.completeness,
            "condition": self.condition,
            "agreed_repair_days": self.agreed_repair_days,
            "packages": self.packages,
            "examination_place": self.examination_place,
            "examination_on": self.examination_on.isoformat() if self.examination_on else "",
            "examination_time": self.examination_time,
        }


@dataclass(frozen=True)
class Booking:
    """The claim's active transport booking as the waybill prints it."""

    reference: str
    kind: str
    address: str = ""
    day: date | None = None
    window: str = ""
    point_name: str = ""
    point_address: str = ""
    loaner_requested: bool = False


@dataclass(frozen=True)
class Diagnosis:
    """The last recorded diagnosis: result, findings, engineer, day."""

    result: str
    findings: str
    engineer: str
    on: date


@dataclass(frozen=True)
class ClaimPapers:
    """Everything any of the claim's documents prints."""

    number: str
    filed_on: date
    status: str
    jurisdiction: str
    locale: str
    customer_name: str
    customer_phone: str
    product: str
    model_code: str
    serial: str
    weight_kg: Decimal | None
    defect_category: str
    description: str
    requested_remedy: str
    statutory_due_on: date
    due_rule: str
    purchase_date: date | None = None
    purchase_proof: str = ""
    decision: str = ""
    decision_note: str = ""
    paperwork: Paperwork = field(default_factory=Paperwork)
    booking: Booking | None = None
    diagnosis: Diagnosis | None = None
    received_on: date | None = None
    examination_sent_on: date | None = None
    ready_on: date | None = None
    work_done: str = ""
    parts: tuple[PartFitted, ...] = ()

    @property
    def customer_address(self) -> str:
        """The address the customer gave for a courier pickup, if any."""
        return self.booking.address if self.booking and self.booking.kind == "pickup" else ""


async def _booking(session: AsyncSession, claim_id: int) -> Booking | None:
    booking = await session.scalar(
        select(TransportBooking)
        .where(
            TransportBooking.claim_id == claim_id,
            TransportBooking.status != BookingStatus.CANCELLED,
        )
        .order_by(TransportBooking.id.desc())
    )
    if booking is None:
        return None
    slot = await session.get(PickupSlot, booking.slot_id) if booking.slot_id else None
    point_id = booking.dropoff_point_id
    point = await session.get(DropoffPoint, point_id) if point_id else None
    return Booking(
        reference=booking.reference,
        kind=booking.kind.value,
        address=booking.address,
        day=slot.day if slot else None,
        window=slot.window if slot else "",
        point_name=point.name if point else "",
        point_address=point.address if point else "",
        loaner_requested=booking.loaner_requested,
    )


def _timeline_facts(events: list[ClaimEvent]) -> dict[str, Any]:
    """The facts the timeline holds: diagnosis, examination, repair end, paperwork."""
    facts: dict[str, Any] = {}
    for event in events:
        details, day = event.details or {}, event.at.date()
        if event.action == "record_diagnosis" and details.get("diagnosis"):
            facts["diagnosis"] = Diagnosis(
                str(details["diagnosis"]), str(details.get("notes", "")), event.actor_name, day
            )
        elif event.action == "start_diagnosis":
            facts.setdefault("received_on", day)
        elif event.action == "send_to_examination":
            facts["examination_sent_on"] = day
        elif event.action == "mark_ready":
            facts.setdefault("ready_on", day)
            facts.setdefault("work_done", str(details.get("notes", "")))
        elif event.action == PAPERWORK:
            facts["paperwork"] = Paperwork.from_details(details)
    return facts


async def claim_papers(session: AsyncSession, claim: Claim) -> ClaimPapers:
    """Collect the claim, its customer, product, active booking and timeline facts."""
    customer = await session.get(Customer, claim.customer_id)
    product = await session.get(Product, claim.product_id)
    assert customer is not None and product is not None
    events = list(
        await session.scalars(
            select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)
        )
    )
    return ClaimPapers(
        number=claim.number,
        filed_on=claim.created_at.date(),
        status=claim.status.value,
        jurisdiction=claim.jurisdiction,
        locale=customer.locale or claim.locale,
        customer_name=customer.name,
        customer_phone=claim.contact_phone or customer.phone or "",
        product=product.name,
        model_code=product.model_code,
        serial=claim.serial,
        weight_kg=product.weight_kg,
        defect_category=claim.defect_category,
        description=claim.description,
        requested_remedy=claim.requested_remedy,
        statutory_due_on=claim.statutory_due_on,
        due_rule=claim.due_rule,
        purchase_date=claim.purchase_date,
        purchase_proof=claim.purchase_proof,
        decision=claim.decision or "",
        decision_note=claim.decision_reason or "",
        booking=await _booking(session, claim.id),
        parts=tuple(PartFitted(*fitted) for fitted in await fitted_parts(session, claim.id)),
        **_timeline_facts(events),
    )
