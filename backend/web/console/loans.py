"""A claim's loaner in the console: issue a unit, record the signature on delivery, take it
back, and print the issue and return acts (HTML or PDF, in the customer's language)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.errors import DomainError
from backend.i18n import pick_locale
from backend.loaners.acts import (
    ACT_KINDS,
    act_pdf,
    act_rows,
    act_signatures,
    act_subtitle,
    act_title,
    loaner_act,
)
from backend.loaners.errors import LoanerUnavailable, LoanNotOpen
from backend.loaners.models import Loan
from backend.loaners.service import Issue, issue_loaner, record_signature, return_loaner
from backend.web.console.session import Agent, csrf_ok
from backend.web.pages import render_page
from backend.web.state import app_state

router = APIRouter()
Csrf = Annotated[str, Form(max_length=64)]
Version = Annotated[int, Form(ge=0)]
Change = Callable[[AsyncSession, Loan], Awaitable[object]]


async def _apply(request: Request, claim_id: int, loan_id: int, change: Change) -> Response:
    """Run one change on the claim's loan and commit; a refusal comes back as `?error=`."""
    target = f"/staff/claims/{claim_id}"
    state = app_state(request.app)
    async with state.sessions() as session:
        loan = await session.get(Loan, loan_id)
        if loan is None or loan.claim_id != claim_id:
            return RedirectResponse(f"{target}?error={LoanNotOpen.code}", status_code=303)
        try:
            await change(session, loan)
            await session.commit()
        except DomainError as refused:
            return RedirectResponse(f"{target}?error={refused.code}", status_code=303)
        except (StaleDataError, IntegrityError):
            # Another person issued the unit or changed the loan between our read and write.
            return RedirectResponse(f"{target}?error={LoanerUnavailable.code}", status_code=303)
    state.hub.wake()
    return RedirectResponse(f"{target}#loaner", status_code=303)


def _expired(claim_id: int) -> Response:
    return RedirectResponse(f"/staff/claims/{claim_id}?error=expired", status_code=303)


@router.post("/claims/{claim_id}/loaner/issue")
async def issue(
    request: Request,
    claim_id: int,
    user: Agent,
    loan_id: Annotated[int, Form(ge=0)] = 0,
    loan_version: Version = 0,
    unit: Annotated[str, Form(max_length=40)] = "",
    due_back_on: Annotated[date | None, Form()] = None,
    csrf: Csrf = "",
) -> Response:
    """Issue the chosen unit (`id:version` as the page showed it) with its return date."""
    if not csrf_ok(request, csrf):
        return _expired(claim_id)
    unit_id, _, unit_version = unit.partition(":")
    if not unit_id.isdigit() or not unit_version.isdigit() or due_back_on is None:
        return RedirectResponse(f"/staff/claims/{claim_id}?error=invalid", status_code=303)
    chosen = Issue(loan_version, int(unit_id), int(unit_version), due_back_on)
    now = app_state(request.app).clock.now()

    async def change(session: AsyncSession, loan: Loan) -> object:
        return await issue_loaner(session, loan, chosen, user, now)

    return await _apply(request, claim_id, loan_id, change)


@router.post("/claims/{claim_id}/loaner/sign")
async def sign(
    request: Request,
    claim_id: int,
    user: Agent,
    loan_id: Annotated[int, Form(ge=0)] = 0,
    loan_version: Version = 0,
    signed_by: Annotated[str, Form(max_length=200)] = "",
    csrf: Csrf = "",
) -> Response:
    """Record that the customer (or who received the unit) signed the issue act on delivery."""
    if not csrf_ok(request, csrf):
        return _expired(claim_id)
    now = app_state(request.app).clock.now()

    async def change(session: AsyncSession, loan: Loan) -> None:
        await record_signature(session, loan, loan_version, signed_by, user, now)

    return await _apply(request, claim_id, loan_id, change)


@router.post("/claims/{claim_id}/loaner/return")
async def take_back(
    request: Request,
    claim_id: int,
    user: Agent,
    loan_id: Annotated[int, Form(ge=0)] = 0,
    loan_version: Version = 0,
    condition: Annotated[str, Form(max_length=2000)] = "",
    needs_service: Annotated[str, Form(max_length=1)] = "",
    csrf: Csrf = "",
) -> Response:
    """Take the unit back with its condition noted; it returns to the pool."""
    if not csrf_ok(request, csrf):
        return _expired(claim_id)
    now = app_state(request.app).clock.now()

    async def change(session: AsyncSession, loan: Loan) -> object:
        service = needs_service == "1"
        return await return_loaner(session, loan, loan_version, condition, service, user, now)

    return await _apply(request, claim_id, loan_id, change)


@router.get("/loans/{loan_id}/{kind}")
async def act_page(request: Request, loan_id: int, kind: str, user: Agent) -> Response:
    """The issue or return act as a printable page, or as PDF (`issue-act.pdf`), in the
    customer's language unless `?lang=` names another."""
    as_pdf = kind.endswith(".pdf")
    kind = kind.removesuffix(".pdf")
    state = app_state(request.app)
    async with state.sessions() as session:
        loan = await session.scalar(select(Loan).where(Loan.id == loan_id))
        act = await loaner_act(session, loan) if loan is not None else None
    if act is None or loan is None or kind not in ACT_KINDS:
        return Response(status_code=404)
    if kind == "return-act" and act.returned_at is None:
        return Response(status_code=404)
    locale = pick_locale(request.query_params.get("lang") or act.customer_locale)
    company = state.settings.company_name
    if as_pdf:
        return Response(
            act_pdf(act, kind, locale, company),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{act.number}-{kind}.pdf"'},
        )
    return render_page(
        request,
        "staff/loaner_act.html",
        locale,
        title=act_title(act, kind, locale),
        subtitle=act_subtitle(act, kind, locale, company),
        rows=act_rows(act, kind, locale),
        signatures=act_signatures(kind, locale),
        claim_id=loan.claim_id,
    )
