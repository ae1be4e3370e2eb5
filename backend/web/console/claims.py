"""One claim: customer, unit, warranty answer and its rules, photos, transport, timeline."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from backend.catalog.models import Product, Unit
from backend.claims.document_service import longest_agreed_term
from backend.claims.documents import TITLES, available_kinds
from backend.claims.images import preview
from backend.claims.models import Attachment, Claim
from backend.claims.papers import claim_papers
from backend.claims.policy import claim_decision
from backend.claims.queue import deadline_badge
from backend.claims.service import check_version
from backend.claims.workflow import (
    DECISION_STATUS,
    REASONS,
    Action,
    Decision,
    DiagnosisResult,
    StaffAction,
    TransitionNotAllowed,
    ranked_actions,
    suggested_decision,
)
from backend.claims.workflow_apply import apply_action
from backend.customers.models import Customer
from backend.errors import DomainError, StaleClaim, messages_by_code
from backend.i18n import N_
from backend.loaners.panel import loaner_panel
from backend.notifications.models import OutboxMessage
from backend.parts.service import claim_costs, model_parts
from backend.transport.models import TransportBooking
from backend.warranty.explain import citation_for, explain_decision, penalty_lines
from backend.warranty.remaining import remaining_for
from backend.web.console.pages import console_page, staff_locale
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state
from backend.written_claims.service import written_claims_of

router = APIRouter()
ERRORS = {
    "not_allowed": N_("This action is not allowed in the claim's current status."),
    "decision_required": N_(
        "Decide on the claim first: repair, replacement, refund or price reduction."
    ),
    "reason_required": N_("Choose the reason the customer will read."),
    "reason_text_required": N_("Describe the reason for the customer in a few words."),
    "diagnosis_required": N_("Choose the result of the diagnosis."),
    "part_required": N_("Choose a part (or name another) and a quantity of at least 1."),
    "expired": N_("The form expired. Please try again."),
    "term_too_long": N_("The agreed repair term is longer than the law allows."),
    "no_chat": N_("The customer has no chat to send the document to."),
    "paperwork_invalid": N_("Check the numbers and the date in the details for the documents."),
    "invalid": N_("The form expired. Please try again."),
}


def error_text(code: str) -> str:
    """The message for an `?error=` code: the console's own, else the domain error's."""
    return ERRORS.get(code) or messages_by_code().get(code, "")


async def _load(request: Request, claim_id: int) -> Claim | None:
    async with app_state(request.app).sessions() as session:
        return await session.scalar(
            select(Claim)
            .where(Claim.id == claim_id)
            .options(selectinload(Claim.events), selectinload(Claim.attachments))
        )


@router.get("/claims/{claim_id}")
async def claim_page(request: Request, claim_id: int, user: Agent) -> Response:
    """Everything about one claim and the actions its status allows."""
    state = app_state(request.app)
    claim = await _load(request, claim_id)
    if claim is None:
        return console_page(request, "not_found.html", user, status_code=404)
    async with state.sessions() as session:
        customer = await session.get(Customer, claim.customer_id)
        product = await session.get(Product, claim.product_id)
        assert product is not None  # a claim's product is a foreign key
        unit = await session.get(Unit, claim.unit_id) if claim.unit_id else None
        today = state.clock.today()
        decision = await claim_decision(session, claim, today)
        loaner = await loaner_panel(session, claim, today, staff_locale(request))
        bookings = list(
            await session.scalars(
                select(TransportBooking).where(TransportBooking.claim_id == claim.id)
            )
        )
        written = await written_claims_of(session, claim.id)
        papers = await claim_papers(session, claim)
        outbox = {
            m.id: m
            for m in await session.scalars(
                select(OutboxMessage).where(OutboxMessage.claim_id == claim.id)
            )
        }
        settings = state.settings
        costs = await claim_costs(
            session, claim.id, settings.labour_rate_per_hour, settings.currency
        )
        parts = await model_parts(session, claim.product_id)
    return console_page(
        request,
        "claim.html",
        user,
        claim=claim,
        customer=customer,
        product=product,
        unit=unit,
        warranty_lines=[
            *explain_decision(decision, staff_locale(request), settings.currency),
            *penalty_lines(
                decision, claim.statutory_due_on, today, staff_locale(request), settings.currency
            ),
            *remaining_for(
                decision,
                product.category,
                product.service_life_months,
                unit.sold_on if unit else claim.purchase_date,
                claim.created_at.date(),
                staff_locale(request),
                settings.currency,
            ),
        ],
        bookings=bookings,
        loaner=loaner,
        outbox=outbox,
        actions=ranked_actions(claim.status),
        decisions=list(DECISION_STATUS),
        suggested=suggested_decision(claim.requested_remedy),
        reasons={action.value: list(codes) for action, codes in REASONS.items()},
        diagnoses=list(DiagnosisResult),
        due_citation=citation_for(claim.jurisdiction, claim.due_rule, staff_locale(request)),
        badge=deadline_badge(claim.statutory_due_on, today, claim.status),
        written=written,
        written_citations={
            w.id: citation_for(claim.jurisdiction, w.due_rule, staff_locale(request))
            for w in written
        },
        today=today,
        error_text=error_text(request.query_params.get("error", "")),
        costs=costs,
        parts=parts,
        documents=[(kind, TITLES[kind]) for kind in available_kinds(papers)],
        paperwork=papers.paperwork,
        longest_term=longest_agreed_term(claim.jurisdiction),
        document_language=papers.locale,
    )


@router.post("/claims/{claim_id}/action")
async def claim_action(
    request: Request,
    claim_id: int,
    user: Agent,
    action: Annotated[str, Form(max_length=32)] = "",
    csrf: Annotated[str, Form(max_length=64)] = "",
    notes: Annotated[str, Form(max_length=2000)] = "",
    decision: Annotated[str, Form(max_length=32)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    reason_code: Annotated[str, Form(max_length=32)] = "",
    diagnosis: Annotated[str, Form(max_length=32)] = "",
    part: Annotated[str, Form(max_length=200)] = "",
    part_id: Annotated[int, Form(ge=0)] = 0,
    quantity: Annotated[int, Form(ge=0, le=1000)] = 0,
    failed_part_id: Annotated[int, Form(ge=0)] = 0,
    labour_hours: Annotated[Decimal, Form(ge=0, le=1000, decimal_places=2)] = Decimal(0),
    version: Annotated[int, Form(ge=0)] = 0,
) -> Response:
    """Apply one action; a transition the status doesn't allow, or an action on a claim that
    changed since the page showed `version`, is refused with a message."""
    target = f"/staff/claims/{claim_id}"
    if not csrf_ok(request, csrf):
        return RedirectResponse(f"{target}?error=expired", status_code=303)
    try:
        request_action = StaffAction(
            Action(action),
            notes=notes,
            reason=reason,
            reason_code=reason_code,
            part=part,
            part_id=part_id or None,
            quantity=quantity,
            failed_part_id=failed_part_id or None,
            labour_hours=labour_hours,
            decision=Decision(decision) if decision else None,
            diagnosis=DiagnosisResult(diagnosis) if diagnosis else None,
        )
    except ValueError:
        return RedirectResponse(f"{target}?error=invalid", status_code=303)
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
        if claim is None:
            return RedirectResponse("/staff", status_code=303)
        try:
            check_version(claim, version)
            await apply_action(session, claim, user, request_action, state.clock.now())
            await session.commit()
        except TransitionNotAllowed as refused:
            return RedirectResponse(f"{target}?error={refused.code}", status_code=303)
        except (DomainError, StaleDataError) as error:
            code = error.code if isinstance(error, DomainError) else StaleClaim.code
            return RedirectResponse(f"{target}?error={code}", status_code=303)
    state.hub.wake()
    return RedirectResponse(target, status_code=303)


async def _attachment_path(request: Request, attachment_id: int) -> tuple[Attachment, Path] | None:
    state = app_state(request.app)
    async with state.sessions() as session:
        attachment = await session.get(Attachment, attachment_id)
    if attachment is None:
        return None
    root = state.settings.media_dir.resolve()
    path = (root / attachment.path).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return attachment, path


@router.get("/attachments/{attachment_id}")
async def attachment_file(request: Request, attachment_id: int, user: Agent) -> Response:
    """A stored photo or document, for staff only, always as a download (never run inline)."""
    found = await _attachment_path(request, attachment_id)
    if found is None:
        return Response(status_code=404)
    attachment, path = found
    return FileResponse(
        path,
        media_type=attachment.content_type,
        filename=f"{attachment.kind}-{attachment.id}{path.suffix}",
        content_disposition_type="attachment",
    )


@router.get("/attachments/{attachment_id}/preview")
async def attachment_preview(request: Request, attachment_id: int, user: Agent) -> Response:
    """A small JPEG made from a customer's photo; the original is never decoded in the page."""
    found = await _attachment_path(request, attachment_id)
    if found is None:
        return Response(status_code=404)
    attachment, path = found
    media_dir = app_state(request.app).settings.media_dir
    target = media_dir / "previews" / f"{attachment.sha256}.jpg"
    if not attachment.content_type.startswith("image/") or not await asyncio.to_thread(
        preview, path, target
    ):
        return Response(status_code=404)
    return FileResponse(target, media_type="image/jpeg")
