"""The claim's documents: the acceptance act and the transport waybill (data for templates/PDF)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.claims.labels import DEFECT_CATEGORIES, PURCHASE_PROOFS
from backend.claims.models import Claim
from backend.customers.models import Customer
from backend.documents.pdf import one_page
from backend.i18n import N_, gettext_for
from backend.transport.models import BookingStatus, DropoffPoint, PickupSlot, TransportBooking
from backend.warranty.explain import citation_for, deadline_label, remedy_label


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
    jurisdiction: str = ""
    purchase_proof: str = ""
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
    booking = await session.scalar(
        select(TransportBooking).where(
            TransportBooking.claim_id == claim.id,
            TransportBooking.status != BookingStatus.CANCELLED,
        )
    )
    slot = await session.get(PickupSlot, booking.slot_id) if booking and booking.slot_id else None
    point = (
        await session.get(DropoffPoint, booking.dropoff_point_id)
        if booking and booking.dropoff_point_id
        else None
    )
    return ClaimDocument(
        number=claim.number,
        filed_on=claim.created_at.date(),
        customer_name=customer.name,
        customer_phone=claim.contact_phone or customer.phone or "",
        product=product.name,
        model_code=product.model_code,
        serial=claim.serial,
        purchase_date=claim.purchase_date,
        defect_category=claim.defect_category,
        description=claim.description,
        requested_remedy=claim.requested_remedy,
        statutory_due_on=claim.statutory_due_on,
        due_rule=claim.due_rule,
        jurisdiction=claim.jurisdiction,
        purchase_proof=claim.purchase_proof,
        booking_reference=booking.reference if booking else "",
        booking_kind=booking.kind.value if booking else "",
        pickup_address=booking.address if booking else "",
        pickup_day=slot.day if slot else None,
        pickup_window=slot.window if slot else "",
        dropoff_point=f"{point.name}, {point.address}" if point else "",
        loaner_requested=bool(booking and booking.loaner_requested),
    )


TITLES = {"act": N_("Claim acceptance act"), "waybill": N_("Transport waybill")}


def document_rows(document: ClaimDocument, kind: str, locale: str) -> list[tuple[str, str]]:
    """The printed rows of the act or the waybill: label and value, in `locale`."""

    def t(message: str) -> str:
        return gettext_for(locale, message)

    rows = [
        (t("Customer"), f"{document.customer_name or '—'}, {document.customer_phone or '—'}"),
        (t("Item"), f"{document.product} ({document.model_code})"),
        (t("Serial number"), document.serial or "—"),
    ]
    if document.purchase_date:
        rows.append((t("Purchase date"), document.purchase_date.isoformat()))
    if document.purchase_proof:
        proof = PURCHASE_PROOFS.get(document.purchase_proof, document.purchase_proof)
        rows.append((t("Purchase proven by"), t(proof)))
    category = t(DEFECT_CATEGORIES.get(document.defect_category, document.defect_category))
    rows += [
        (t("Defect"), f"{category}: {document.description}"),
        (t("Requested"), remedy_label(document.requested_remedy, locale)),
        (
            deadline_label(document.jurisdiction, document.due_rule, locale),
            f"{document.statutory_due_on.isoformat()}"
            f" ({citation_for(document.jurisdiction, document.due_rule, locale)})",
        ),
    ]
    if kind == "waybill":
        rows.append((t("Transport booking"), document.booking_reference or "—"))
        if document.booking_kind == "pickup":
            day = document.pickup_day.isoformat() if document.pickup_day else "—"
            rows.append((t("Pickup"), f"{day} {document.pickup_window}, {document.pickup_address}"))
        elif document.booking_kind == "dropoff":
            rows.append((t("Drop-off"), document.dropoff_point))
        rows.append(
            (t("Loaner unit"), t("requested") if document.loaner_requested else t("not requested"))
        )
    return rows


def claim_pdf(document: ClaimDocument, kind: str, locale: str, company: str) -> bytes:
    """The acceptance act or the waybill as a one-page PDF in `locale`."""
    title = f"{gettext_for(locale, TITLES[kind])} № {document.number}"
    signatures = [
        gettext_for(locale, N_("Handed over by (customer)")),
        gettext_for(locale, N_("Accepted by (service)")),
    ]
    return one_page(
        title,
        f"{company} · {document.filed_on.isoformat()}",
        document_rows(document, kind, locale),
        signatures,
    )


def store_claim_pdf(pdf: bytes, media_dir: Path, number: str, kind: str) -> Path:
    """Write a generated document under MEDIA_DIR/documents with a random name."""
    folder = media_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number}-{kind}-{secrets.token_hex(8)}.pdf"
    path.write_bytes(pdf)
    return path
