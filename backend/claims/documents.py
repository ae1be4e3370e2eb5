"""The claim's documents: the acceptance act and the transport waybill (data for templates/PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.claims.models import Claim
from backend.customers.models import Customer
from backend.transport.models import BookingStatus, DropoffPoint, PickupSlot, TransportBooking


@dataclass(frozen=True)
class ClaimDocument:
    """Everything an acceptance act or a waybill prints."""

    number: str
    filed_on: date
    customer_name: str
    customer_phone: str
    product: str
    model_code: str
    serial: str
    purchase_date: date | None
    defect_category: str
    description: str
    requested_remedy: str
    statutory_due_on: date
    due_rule: str
    booking_reference: str = ""
    booking_kind: str = ""
    pickup_address: str = ""
    pickup_day: date | None = None
    pickup_window: str = ""
    dropoff_point: str = ""
    loaner_requested: bool = False


async def claim_document(session: AsyncSession, claim: Claim) -> ClaimDocument:
    """Collect the claim, its customer, product and active transport booking."""
    customer = await session.get(Customer, claim.customer_id)
    product = await session.get(Product, claim.product_id)
    assert customer is not None and product is not None
    booking = await session.scalar(select(TransportBooking).where(
        TransportBooking.claim_id == claim.id, TransportBooking.status != BookingStatus.CANCELLED))
    slot = await session.get(PickupSlot, booking.slot_id) if booking and booking.slot_id else None
    point = (await session.get(DropoffPoint, booking.dropoff_point_id)
             if booking and booking.dropoff_point_id else None)
    return ClaimDocument(
        number=claim.number, filed_on=claim.created_at.date(), customer_name=customer.name,
        customer_phone=claim.contact_phone or customer.phone or "", product=product.name,
        model_code=product.model_code, serial=claim.serial, purchase_date=claim.purchase_date,
        defect_category=claim.defect_category, description=claim.description,
        requested_remedy=claim.requested_remedy, statutory_due_on=claim.statutory_due_on,
        due_rule=claim.due_rule,
        booking_reference=booking.reference if booking else "",
        booking_kind=booking.kind.value if booking else "",
        pickup_address=booking.address if booking else "",
        pickup_day=slot.day if slot else None, pickup_window=slot.window if slot else "",
        dropoff_point=f"{point.name}, {point.address}" if point else "",
        loaner_requested=bool(booking and booking.loaner_requested),
    )
