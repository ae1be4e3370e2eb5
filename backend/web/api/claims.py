"""Claims through the API: created by integrations (API key), read by their owner."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.intake import identify_item
from backend.claims.labels import STATUS_NAMES
from backend.claims.models import Claim
from backend.claims.service import ClaimDraft, register_claim
from backend.customers.models import Channel, ChannelIdentity, Customer
from backend.customers.service import customer_id_for
from backend.i18n import gettext_for
from backend.integrations.models import ApiScope
from backend.integrations.service import check_key
from backend.warranty import ClaimFacts, evaluate
from backend.warranty.explain import citation_for
from backend.web.api.errors import ApiError, ErrorBody
from backend.web.identity import COOKIE
from backend.web.ratelimit import client_address
from backend.web.state import app_state
from dialogs.config import PHONE_REGIONS
from dialogs.validation import InvalidInput, normalize_phone

router = APIRouter(tags=["claims"])
Proof = Literal[
    "receipt", "bank_statement", "order_number", "warranty_card", "witness", "other", "to_be_proven"
]
Category = Literal[
    "no_power",
    "stops",
    "noise",
    "leak",
    "display",
    "battery",
    "damage",
    "drum",
    "door",
    "drain",
    "error_code",
    "poor_cleaning",
    "cooling",
    "heating",
    "sound",
    "connectivity",
    "software",
    "remote",
    "charging",
    "camera",
    "keyboard",
    "overheating",
    "suction",
    "other",
]


class ClaimIn(BaseModel):
    """A claim from an integration (e.g. the company's own site form)."""

    serial: str | None = Field(None, max_length=64)
    model_code: str | None = Field(None, max_length=64)
    purchase_date: date | None = None
    defect_category: Category
    description: str = Field(min_length=5, max_length=2000)
    requested_remedy: Literal["repair", "replace", "refund", "price_reduction", "paid_repair"] = (
        "repair"
    )
    customer_name: str = Field("", max_length=200)
    phone: str = Field(min_length=5, max_length=32)
    locale: Literal["en", "ru", "ko"] = "en"
    # How the purchase is proven; no receipt is no bar to the claim (RU art. 18 p.5)
    purchase_proof: Proof = "receipt"


class ClaimOut(BaseModel):
    """Where a claim stands."""

    number: str
    status: str
    status_label: str
    requested_remedy: str
    statutory_due_on: date
    due_rule: str
    due_article: str  # the article behind due_rule, in the claim's language
    warranty_status: str


def _out(claim: Claim, locale: str) -> ClaimOut:
    return ClaimOut(
        number=claim.number,
        status=claim.status.value,
        status_label=gettext_for(locale, STATUS_NAMES[claim.status]),
        requested_remedy=claim.requested_remedy,
        statutory_due_on=claim.statutory_due_on,
        due_rule=claim.due_rule,
        due_article=citation_for(claim.jurisdiction, claim.due_rule, locale),
        warranty_status=claim.warranty_status,
    )


@router.post(
    "/claims",
    response_model=ClaimOut,
    status_code=201,
    responses={401: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def create(
    request: Request,
    body: ClaimIn,
    x_api_key: Annotated[str | None, Header(max_length=200)] = None,
) -> ClaimOut:
    """Register a claim for an integration; the deadline comes from the warranty policy."""
    state = app_state(request.app)
    now = state.clock.now()
    today = now.date()
    async with state.sessions() as session:
        if await check_key(session, x_api_key, ApiScope.INTEGRATION, now) is None:
            raise ApiError(401, "unauthorized", "A valid X-API-Key is required.")
        try:
            phone = normalize_phone(body.phone, PHONE_REGIONS.get(state.settings.jurisdiction))
        except InvalidInput:
            raise ApiError(422, "invalid_phone", "phone is not a valid phone number.") from None
        item = await identify_item(session, body.serial, body.model_code, body.purchase_date, today)
        claim_facts = ClaimFacts(
            reported_on=today, defect=body.defect_category, purchase_proof=body.purchase_proof
        )
        decision = evaluate(item.facts, claim_facts, state.settings.jurisdiction, today)
        customer_id = await customer_id_for(
            session,
            Channel.API,
            f"phone:{phone}",
            locale=body.locale,
            name=body.customer_name,
            now=now,
        )
        new = await register_claim(
            session,
            ClaimDraft(
                customer_id=customer_id,
                product_id=item.product_id,
                unit_id=item.unit_id,
                serial=item.serial,
                purchase_date=body.purchase_date,
                defect_category=body.defect_category,
                description=body.description,
                requested_remedy=body.requested_remedy,
                contact_phone=phone,
                channel=Channel.API,
                locale=body.locale,
                purchase_proof=body.purchase_proof,
            ),
            decision,
            now,
        )
        claim = await session.get(Claim, new.id)
        assert claim is not None
        await session.commit()
        return _out(claim, body.locale)


async def _owned_by_chat(session: AsyncSession, request: Request, claim: Claim) -> bool:
    chat_id = app_state(request.app).identity.read(request.cookies.get(COOKIE))
    if chat_id is None:
        return False
    owner = await session.scalar(
        select(ChannelIdentity.customer_id).where(
            ChannelIdentity.channel == Channel.WEB, ChannelIdentity.external_id == chat_id
        )
    )
    return owner == claim.customer_id


class LookupIn(BaseModel):
    """A claim number with the phone it was filed with (sent in the body, never in a URL)."""

    number: str = Field(min_length=3, max_length=20)
    phone: str = Field(min_length=5, max_length=32)
    lang: Literal["en", "ru", "ko"] = "en"


async def _phone_matches(
    session: AsyncSession, claim: Claim, phone: str, region: str | None
) -> bool:
    try:
        given = normalize_phone(phone, region)
    except InvalidInput:
        return False
    owner = await session.get(Customer, claim.customer_id)
    return given in (claim.contact_phone, owner.phone if owner else None)


@router.post(
    "/claims/lookup",
    response_model=ClaimOut,
    responses={404: {"model": ErrorBody}, 429: {"model": ErrorBody}},
)
async def lookup(request: Request, body: LookupIn) -> ClaimOut:
    """A claim's status, only together with the phone it was filed with (ten tries a minute)."""
    state = app_state(request.app)
    if not state.lookup_limit.allow(client_address(request)):
        raise ApiError(429, "too_many_requests", "Too many lookups. Try again in a minute.")
    async with state.sessions() as session:
        claim = await session.scalar(select(Claim).where(Claim.number == body.number.upper()))
        allowed = claim is not None and await _phone_matches(
            session, claim, body.phone, PHONE_REGIONS.get(state.settings.jurisdiction)
        )
    if claim is None or not allowed:
        raise ApiError(404, "not_found", "No claim with this number and phone.")
    return _out(claim, body.lang)


@router.get("/claims/{number}", response_model=ClaimOut, responses={404: {"model": ErrorBody}})
async def read(
    request: Request,
    number: str,
    lang: Annotated[str, Query(pattern="^(en|ru|ko)$")] = "en",
) -> ClaimOut:
    """A claim's status for its owner's own web-chat session (the cookie)."""
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await session.scalar(select(Claim).where(Claim.number == number.upper()[:20]))
        allowed = claim is not None and await _owned_by_chat(session, request, claim)
    if claim is None or not allowed:
        raise ApiError(404, "not_found", "No claim with this number for this session.")
    return _out(claim, lang)
