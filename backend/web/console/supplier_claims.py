"""Claims to suppliers: the list with states, building one, its page, CSV and PDF."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from backend.errors import DomainError
from backend.parts.models import SupplierClaimState
from backend.parts.supplier_claims import (
    NEXT_STATES,
    ClaimRequest,
    build_supplier_claim,
    component_choices,
    move_supplier_claim,
    supplier_claim_list,
    supplier_claim_view,
)
from backend.parts.supplier_export import supplier_claim_csv, supplier_claim_pdf
from backend.web.console.claims import error_text
from backend.web.console.pages import console_page, staff_locale
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state

router = APIRouter()
LIST = "/staff/supplier-claims"
DEFAULT_DAYS = 90


@router.get("/supplier-claims")
async def supplier_claims_page(request: Request, user: Agent) -> Response:
    """Every supplier claim with its state, and the form that builds a new one."""
    state = app_state(request.app)
    async with state.sessions() as session:
        claims = await supplier_claim_list(session)
        choices = await component_choices(session)
    today = state.clock.today()
    return console_page(
        request,
        "supplier_claims.html",
        user,
        claims=claims,
        choices=choices,
        default_from=today - timedelta(days=DEFAULT_DAYS),
        default_to=today,
        currency=state.settings.currency,
        error_text=error_text(request.query_params.get("error", "")),
    )


def _wanted(choice: str, date_from: str, date_to: str) -> ClaimRequest | None:
    supplier, _, component = choice.partition("|")
    try:
        wanted = ClaimRequest(
            int(supplier), component, date.fromisoformat(date_from), date.fromisoformat(date_to)
        )
    except ValueError:
        return None
    return wanted if component and wanted.period_from <= wanted.period_to else None


@router.post("/supplier-claims")
async def build(
    request: Request,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    choice: Annotated[str, Form(max_length=230)] = "",
    date_from: Annotated[str, Form(max_length=10)] = "",
    date_to: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Build a draft claim to the supplier from the diagnosed failures of the period."""
    if not csrf_ok(request, csrf):
        return RedirectResponse(f"{LIST}?error=expired", status_code=303)
    wanted = _wanted(choice, date_from, date_to)
    if wanted is None:
        return RedirectResponse(f"{LIST}?error=invalid", status_code=303)
    state = app_state(request.app)
    settings = state.settings
    async with state.sessions() as session:
        try:
            claim = await build_supplier_claim(
                session,
                wanted,
                settings.labour_rate_per_hour,
                settings.currency,
                user.display_name or user.login,
                state.clock.now(),
            )
        except DomainError as error:
            return RedirectResponse(f"{LIST}?error={error.code}", status_code=303)
        await session.commit()
    return RedirectResponse(f"{LIST}/{claim.id}", status_code=303)


@router.get("/supplier-claims/{supplier_claim_id}")
async def supplier_claim_page(request: Request, supplier_claim_id: int, user: Agent) -> Response:
    """One supplier claim: the supplier, the units and their costs, the next states."""
    state = app_state(request.app)
    async with state.sessions() as session:
        view = await supplier_claim_view(session, supplier_claim_id)
    if view is None:
        return console_page(request, "not_found.html", user, status_code=404)
    return console_page(
        request,
        "supplier_claim.html",
        user,
        view=view,
        next_states=NEXT_STATES[view.claim.state],
        error_text=error_text(request.query_params.get("error", "")),
    )


@router.post("/supplier-claims/{supplier_claim_id}/state")
async def move(
    request: Request,
    supplier_claim_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    state: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Mark the claim sent, or record the supplier's answer."""
    page = f"{LIST}/{supplier_claim_id}"
    if not csrf_ok(request, csrf):
        return RedirectResponse(f"{page}?error=expired", status_code=303)
    app = app_state(request.app)
    async with app.sessions() as session:
        try:
            target = SupplierClaimState(state)
            await move_supplier_claim(session, supplier_claim_id, target, app.clock.now())
        except ValueError:
            return RedirectResponse(f"{page}?error=invalid", status_code=303)
        except DomainError as error:
            return RedirectResponse(f"{page}?error={error.code}", status_code=303)
        await session.commit()
    return RedirectResponse(page, status_code=303)


@router.get("/supplier-claims/{supplier_claim_id}/export.{kind}")
async def export(request: Request, supplier_claim_id: int, kind: str, user: Agent) -> Response:
    """The supplier claim as CSV (UTF-8 with a BOM) or PDF, in the staff member's language."""
    state = app_state(request.app)
    async with state.sessions() as session:
        view = await supplier_claim_view(session, supplier_claim_id)
    if view is None or kind not in ("csv", "pdf"):
        return console_page(request, "not_found.html", user, status_code=404)
    locale = staff_locale(request)
    name = f"{view.claim.number}.{kind}"
    if kind == "csv":
        content, media = supplier_claim_csv(view, locale), "text/csv; charset=utf-8"
    else:
        content = supplier_claim_pdf(view, locale, state.settings.company_name)
        media = "application/pdf"
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
