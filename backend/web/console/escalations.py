"""Escalations: conversations handed to a person, answered live."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from backend.conversations.models import Conversation
from backend.customers.models import Customer
from backend.escalations.models import Escalation, EscalationStatus
from backend.escalations.service import (
    canned_text,
    close_by_staff,
    escalation_thread,
    staff_reply,
)
from backend.staff.canned import replies_for
from backend.web.console.pages import console_page, staff_locale
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state

router = APIRouter()


@router.get("/escalations")
async def escalations_page(request: Request, user: Agent, show: str = "open") -> Response:
    """Threads handed to a person, newest first."""
    status = EscalationStatus.CLOSED if show == "closed" else EscalationStatus.OPEN
    async with app_state(request.app).sessions() as session:
        rows = list(
            (
                await session.execute(
                    select(Escalation, Customer)
                    .join(Customer, Customer.id == Escalation.customer_id)
                    .where(Escalation.status == status)
                    .order_by(Escalation.id.desc())
                    .limit(100)
                )
            ).all()
        )
    return console_page(request, "escalations.html", user, rows=rows, show=show)


@router.get("/escalations/{escalation_id}")
async def escalation_page(request: Request, escalation_id: int, user: Agent) -> Response:
    """One thread with the reply form and canned replies."""
    async with app_state(request.app).sessions() as session:
        escalation = await session.get(Escalation, escalation_id)
        if escalation is None:
            return console_page(request, "not_found.html", user, status_code=404)
        customer = await session.get(Customer, escalation.customer_id)
        conversation = await session.get(Conversation, escalation.conversation_id)
        thread = await escalation_thread(session, escalation_id)
        locale = conversation.locale if conversation else staff_locale(request)
        canned = await replies_for(session, locale)
    return console_page(
        request,
        "escalation.html",
        user,
        escalation=escalation,
        customer=customer,
        conversation=conversation,
        thread=thread,
        canned=canned,
    )


@router.post("/escalations/{escalation_id}/reply")
async def reply(
    request: Request,
    escalation_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
    canned: Annotated[str, Form(max_length=32)] = "",
    picked: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Send a reply (typed, or a canned one in the customer's language)."""
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
        message = canned_text(canned, locale) if canned else (text.strip() or picked.strip())
        if message:
            await staff_reply(session, escalation, user, message, state.clock.now())
            await session.commit()
    state.hub.wake()
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
