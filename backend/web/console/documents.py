"""The claim's documents in the console: printable page, PDF, the details form, sending.

`/staff/claims/{id}/{kind}` is the printable page and `/staff/claims/{id}/{kind}.pdf` the file
(`act` and `waybill` kept their addresses); `?language=` picks the document's language, the
customer's by default, while the page around it stays in the staff member's language.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from backend.claims.document_service import PaperworkRefused, record_paperwork, send_document
from backend.claims.documents import KINDS, Letterhead, document_filename, document_pdf
from backend.claims.documents import render_document as render_layout
from backend.claims.models import Claim
from backend.claims.papers import ClaimPapers, Paperwork, claim_papers
from backend.i18n import LOCALES, gettext_for
from backend.web.console.pages import console_page
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import AppState, app_state

router = APIRouter()


def letterhead(state: AppState) -> Letterhead:
    """The company, its service address and the time documents are drawn up at."""
    settings = state.settings
    return Letterhead(settings.company_name, settings.service_address, state.clock.now())


def document_locale(request: Request, papers: ClaimPapers) -> str:
    """`?language=` when staff chose one, else the customer's language."""
    chosen = request.query_params.get("language", "")
    return chosen if chosen in LOCALES else papers.locale if papers.locale in LOCALES else "en"


async def _papers(state: AppState, claim_id: int) -> tuple[Claim, ClaimPapers] | None:
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
        if claim is None:
            return None
        return claim, await claim_papers(session, claim)


@router.get("/claims/{claim_id}/{kind}")
async def claim_document_page(request: Request, claim_id: int, kind: str, user: Agent) -> Response:
    """One document of the claim as a printable page, or as PDF (`act.pdf`)."""
    as_pdf = kind.endswith(".pdf")
    kind = kind.removesuffix(".pdf")
    state = app_state(request.app)
    found = await _papers(state, claim_id) if kind in KINDS else None
    if found is None:
        return console_page(request, "not_found.html", user, status_code=404)
    claim, papers = found
    locale = document_locale(request, papers)
    if as_pdf:
        pdf = await asyncio.to_thread(document_pdf, papers, kind, locale, letterhead(state))
        name = document_filename(papers, kind)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return console_page(
        request,
        "document.html",
        user,
        layout=render_layout(papers, kind, locale, letterhead(state)),
        kind=kind,
        claim=claim,
        document_language=locale,
        languages=LOCALES,
        title=gettext_for(locale, KINDS[kind].title),
    )


def _paperwork(form: dict[str, str]) -> Paperwork:
    """The details form as values; a malformed number or date raises ValueError."""
    days, on = form["agreed_repair_days"].strip(), form["examination_on"].strip()
    return Paperwork(
        completeness=form["completeness"].strip(),
        condition=form["condition"].strip(),
        agreed_repair_days=int(days) if days else None,
        packages=int(form["packages"] or 1),
        examination_place=form["examination_place"].strip(),
        examination_on=date.fromisoformat(on) if on else None,
        examination_time=form["examination_time"].strip(),
    )


@router.post("/claims/{claim_id}/paperwork")
async def claim_paperwork(
    request: Request,
    claim_id: int,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    completeness: Annotated[str, Form(max_length=500)] = "",
    condition: Annotated[str, Form(max_length=500)] = "",
    agreed_repair_days: Annotated[str, Form(max_length=4)] = "",
    packages: Annotated[str, Form(max_length=3)] = "1",
    examination_place: Annotated[str, Form(max_length=300)] = "",
    examination_on: Annotated[str, Form(max_length=10)] = "",
    examination_time: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Keep the details the documents print (completeness, condition, term, examination)."""
    target = f"/staff/claims/{claim_id}"
    if not csrf_ok(request, csrf):
        return RedirectResponse(f"{target}?error=expired", status_code=303)
    form = {
        "completeness": completeness,
        "condition": condition,
        "agreed_repair_days": agreed_repair_days,
        "packages": packages,
        "examination_place": examination_place,
        "examination_on": examination_on,
        "examination_time": examination_time,
    }
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
        if claim is None:
            return RedirectResponse("/staff", status_code=303)
        try:
            await record_paperwork(session, claim, user, _paperwork(form), state.clock.now())
        except PaperworkRefused as refused:
            return RedirectResponse(f"{target}?error={refused.code}", status_code=303)
        except ValueError:
            return RedirectResponse(f"{target}?error=paperwork_invalid", status_code=303)
        await session.commit()
    return RedirectResponse(f"{target}#documents", status_code=303)


@router.post("/claims/{claim_id}/documents/{kind}/send")
async def claim_document_send(
    request: Request,
    claim_id: int,
    kind: str,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    language: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Send one document as PDF to the customer's chats in the chosen language."""
    target = f"/staff/claims/{claim_id}"
    if not csrf_ok(request, csrf):
        return RedirectResponse(f"{target}?error=expired", status_code=303)
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await session.get(Claim, claim_id)
        if claim is None or kind not in KINDS:
            return RedirectResponse("/staff", status_code=303)
        locale = language if language in LOCALES else claim.locale
        sent = await send_document(
            session, claim, user, (kind, locale), letterhead(state), state.settings.media_dir
        )
        await session.commit()
    if not sent:
        return RedirectResponse(f"{target}?error=no_chat", status_code=303)
    state.hub.wake()
    return RedirectResponse(f"{target}#documents", status_code=303)
