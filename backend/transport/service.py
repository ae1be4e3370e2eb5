"""Pickup slots with capacity, drop-off points and bookings; the last slot goes to one customer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import OPEN_STATUSES, ActorKind, Claim, ClaimEvent, ClaimStatus
from backend.errors import WriteConflict
from backend.loaners.service import LoanerRequest, request_loaner
from backend.transport.models import (
    BookingKind,
    BookingStatus,
    DropoffPoint,
    PickupSlot,
    TransportBooking,
)

BOOKING_HORIZON_DAYS = 14


class SlotTaken(Exception):
    """The chosen pickup slot filled up before this booking got it."""


@dataclass(frozen=True)
class BookingRequest:
    """What the customer chose for moving one claim's item."""

    claim_id: int
    kind: BookingKind
    slot_id: int | None = None
    dropoff_point_id: int | None = None
    address: str = ""
    company_pays: bool = False
    loaner_requested: bool = False
    loaner_due_by: date | None = None
    loaner_rule: str = ""  # the rule that grants the loaner (law or company policy)


def _open(today: date) -> list[ColumnElement[bool]]:
    return [
        PickupSlot.day > today,
        PickupSlot.day <= today + timedelta(days=BOOKING_HORIZON_DAYS),
        PickupSlot.booked < PickupSlot.capacity,
    ]


async def free_days(session: AsyncSession, today: date, limit: int = 7) -> list[date]:
    """Days after today that still have a pickup window with capacity."""
    rows = await session.scalars(
        select(PickupSlot.day)
        .where(*_open(today))
        .group_by(PickupSlot.day)
        .order_by(PickupSlot.day)
        .limit(limit)
    )
    return list(rows)


async def free_slots(session: AsyncSession, day: date) -> list[PickupSlot]:
    """The windows of one day that still have capacity."""
    rows = await session.scalars(
        select(PickupSlot)
        .where(PickupSlot.day == day, PickupSlot.booked < PickupSlot.capacity)
        .order_by(PickupSlot.window)
    )
    return list(rows)


async def dropoff_points(session: AsyncSession) -> list[DropoffPoint]:
    """Active drop-off points."""
    return list(
        await session.scalars(
            select(DropoffPoint).where(DropoffPoint.active.is_(True)).order_by(DropoffPoint.id)
        )
    )


async def active_booking(session: AsyncSession, claim_id: int) -> TransportBooking | None:
    """The claim's booking that is not cancelled, if any."""
    return await session.scalar(
        select(TransportBooking).where(
            TransportBooking.claim_id == claim_id,
            TransportBooking.status != BookingStatus.CANCELLED,
        )
    )


async def _reserve(session: AsyncSession, slot_id: int) -> None:
    """Take one place in a slot with a single conditional UPDATE; raise SlotTaken when full."""
    result = await session.execute(
        update(PickupSlot)
        .where(PickupSlot.id == slot_id, PickupSlot.booked < PickupSlot.capacity)
        .values(booked=PickupSlot.booked + 1)
    )
    if not getattr(result, "rowcount", 0):
        raise SlotTaken(slot_id)


async def book(
    session: AsyncSession, request: BookingRequest, customer_id: int, now: datetime
) -> TransportBooking:
    """Store a booking made at `now` (reserving the pickup slot first) and log it on the claim
    (no commit)."""
    if request.kind is BookingKind.PICKUP:
        if request.slot_id is None:
            raise ValueError("a pickup needs a slot")
        await _reserve(session, request.slot_id)
    booking = TransportBooking(
        reference=f"TB-{secrets.token_hex(3).upper()}",
        claim_id=request.claim_id,
        kind=request.kind,
        slot_id=request.slot_id,
        dropoff_point_id=request.dropoff_point_id,
        address=request.address,
        company_pays=request.company_pays,
        loaner_requested=request.loaner_requested,
        loaner_due_by=request.loaner_due_by,
        created_at=now,
    )
    session.add(booking)
    try:
        await session.flush()
    except IntegrityError as error:
        if "reference" not in str(error.orig):
            raise
        raise WriteConflict("booking reference drawn twice") from error  # a retry draws anew
    if request.loaner_requested and request.loaner_due_by is not None:
        loaner = LoanerRequest(
            request.claim_id, booking.id, request.loaner_rule, request.loaner_due_by
        )
        await request_loaner(session, loaner, now)
    session.add(
        ClaimEvent(
            claim_id=request.claim_id,
            at=now,
            actor_kind=ActorKind.CUSTOMER,
            actor_id=customer_id,
            action="transport_booked",
            details={
                "reference": booking.reference,
                "kind": request.kind.value,
                "loaner": request.loaner_requested,
            },
        )
    )
    return booking


async def bookable_claims(session: AsyncSession, customer_id: int) -> list[Claim]:
    """The customer's open claims that have no active booking yet."""
    booked = select(TransportBooking.claim_id).where(
        TransportBooking.status != BookingStatus.CANCELLED
    )
    statuses = OPEN_STATUSES - {ClaimStatus.READY, ClaimStatus.REJECTED}
    return list(
        await session.scalars(
            select(Claim)
            .where(
                Claim.customer_id == customer_id,
                Claim.status.in_(statuses),
                Claim.id.not_in(booked),
            )
            .order_by(Claim.id.desc())
            .limit(10)
        )
    )


async def ensure_slots(
    session: AsyncSession, start: date, days: int, windows: tuple[str, ...], capacity: int
) -> int:
    """Create the missing pickup slots for `days` working days from `start`; return how many."""
    existing = set(
        (
            await session.execute(
                select(PickupSlot.day, PickupSlot.window).where(PickupSlot.day >= start)
            )
        ).all()
    )
    created, day = 0, start
    while day < start + timedelta(days=days):
        if day.weekday() < 6:
            for window in windows:
                if (day, window) not in existing:
                    session.add(PickupSlot(day=day, window=window, capacity=capacity))
                    created += 1
        day += timedelta(days=1)
    await session.flush()
    return created
