"""Recall campaigns in the console (manager role): choose the units, write the notice in each
language, see whom each channel reaches, send, and follow the progress and the answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from backend.catalog.models import Product
from backend.catalog.serials import normalize_serial
from backend.errors import DomainError
from backend.i18n import N_, gettext_for
from backend.recalls.models import RecallCampaign
from backend.recalls.owners import Selection, find_owners, reach, recalled_units
from backend.recalls.service import (
    ANSWERS,
    LOCALES,
    create_campaign,
    list_campaigns,
    progress,
    selection_of,
    send_campaign,
)
from backend.web.console.pages import console_page
from backend.web.console.session import Manager, csrf_ok
from backend.web.state import app_state

router = APIRouter()
PAGE = "/staff/recalls"
Text = Annotated[str, Form(max_length=3000)]
Short = Annotated[str, Form(max_length=64)]
MESSAGES = {
    "expired": N_("The form expired. Please try again."),
    "campaign_invalid": N_(
        "Choose at least one model and write the notice in English, Russian and Korean."
    ),
    "campaign_sent": N_("This campaign has already been sent."),
    "sent": N_("The notice is on its way to the owners."),
}


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _back(path: str, code: str) -> Response:
    return RedirectResponse(f"{path}?msg={code}", status_code=303)


@router.get("/recalls")
async def recalls_page(request: Request, user: Manager) -> Response:
    """Past campaigns and the form for a new one."""
    async with app_state(request.app).sessions() as session:
        campaigns = await list_campaigns(session)
        products = list(await session.scalars(select(Product).order_by(Product.model_code)))
    code = request.query_params.get("msg", "")
    return console_page(
        request,
        "recalls.html",
        user,
        campaigns=campaigns,
        products=products,
        locales=LOCALES,
        message=MESSAGES.get(code, ""),
    )


@router.post("/recalls")
async def new_campaign(
    request: Request,
    user: Manager,
    title: Annotated[str, Form(max_length=200)] = "",
    serial_from: Short = "",
    serial_to: Short = "",
    sold_from: Short = "",
    sold_to: Short = "",
    notice_en: Text = "",
    notice_ru: Text = "",
    notice_ko: Text = "",
    csrf: Short = "",
) -> Response:
    """A campaign draft; its page shows the preview and the reach before sending."""
    if not csrf_ok(request, csrf):
        return _back(PAGE, "expired")
    form = await request.form()
    product_ids = tuple(int(str(v)) for v in form.getlist("product") if str(v).isdigit())
    selection = Selection(
        product_ids[:200],
        normalize_serial(serial_from) or None,
        normalize_serial(serial_to) or None,
        _date(sold_from),
        _date(sold_to),
    )
    notice = {"en": notice_en, "ru": notice_ru, "ko": notice_ko}
    state = app_state(request.app)
    async with state.sessions() as session:
        try:
            campaign = await create_campaign(
                session, title, selection, notice, user.id, state.clock.now()
            )
        except DomainError as error:
            return _back(PAGE, error.code)
        await session.commit()
    return RedirectResponse(f"{PAGE}/{campaign.id}", status_code=303)


@router.get("/recalls/{campaign_id}")
async def campaign_page(request: Request, campaign_id: int, user: Manager) -> Response:
    """The notice as owners read it, the reach per channel, the send button or the progress."""
    async with app_state(request.app).sessions() as session:
        campaign = await session.get(RecallCampaign, campaign_id)
        if campaign is None:
            return console_page(request, "not_found.html", user, status_code=404)
        selection = selection_of(campaign)
        models = await session.scalars(
            select(Product.model_code).where(Product.id.in_(campaign.product_ids))
        )
        units = await recalled_units(session, selection)
        reached = reach(await find_owners(session, selection)) if campaign.sent_at is None else {}
        done = await progress(session, campaign.id) if campaign.sent_at is not None else None
    code = request.query_params.get("msg", "")
    return console_page(
        request,
        "recall.html",
        user,
        campaign=campaign,
        models=list(models),
        units=units,
        reach=reached,
        progress=done,
        button_labels={code: [gettext_for(code, a) for a in ANSWERS.values()] for code in LOCALES},
        locales=LOCALES,
        message=MESSAGES.get(code, ""),
    )


@router.post("/recalls/{campaign_id}/send")
async def send(request: Request, campaign_id: int, user: Manager, csrf: Short = "") -> Response:
    """Queue the notice for every reachable owner, once."""
    path = f"{PAGE}/{campaign_id}"
    if not csrf_ok(request, csrf):
        return _back(path, "expired")
    state = app_state(request.app)
    async with state.sessions() as session:
        campaign = await session.get(RecallCampaign, campaign_id)
        if campaign is None:
            return _back(PAGE, "expired")
        try:
            await send_campaign(session, campaign, state.clock.now())
        except DomainError as error:
            return _back(path, error.code)
        await session.commit()
    return _back(path, "sent")
