"""Pickup-slot capacity, drop-off points and transport bookings."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum, utcnow


class BookingKind(enum.StrEnum):
    """How the item travels to the workshop."""

    PICKUP = "pickup"
    DROPOFF = "dropoff"


class BookingStatus(enum.StrEnum):
    """Where a transport booking stands."""

    BOOKED = "booked"
    COLLECTED = "collected"
    CANCELLED = "cancelled"


class PickupSlot(Base):
    """A courier time window on one day with a fixed number of pickups."""

    __tablename__ = "pickup_slot"
    __table_args__ = (
        UniqueConstraint("day", "window"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    window: Mapped[str] = mapped_column(String(16))
    capacity: Mapped[int]
    booked: Mapped[int] = mapped_column(default=0)


class DropoffPoint(Base):
    """A service point where customers bring items themselves."""

    __tablename__ = "dropoff_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    hours: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(default=True)


class TransportBooking(Base):
    """A booked pickup or drop-off for one claim, with the loaner request if any."""

    __tablename__ = "transport_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    kind: Mapped[BookingKind] = mapped_column(str_enum(BookingKind))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_slot.id"))
    dropoff_point_id: Mapped[int | None] = mapped_column(ForeignKey("dropoff_point.id"))
    address: Mapped[str] = mapped_column(String(300), default="")
    company_pays: Mapped[bool] = mapped_column(default=False)
    loaner_requested: Mapped[bool] = mapped_column(default=False)
    loaner_due_by: Mapped[date | None]
    status: Mapped[BookingStatus] = mapped_column(
        str_enum(BookingStatus), default=BookingStatus.BOOKED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
