"""Pickup slots with their capacity, and drop-off points."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from backend.transport.admin import (
    TransportRefused,
    add_point,
    add_slot,
    all_points,
    set_capacity,
    upcoming_slots,
    update_point,
)
from backend.transport.models import DropoffPoint, PickupSlot
from backend.web.console.admin.common import Admin, admin_page, back
from backend.web.console.session import csrf_ok
from backend.web.state import app_state

router = APIRouter()
PAGE = "/staff/admin/transport"
Csrf = Annotated[str, Form(max_length=64)]
Text = Annotated[str, Form(max_length=400)]


@router.get("/transport")
async def transport_page(request: Request, user: Admin) -> Response:
    """Upcoming slots with their bookings and capacity, and every drop-off point."""
    state = app_state(request.app)
    async with state.sessions() as session:
        slots = await upcoming_slots(session, state.clock.today())
        points = await all_points(session)
    return admin_page(
        request, "transport.html", user, slots=slots, points=points, today=state.clock.today()
    )


def _whole(value: str) -> int | None:
    return int(value) if value.strip().isdigit() and len(value.strip()) < 6 else None


@router.post("/transport/slots")
async def new_slot(
    request: Request,
    user: Admin,
    day: Annotated[str, Form(max_length=10)] = "",
    window: Annotated[str, Form(max_length=20)] = "",
    capacity: Annotated[str, Form(max_length=8)] = "",
    csrf: Csrf = "",
) -> Response:
    """Add a courier window on a day."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    try:
        on = date.fromisoformat(day)
    except ValueError:
        return back(PAGE, "invalid")
    number = _whole(capacity)
    if number is None:
        return back(PAGE, "capacity_invalid")
    state = app_state(request.app)
    async with state.sessions() as session:
        try:
            await add_slot(session, user, on, window, number, state.clock.now())
        except TransportRefused as refused:
            return back(PAGE, refused.code)
        await session.commit()
    return back(PAGE, "saved")


@router.post("/transport/slots/{slot_id}")
async def slot_capacity(
    request: Request,
    slot_id: int,
    user: Admin,
    capacity: Annotated[str, Form(max_length=8)] = "",
    csrf: Csrf = "",
) -> Response:
    """Change how many pickups a slot takes."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    number = _whole(capacity)
    if number is None:
        return back(PAGE, "capacity_invalid")
    state = app_state(request.app)
    async with state.sessions() as session:
        slot = await session.get(PickupSlot, slot_id)
        if slot is None:
            return back(PAGE, "not_found")
        try:
            await set_capacity(session, user, slot, number, state.clock.now())
        except TransportRefused as refused:
            return back(PAGE, refused.code)
        await session.commit()
    return back(PAGE, "saved")


@router.post("/transport/points")
async def new_point(
    request: Request,
    user: Admin,
    name: Text = "",
    address: Text = "",
    hours: Text = "",
    csrf: Csrf = "",
) -> Response:
    """Add a drop-off point."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    state = app_state(request.app)
    async with state.sessions() as session:
        try:
            await add_point(session, user, (name, address, hours), state.clock.now())
        except TransportRefused as refused:
            return back(PAGE, refused.code)
        await session.commit()
    return back(PAGE, "saved")


@router.post("/transport/points/{point_id}")
async def change_point(
    request: Request,
    point_id: int,
    user: Admin,
    name: Text = "",
    address: Text = "",
    hours: Text = "",
    active: Annotated[str, Form(max_length=4)] = "",
    csrf: Csrf = "",
) -> Response:
    """Change a point's name, address, hours, or take it out of use."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    state = app_state(request.app)
    async with state.sessions() as session:
        point = await session.get(DropoffPoint, point_id)
        if point is None:
            return back(PAGE, "not_found")
        fields = (name, address, hours, active == "1")
        try:
            await update_point(session, user, point, fields, state.clock.now())
        except TransportRefused as refused:
            return back(PAGE, refused.code)
        await session.commit()
    return back(PAGE, "saved")
