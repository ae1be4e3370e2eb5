"""Pickup slots and drop-off points as an administrator keeps them; every change audited."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.staff.audit import changes, record
from backend.staff.models import StaffUser
from backend.transport.models import DropoffPoint, PickupSlot

WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
MAX_CAPACITY = 500


class TransportRefused(ValueError):
    """A slot or point the rules refuse; `code` names the rule."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


async def upcoming_slots(session: AsyncSession, today: date, limit: int = 120) -> list[PickupSlot]:
    """Slots from `today` on, by day and window."""
    query = (
        select(PickupSlot)
        .where(PickupSlot.day >= today)
        .order_by(PickupSlot.day, PickupSlot.window)
    )
    return list(await session.scalars(query.limit(limit)))


def _window(window: str) -> str:
    window = window.strip().replace("–", "-").replace(" ", "")
    if not WINDOW.match(window) or window[:5] >= window[6:]:
        raise TransportRefused("window_invalid")
    return window


def _capacity(capacity: int, booked: int = 0) -> int:
    if not 0 <= capacity <= MAX_CAPACITY:
        raise TransportRefused("capacity_invalid")
    if capacity < booked:
        raise TransportRefused("capacity_below_booked")
    return capacity


async def add_slot(
    session: AsyncSession,
    actor: StaffUser,
    day: date,
    window: str,
    capacity: int,
    now: datetime,
) -> PickupSlot:
    """A new courier window on a day that has not passed, audited (no commit)."""
    window = _window(window)
    if day < now.date():
        raise TransportRefused("day_passed")
    taken = await session.scalar(
        select(PickupSlot.id).where(PickupSlot.day == day, PickupSlot.window == window)
    )
    if taken is not None:
        raise TransportRefused("slot_exists")
    slot = PickupSlot(day=day, window=window, capacity=_capacity(capacity), booked=0)
    session.add(slot)
    await session.flush()
    after = {"day": day.isoformat(), "window": window, "capacity": slot.capacity}
    await record(session, actor, "slot.create", f"{day.isoformat()} {window}", now, after=after)
    return slot


async def set_capacity(
    session: AsyncSession, actor: StaffUser, slot: PickupSlot, capacity: int, now: datetime
) -> None:
    """A slot's new capacity, never below what is already booked, audited (no commit)."""
    before = slot.capacity
    slot.capacity = _capacity(capacity, slot.booked)
    if before != slot.capacity:
        target = f"{slot.day.isoformat()} {slot.window}"
        await record(
            session, actor, "slot.update", target, now, {"capacity": before}, {"capacity": capacity}
        )


def _point_fields(name: str, address: str, hours: str) -> tuple[str, str, str]:
    name, address, hours = name.strip(), address.strip(), hours.strip()
    if not name or not address:
        raise TransportRefused("point_incomplete")
    if len(name) > 200 or len(address) > 300 or len(hours) > 100:
        raise TransportRefused("point_too_long")
    return name, address, hours


def _point(point: DropoffPoint) -> dict[str, str | bool]:
    return {
        "name": point.name,
        "address": point.address,
        "hours": point.hours,
        "active": point.active,
    }


async def all_points(session: AsyncSession) -> list[DropoffPoint]:
    """Every drop-off point, active ones first."""
    query = select(DropoffPoint).order_by(DropoffPoint.active.desc(), DropoffPoint.name)
    return list(await session.scalars(query))


async def add_point(
    session: AsyncSession, actor: StaffUser, fields: tuple[str, str, str], now: datetime
) -> DropoffPoint:
    """A new active drop-off point, audited (no commit)."""
    name, address, hours = _point_fields(*fields)
    point = DropoffPoint(name=name, address=address, hours=hours, active=True)
    session.add(point)
    await session.flush()
    await record(session, actor, "dropoff.create", name, now, after=_point(point))
    return point


async def update_point(
    session: AsyncSession,
    actor: StaffUser,
    point: DropoffPoint,
    fields: tuple[str, str, str, bool],
    now: datetime,
) -> None:
    """New name, address, hours or active flag of a point, audited (no commit)."""
    before = _point(point)
    point.name, point.address, point.hours = _point_fields(*fields[:3])
    point.active = fields[3]
    old, new = changes(before, _point(point))
    if new:
        await record(session, actor, "dropoff.update", point.name, now, old, new)
