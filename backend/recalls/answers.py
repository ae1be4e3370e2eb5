"""An owner's answer to a recall notice: recorded once, and a claim marked with the campaign.

"Book transport" and "book a visit" open a claim for the recalled unit (through
`claims.service.register_claim`, as every claim is made) with the campaign's id on it; the
dialog then books the transport for it. "Not now" is recorded and nothing else happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Unit
from backend.claims.history import unit_facts_with_history
from backend.claims.models import Claim
from backend.claims.service import ClaimDraft, register_claim
from backend.customers.models import Channel
from backend.recalls.models import RecallCampaign, RecallRecipient
from backend.warranty import ClaimFacts, evaluate

RECALL_DEFECT = "other"
RECALL_REMEDY = "repair"


@dataclass(frozen=True)
class RecallAnswer:
    """What became of an answer: the claim for the recall (None after "not now")."""

    answer: str
    claim_id: int | None
    claim_number: str | None
    already: bool  # the owner had answered before: nothing new was made


async def _recipient(
    session: AsyncSession, campaign_id: int, customer_id: int
) -> RecallRecipient | None:
    return await session.scalar(
        select(RecallRecipient).where(
            RecallRecipient.campaign_id == campaign_id,
            RecallRecipient.customer_id == customer_id,
        )
    )


async def answer_recall(
    session: AsyncSession,
    campaign_id: int,
    customer_id: int,
    answer: str,
    *,
    channel: Channel,
    locale: str,
    jurisdiction: str,
    now: datetime,
) -> RecallAnswer | None:
    """Record the owner's answer (None: they are not an owner this campaign reached)."""
    recipient = await _recipient(session, campaign_id, customer_id)
    if recipient is None:
        return None
    if recipient.claim_id is not None:
        number = await session.scalar(select(Claim.number).where(Claim.id == recipient.claim_id))
        return RecallAnswer(recipient.answer or answer, recipient.claim_id, number, True)
    recipient.answer, recipient.answered_at = answer, now
    if answer == "later" or recipient.unit_id is None:
        return RecallAnswer(answer, None, None, False)
    campaign = await session.get(RecallCampaign, campaign_id)
    unit = await session.get(Unit, recipient.unit_id)
    assert campaign is not None and unit is not None
    facts = await unit_facts_with_history(session, unit)
    decision = evaluate(facts, ClaimFacts(reported_on=now.date()), jurisdiction, now.date())
    draft = ClaimDraft(
        customer_id=customer_id,
        product_id=unit.product_id,
        unit_id=unit.id,
        serial=unit.serial,
        purchase_date=unit.sold_on,
        defect_category=RECALL_DEFECT,
        description=f"{campaign.title} ({answer})",
        requested_remedy=RECALL_REMEDY,
        contact_phone="",
        channel=channel,
        locale=locale,
        purchase_proof="sales_registry",
        campaign_id=campaign_id,
    )
    claim = await register_claim(session, draft, decision, now)
    recipient.claim_id = claim.id
    return RecallAnswer(answer, claim.id, claim.number, False)
