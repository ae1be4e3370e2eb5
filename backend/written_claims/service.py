"""Registering a written claim on a claim and answering it with a letter sent in the chat."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product, Unit
from backend.claims.models import ActorKind, Claim, ClaimEvent, ClaimStatus
from backend.customers.models import Customer
from backend.documents.letter import letter_pdf
from backend.i18n import N_, gettext_for
from backend.notifications.service import enqueue
from backend.warranty.written import Demand, answer_deadline
from backend.written_claims.letter import (
    AnswerLetter,
    LetterFacts,
    build_letter,
    statutory_deadline,
)
from backend.written_claims.models import AnswerDecision, WrittenClaim

OPEN = "open"


@dataclass(frozen=True)
class Actor:
    """Who registered or answered: a staff member, or the customer from the chat."""

    kind: ActorKind
    id: int | None
    name: str = ""


@dataclass(frozen=True)
class WrittenClaimEntry:
    """A written claim as staff type it in, or as the chat takes it."""

    demand: Demand
    received_on: date
    text: str = ""
    attachment_id: int | None = None
    source: str = "console"


@dataclass(frozen=True)
class Answer:
    """Staff's answer to a written claim."""

    decision: AnswerDecision
    text: str = ""
    refund_amount: Decimal | None = None


async def register_written_claim(
    session: AsyncSession, claim: Claim, entry: WrittenClaimEntry, actor: Actor, now: datetime
) -> WrittenClaim:
    """Store a written claim with its answer deadline and a timeline event (no commit)."""
    deadline = answer_deadline(
        entry.demand,
        claim.jurisdiction,
        entry.received_on,
        needs_check=claim.status is ClaimStatus.EXAMINATION,
    )
    written = WrittenClaim(
        claim_id=claim.id,
        received_on=entry.received_on,
        demand=entry.demand.value,
        text=entry.text,
        attachment_id=entry.attachment_id,
        source=entry.source,
        due_on=deadline.due_on,
        due_rule=deadline.rule.id,
        answer_text="",
        letter_path="",
        created_at=now,
    )
    session.add(written)
    await session.flush()
    details = {"demand": entry.demand.value, "due_on": deadline.due_on.isoformat()}
    _event(session, claim, actor, "written_claim_received", now, details)
    return written


def _event(
    session: AsyncSession,
    claim: Claim,
    actor: Actor,
    action: str,
    now: datetime,
    details: dict[str, str],
) -> None:
    session.add(
        ClaimEvent(
            claim_id=claim.id,
            at=now,
            actor_kind=actor.kind,
            actor_id=actor.id,
            actor_name=actor.name,
            action=action,
            details=details,
        )
    )


async def written_claims_of(session: AsyncSession, claim_id: int) -> list[WrittenClaim]:
    """The written claims of one claim, oldest first."""
    rows = await session.scalars(
        select(WrittenClaim).where(WrittenClaim.claim_id == claim_id).order_by(WrittenClaim.id)
    )
    return list(rows)


async def open_written_due(session: AsyncSession, claim_ids: list[int]) -> dict[int, date]:
    """The nearest answer deadline of each claim's unanswered written claims."""
    if not claim_ids:
        return {}
    rows = await session.execute(
        select(WrittenClaim.claim_id, WrittenClaim.due_on).where(
            WrittenClaim.claim_id.in_(claim_ids), WrittenClaim.answered_at.is_(None)
        )
    )
    due: dict[int, date] = {}
    for claim_id, due_on in rows.all():
        due[claim_id] = min(due_on, due.get(claim_id, due_on))
    return due


async def letter_facts(
    session: AsyncSession, claim: Claim, written: WrittenClaim, answered_on: date, currency: str
) -> tuple[LetterFacts, str]:
    """The facts the letter states (sums in `currency`), and the customer's language."""
    customer = await session.get(Customer, claim.customer_id)
    product = await session.get(Product, claim.product_id)
    unit = await session.get(Unit, claim.unit_id) if claim.unit_id else None
    assert customer is not None and product is not None
    price = unit.price if unit is not None and unit.price is not None else product.price
    facts = LetterFacts(
        claim_number=claim.number,
        customer_name=customer.name,
        product=product.name,
        model_code=product.model_code,
        serial=claim.serial,
        purchase_date=claim.purchase_date,
        received_on=written.received_on,
        due_on=written.due_on,
        due_rule=written.due_rule,
        answered_on=answered_on,
        demand=written.demand,
        decision=written.decision or "",
        answer_text=written.answer_text,
        jurisdiction=claim.jurisdiction,
        price=price,
        refund_amount=written.refund_amount,
        currency=currency,
        claim_due_on=(
            claim.statutory_due_on
            if statutory_deadline(claim.jurisdiction, claim.due_rule)
            else None
        ),
        claim_done_on=claim.resolved_at.date() if claim.resolved_at else None,
    )
    return facts, claim.locale or customer.locale


async def answer_letter(
    session: AsyncSession,
    claim: Claim,
    written: WrittenClaim,
    company: str,
    today: date,
    *,
    currency: str,
) -> tuple[AnswerLetter, str]:
    """The letter for an answered (or, as a preview, unanswered) written claim, and its locale;
    sums in `currency`."""
    answered_on = written.answered_at.date() if written.answered_at else today
    facts, locale = await letter_facts(session, claim, written, answered_on, currency)
    return build_letter(facts, locale, company), locale


def render_letter_pdf(letter: AnswerLetter) -> bytes:
    """The letter as PDF bytes."""
    return letter_pdf(
        letter.title, letter.subtitle, letter.facts, letter.paragraphs, letter.signature
    )


async def answer_written_claim(
    session: AsyncSession,
    claim: Claim,
    written: WrittenClaim,
    answer: Answer,
    actor: Actor,
    *,
    now: datetime,
    media_dir: Path,
    company: str,
    currency: str,
) -> Path:
    """Record the answer, write its letter as PDF, queue it to the customer's chats and add it
    to the timeline (no commit); the PDF's path."""
    written.decision = answer.decision.value
    written.answer_text = answer.text
    written.refund_amount = answer.refund_amount
    written.answered_at = now
    letter, locale = await answer_letter(
        session, claim, written, company, now.date(), currency=currency
    )
    folder = media_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{claim.number}-answer-{secrets.token_hex(8)}.pdf"
    path.write_bytes(render_letter_pdf(letter))
    written.letter_path = path.name
    caption = gettext_for(
        locale, N_("Our answer to your written claim (claim {number})"), number=claim.number
    )
    payload = {"document": str(path.resolve()), "filename": f"{claim.number}-answer.pdf"}
    await enqueue(
        session,
        claim.customer_id,
        now=now,
        kind="written_answer",
        text=caption,
        claim_id=claim.id,
        payload=payload,
    )
    details = {"written_claim": str(written.id), "answer": answer.decision.value}
    _event(session, claim, actor, "written_claim_answered", now, details)
    return path
