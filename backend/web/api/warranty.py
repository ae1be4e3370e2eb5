"""GET /api/v1/warranty/{serial}: the warranty answer for a sold unit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from backend.catalog.serials import is_valid_serial, normalize_serial
from backend.catalog.service import find_unit
from backend.claims.history import unit_facts_with_history
from backend.i18n import pick_locale
from backend.warranty import ClaimFacts, evaluate
from backend.warranty.explain import remedy_label, render_rule, status_label
from backend.web.api.errors import ApiError, ErrorBody
from backend.web.state import app_state

router = APIRouter(tags=["warranty"])


class RemedyOut(BaseModel):
    """A remedy the customer may ask for now."""

    remedy: str
    label: str
    due_on: date
    deadline_days: int
    rule: str
    company_policy: bool


class WarrantyOut(BaseModel):
    """The policy answer for one unit."""

    serial: str
    model_code: str
    product: str
    jurisdiction: str
    status: str
    status_label: str
    warranty_start: date
    warranty_end: date
    start_proven: bool
    guarantee_end: date | None
    claim_possible_until: date | None
    price: Decimal | None
    remedies: list[RemedyOut]
    transport_free: bool
    loaner_due: bool
    rules: list[str]


@router.get(
    "/warranty/{serial}",
    response_model=WarrantyOut,
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def warranty_status(
    request: Request,
    serial: str = Path(max_length=64),
    lang: str = Query("en", pattern="^(en|ru|ko)$"),
) -> WarrantyOut:
    """Status, end date, remedies with their statutory deadlines, and the rules behind them."""
    normalized = normalize_serial(serial)
    if not is_valid_serial(normalized):
        raise ApiError(422, "invalid_serial", "This is not a serial number.")
    state = app_state(request.app)
    async with state.sessions() as session:
        unit = await find_unit(session, normalized)
        if unit is None:
            raise ApiError(404, "unknown_serial", "No sold unit has this serial number.")
        today = state.clock.today()
        facts = await unit_facts_with_history(session, unit)
    decision = evaluate(facts, ClaimFacts(reported_on=today), state.settings.jurisdiction, today)
    locale = pick_locale(lang)
    return WarrantyOut(
        serial=unit.serial,
        model_code=unit.product.model_code,
        product=unit.product.name,
        jurisdiction=decision.jurisdiction.value,
        status=decision.status.value,
        status_label=status_label(decision.status, locale),
        warranty_start=decision.warranty_start,
        warranty_end=decision.warranty_end,
        start_proven=decision.start_proven,
        guarantee_end=decision.guarantee_end,
        claim_possible_until=decision.claim_possible_until,
        price=decision.price,
        remedies=[
            RemedyOut(
                remedy=o.remedy.value,
                label=remedy_label(o.remedy, locale),
                due_on=o.due_on,
                deadline_days=o.deadline_days,
                rule=o.rule.id,
                company_policy=o.rule.company_policy,
            )
            for o in decision.remedies
        ],
        transport_free=decision.transport.company_pays,
        loaner_due=decision.loaner.due,
        rules=[render_rule(rule, locale, state.settings.currency) for rule in decision.rules],
    )
