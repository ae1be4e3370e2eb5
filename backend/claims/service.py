"""Claim intake and reading: registering a claim (dialog, API and console alike), reading one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from backend.claims.models import ActorKind, Attachment, Claim, ClaimEvent, ClaimStatus, Priority
from backend.claims.numbering import next_claim_number
from backend.customers.models import Channel
from backend.customers.service import remember_phone
from backend.errors import RemedyNotAllowed, StaleClaim
from backend.warranty import PolicyDecision, Remedy, WarrantyStatus

_claims = cast(Table, Claim.__table__)
_events = cast(Table, ClaimEvent.__table__)
_INSERT_CLAIM = insert(_claims).returning(_claims.c.id)

PAID_REPAIR = "paid_repair"
PAID_REPAIR_QUOTE_DAYS = 10
URGENT_WITHIN_DAYS = 10


@dataclass(frozen=True)
class ClaimDraft:
    """Everything a finished intake dialog (or an integration) collected."""

    customer_id: int
    product_id: int
    unit_id: int | None
    serial: str
    purchase_date: date | None
    defect_category: str
    description: str
    requested_remedy: str
    contact_phone: str
    channel: Channel
    locale: str
    attachment_ids: tuple[int, ...] = field(default_factory=tuple)
    purchase_proof: str = ""  # receipt, sales_registry, to_be_proven, bank_statement, ...
    campaign_id: int | None = None  # the recall campaign the customer answered
    paid_repair_quote: Decimal | None = None  # the quote the customer accepted


def due_date_for(decision: PolicyDecision, remedy: str, today: date) -> tuple[date, str]:
    """The statutory due date of the requested remedy and the rule id that sets it."""
    if remedy != PAID_REPAIR:
        option = decision.remedy(Remedy(remedy))
        if option is not None:
            return option.due_on, option.rule.id
    return today + timedelta(days=PAID_REPAIR_QUOTE_DAYS), "company.paid_repair_quote"


def allowed_remedies(decision: PolicyDecision | None) -> set[str]:
    """The remedies a customer may ask for now: what the law gives, and a paid repair once the
    free remedy is no longer certain (after the warranty, or without a decision)."""
    allowed = {option.remedy.value for option in decision.remedies} if decision else set()
    if decision is None or decision.status is not WarrantyStatus.UNDER_WARRANTY:
        allowed.add(PAID_REPAIR)
    return allowed


def priority_for(due_on: date, today: date) -> Priority:
    """Short statutory deadlines (refund, replacement) go to the front of the queue."""
    return Priority.HIGH if (due_on - today).days <= URGENT_WITHIN_DAYS else Priority.NORMAL


@dataclass(frozen=True)
class NewClaim:
    """What the caller of `register_claim` needs to tell the customer."""

    id: int
    number: str
    due_on: date
    due_rule: str


async def register_claim(
    session: AsyncSession, draft: ClaimDraft, decision: PolicyDecision, now: datetime
) -> NewClaim:
    """Register a claim filed at `now`: its first timeline event, its files and the customer's
    phone for next time (no commit). RemedyNotAllowed, before anything is written, when the
    remedy asked for is not one `allowed_remedies` offers.

    Plain statements rather than ORM objects: this runs inside every finished intake dialog.
    """
    allowed = allowed_remedies(decision)
    # A recall repair is the maker's own offer, whatever the warranty leaves.
    if draft.campaign_id is None and draft.requested_remedy not in allowed:
        raise RemedyNotAllowed(f"allowed now: {', '.join(sorted(allowed))}")
    today = now.date()
    due_on, due_rule = due_date_for(decision, draft.requested_remedy, today)
    if draft.contact_phone:
        await remember_phone(session, draft.customer_id, draft.contact_phone)
    number = await next_claim_number(session, today.year)
    connection = await session.connection()
    claim_id = await connection.scalar(
        _INSERT_CLAIM,
        {
            "number": number,
            "customer_id": draft.customer_id,
            "unit_id": draft.unit_id,
            "product_id": draft.product_id,
            "serial": draft.serial,
            "purchase_date": draft.purchase_date,
            "purchase_proof": draft.purchase_proof,
            "paid_repair_quote": draft.paid_repair_quote,
            "defect_category": draft.defect_category,
            "description": draft.description,
            "requested_remedy": draft.requested_remedy,
            "contact_phone": draft.contact_phone,
            "status": ClaimStatus.NEW,
            "priority": priority_for(due_on, today),
            "jurisdiction": decision.jurisdiction.value,
            "warranty_status": decision.status.value,
            "statutory_due_on": due_on,
            "due_rule": due_rule,
            "channel": draft.channel,
            "locale": draft.locale,
            "created_at": now,
            "updated_at": now,
            "campaign_id": draft.campaign_id,
        },
    )
    await connection.execute(
        insert(_events),
        {
            "claim_id": claim_id,
            "at": now,
            "actor_kind": ActorKind.CUSTOMER,
            "actor_id": draft.customer_id,
            "actor_name": "",
            "action": "created",
            "to_status": ClaimStatus.NEW.value,
            "details": {"channel": draft.channel.value, "due_rule": due_rule}
            | ({"quote": str(draft.paid_repair_quote)} if draft.paid_repair_quote else {}),
        },
    )
    if draft.attachment_ids:
        await session.execute(
            update(Attachment)
            .where(
                Attachment.id.in_(draft.attachment_ids),
                Attachment.customer_id == draft.customer_id,
                Attachment.claim_id.is_(None),
            )
            .values(claim_id=claim_id)
        )
    return NewClaim(int(claim_id), number, due_on, due_rule)


def check_version(claim: Claim, seen: int) -> None:
    """StaleClaim when the claim changed after the person acting on it saw version `seen`
    (0: the form carried none, and the database's own version check still applies)."""
    if seen and claim.version != seen:
        raise StaleClaim(f"claim {claim.id} is at version {claim.version}, the action saw {seen}")


async def customer_claims(session: AsyncSession, customer_id: int, limit: int = 20) -> list[Claim]:
    """A customer's own claims, newest first."""
    return list(
        await session.scalars(
            select(Claim)
            .where(Claim.customer_id == customer_id)
            .order_by(Claim.id.desc())
            .limit(limit)
        )
    )


async def customer_claim(session: AsyncSession, customer_id: int, claim_id: int) -> Claim | None:
    """One claim with its timeline, only if it belongs to this customer."""
    return await session.scalar(
        select(Claim)
        .where(Claim.id == claim_id, Claim.customer_id == customer_id)
        .options(selectinload(Claim.events), selectinload(Claim.attachments))
    )


async def customer_claim_id(session: AsyncSession, customer_id: int, number: str) -> int | None:
    """The id of the claim numbered `number`, only if it belongs to this customer."""
    return await session.scalar(
        select(Claim.id).where(Claim.number == number, Claim.customer_id == customer_id)
    )


async def record_rating(
    session: AsyncSession, claim: Claim, rating: int, comment: str | None, now: datetime
) -> None:
    """Store the customer's rating of a closed claim (given at `now`) in the claim and its
    timeline."""
    claim.rating = rating
    claim.rating_comment, claim.updated_at = comment, now
    details: dict[str, Any] = {"rating": rating}
    session.add(
        ClaimEvent(
            claim_id=claim.id,
            at=now,
            actor_kind=ActorKind.CUSTOMER,
            actor_id=claim.customer_id,
            action="rated",
            details=details,
        )
    )
