"""Escalations: the inbox of conversations handed to a person, and one thread, live."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from backend.conversations.models import Conversation
from backend.escalations.inbox import inbox
from backend.escalations.models import Escalation, EscalationStatus
from backend.escalations.service import (
    CANNED_REPLIES,
    add_note,
    assign,
    canned_text,
    close_by_staff,
    staff_reply,
)
from backend.escalations.thread_view import thread_view
from backend.staff.models import StaffUser
from backend.web.console.pages import console_page, staff_locale
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state

router = APIRouter()
# Each language by its own name, as a colleague who speaks it would look for it.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ko": "한국어"}


@router.get("/escalations")
async def escalations_page(request: Request, user: Agent, show: str = "open") -> Response:
    """Threads handed to a person: who waits longest first, with preview and unread marks."""
    status = EscalationStatus.CLOSED if show == "closed" else EscalationStatus.OPEN
    state = app_state(request.app)
    async with state.sessions() as session:
        rows = await inbox(session, user.id, status)
    return console_page(
        request, "escalations.html", user, rows=rows, show=status.value, now=state.clock.now()
    )


@router.get("/escalations/{escalation_id}")
async def escalation_page(request: Request, escalation_id: int, user: Agent) -> Response:
    """One thread: the bot part before it, the customer's claims beside it, the reply forms."""
    state = app_state(request.app)
    async with state.sessions() as session:
        view = await thread_view(session, escalation_id, user)
    if view is None:
        return console_page(request, "not_found.html", user, status_code=404)
    return console_page(
        request,
        "escalation.html",
        user,
        view=view,
        escalation=view.escalation,
        now=state.clock.now(),
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        canned=[(key, canned_text(key, staff_locale(request))) for key in CANNED_REPLIES],
    )


@router.post("/escalations/{escalation_id}/reply")
async def reply(
    request: Request,
    escalation_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
    canned: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Send a reply (typed, or a canned one in the customer's language), signed with the name."""
    target = f"/staff/escalations/{escalation_id}"
    if not csrf_ok(request, csrf):
        return RedirectResponse(target, status_code=303)
    state = app_state(request.app)
    async with state.sessions() as session:
        escalation = await session.get(Escalation, escalation_id)
        if escalation is None or escalation.status is not EscalationStatus.OPEN:
            return RedirectResponse(target, status_code=303)
        conversation = await session.get(Conversation, escalation.conversation_id)
        locale = conversation.locale if conversation else "en"
        message = canned_text(canned, locale) if canned else text.strip()
        if message:
            await staff_reply(session, escalation, user, message, state.clock.now())
            await session.commit()
    state.hub.wake()
    return RedirectResponse(target, status_code=303)


@router.post("/escalations/{escalation_id}/note")
async def note(
    request: Request,
    escalation_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Add an internal note: colleagues see it in the thread, the customer never does."""
    target = f"/staff/escalations/{escalation_id}"
    state = app_state(request.app)
    if csrf_ok(request, csrf) and text.strip():
        async with state.sessions() as session:
            escalation = await session.get(Escalation, escalation_id)
            if escalation is not None:
                await add_note(session, escalation, user, text.strip(), state.clock.now())
                await session.commit()
    return RedirectResponse(target, status_code=303)


@router.post("/escalations/{escalation_id}/assign")
async def assign_thread(
    request: Request,
    escalation_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    to: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Take the thread (`to` empty or oneself) or hand it to an active colleague."""
    target = f"/staff/escalations/{escalation_id}"
    state = app_state(request.app)
    if csrf_ok(request, csrf):
        async with state.sessions() as session:
            escalation = await session.get(Escalation, escalation_id)
            colleague = await session.get(StaffUser, int(to)) if to.isdigit() else user
            if (
                escalation is not None
                and escalation.status is EscalationStatus.OPEN
                and colleague is not None
                and colleague.is_active
            ):
                assign(escalation, colleague)
                await session.commit()
    return RedirectResponse(target, status_code=303)


@router.post("/escalations/{escalation_id}/close")
async def close(
    request: Request,
    escalation_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Close the thread; the customer is back with the bot."""
    state = app_state(request.app)
    if csrf_ok(request, csrf):
        async with state.sessions() as session:
            escalation = await session.get(Escalation, escalation_id)
            if escalation is not None and escalation.status is EscalationStatus.OPEN:
                await close_by_staff(session, escalation, state.clock.now())
                await session.commit()
        state.hub.wake()
    return RedirectResponse("/staff/escalations", status_code=303)
