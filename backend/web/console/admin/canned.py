"""Canned replies per language, picked in an escalation's reply form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from backend.i18n import LOCALES
from backend.staff.canned import (
    CannedReply,
    CannedReplyInvalid,
    add_reply,
    all_replies,
    delete_reply,
    update_reply,
)
from backend.web.console.admin.common import Admin, admin_page, back
from backend.web.console.session import csrf_ok
from backend.web.state import app_state

router = APIRouter()
PAGE = "/staff/admin/canned"
Csrf = Annotated[str, Form(max_length=64)]


@router.get("/canned")
async def canned_page(request: Request, user: Admin) -> Response:
    """Every stored reply by language, each editable, and the form for a new one."""
    async with app_state(request.app).sessions() as session:
        replies = await all_replies(session)
    return admin_page(request, "canned.html", user, replies=replies, locales=LOCALES)


@router.post("/canned")
async def new_reply(
    request: Request,
    user: Admin,
    locale: Annotated[str, Form(max_length=8)] = "",
    title: Annotated[str, Form(max_length=200)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
    csrf: Csrf = "",
) -> Response:
    """Store a new reply."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    state = app_state(request.app)
    async with state.sessions() as session:
        try:
            await add_reply(session, user, locale, title, text, state.clock.now())
        except CannedReplyInvalid:
            return back(PAGE, "canned_invalid")
        await session.commit()
    return back(PAGE, "saved")


@router.post("/canned/{reply_id}")
async def change_reply(
    request: Request,
    reply_id: int,
    user: Admin,
    do: Annotated[str, Form(max_length=16)] = "save",
    locale: Annotated[str, Form(max_length=8)] = "",
    title: Annotated[str, Form(max_length=200)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
    csrf: Csrf = "",
) -> Response:
    """Save a reply's changes, or delete it."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    state = app_state(request.app)
    async with state.sessions() as session:
        reply = await session.get(CannedReply, reply_id)
        if reply is None:
            return back(PAGE, "not_found")
        try:
            if do == "delete":
                await delete_reply(session, user, reply, state.clock.now())
            else:
                await update_reply(session, user, reply, (locale, title, text), state.clock.now())
        except CannedReplyInvalid:
            return back(PAGE, "canned_invalid")
        await session.commit()
    return back(PAGE, "saved")
