"""Written claims on the claim page: register one (with its scan), answer it, read the letter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from backend.claims.models import ActorKind, Attachment, Claim
from backend.claims.storage import UploadRejected
from backend.staff.models import StaffUser
from backend.warranty.written import Demand
from backend.web.console.pages import console_page
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state
from backend.web.uploads import store_upload
from backend.written_claims.models import AnswerDecision, WrittenClaim
from backend.written_claims.service import (
    Actor,
    Answer,
    WrittenClaimEntry,
    answer_letter,
    answer_written_claim,
    register_written_claim,
    render_letter_pdf,
)

router = APIRouter()


def _actor(user: StaffUser) -> Actor:
    return Actor(ActorKind.STAFF, user.id, user.display_name or user.login)


def _back(claim_id: int, error: str = "") -> RedirectResponse:
    suffix = f"?error={error}" if error else ""
    return RedirectResponse(f"/staff/claims/{claim_id}{suffix}#written", status_code=303)


async def _scan(request: Request, scan: UploadFile | None, claim: Claim) -> int | None:
    """Store an uploaded scan through the checked storage; its attachment id."""
    if scan is None or not scan.filename:
        return None
    state = app_state(request.app)
    item = await store_upload(scan, state.settings, state.clock.now())
    async with state.sessions() as session:
        row = Attachment(
            claim_id=claim.id,
            customer_id=claim.customer_id,
            kind="claim_letter",
            sha256=item.sha256,
            content_type=item.content_type,
            size=item.size,
            path=item.path,
            original_name=item.original_name,
            created_at=state.clock.now(),
        )
        session.add(row)
        await session.commit()
        return row.id


@router.post("/claims/{claim_id}/written")
async def register_written(
    request: Request,
    claim_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    received_on: Annotated[str, Form(max_length=10)] = "",
    demand: Annotated[str, Form(max_length=32)] = "",
    text: Annotated[str, Form(max_length=8000)] = "",
    scan: UploadFile | None = None,
) -> Response:
    """Register a written claim the customer handed in or posted, with its answer deadline."""
    if not csrf_ok(request, csrf):
        return _back(claim_id, "expired")
    try:
        entry_demand, received = Demand(demand), date.fromisoformat(received_on)
    except ValueError:
        return _back(claim_id, "invalid")
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
    if claim is None:
        return RedirectResponse("/staff", status_code=303)
    try:
        attachment_id = await _scan(request, scan, claim)
    except UploadRejected as rejected:
        return _back(claim_id, f"upload_{rejected.reason}")
    entry = WrittenClaimEntry(entry_demand, received, text.strip(), attachment_id, "console")
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
        assert claim is not None
        await register_written_claim(session, claim, entry, _actor(user), state.clock.now())
        await session.commit()
    return _back(claim_id)


def _amount(value: str) -> Decimal | None:
    cleaned = value.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    amount = Decimal(cleaned)
    if amount < 0 or not amount.is_finite():
        raise InvalidOperation(value)
    return amount


@router.post("/claims/{claim_id}/written/{written_id}/answer")
async def answer_written(
    request: Request,
    claim_id: int,
    written_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    decision: Annotated[str, Form(max_length=16)] = "",
    text: Annotated[str, Form(max_length=8000)] = "",
    refund_amount: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Answer a written claim: the letter goes to the customer's chat and onto the timeline."""
    if not csrf_ok(request, csrf):
        return _back(claim_id, "expired")
    try:
        answer = Answer(AnswerDecision(decision), text.strip(), _amount(refund_amount))
    except (ValueError, InvalidOperation):
        return _back(claim_id, "invalid")
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
        written = await session.get(WrittenClaim, written_id)
        if claim is None or written is None or written.claim_id != claim_id:
            return RedirectResponse("/staff", status_code=303)
        if written.answered_at is not None:
            return _back(claim_id, "not_allowed")
        await answer_written_claim(
            session,
            claim,
            written,
            answer,
            _actor(user),
            now=state.clock.now(),
            media_dir=state.settings.media_dir,
            company=state.settings.company_name,
            currency=state.settings.currency,
        )
        await session.commit()
    state.hub.wake()
    return _back(claim_id)


@router.get("/claims/{claim_id}/written/{written_id}/{kind}")
async def written_letter(
    request: Request, claim_id: int, written_id: int, kind: str, user: Agent
) -> Response:
    """The answer letter in the customer's language: `letter` (printable page) or `letter.pdf`."""
    if kind not in ("letter", "letter.pdf"):
        return console_page(request, "not_found.html", user, status_code=404)
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
        written = await session.get(WrittenClaim, written_id)
        if claim is None or written is None or written.claim_id != claim_id:
            return console_page(request, "not_found.html", user, status_code=404)
        company = state.settings.company_name
        letter, locale = await answer_letter(
            session,
            claim,
            written,
            company,
            state.clock.today(),
            currency=state.settings.currency,
        )
    if kind == "letter.pdf":
        name = f"{claim.number}-answer.pdf"
        return Response(
            render_letter_pdf(letter),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}"'},
        )
    return console_page(
        request,
        "letter.html",
        user,
        letter=letter,
        letter_locale=locale,
        claim_id=claim_id,
        written_id=written_id,
    )
