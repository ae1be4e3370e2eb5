"""Recall campaigns: create one, send its notice through the outbox, follow its progress.

Each reachable owner gets one outbox row in their language, marked `bulk` (the Telegram sender
lets dialog replies go first, see `bot/rate_limit.py`), with three buttons that any step of the
dialog answers (`dialogs/recall.py`). A web-chat owner's row waits for their page to connect
(`backend/web/hub.py`). Progress is read from those rows; a delivered row pruned
after a week counts as sent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Claim, ClaimStatus
from backend.db.notify import publish
from backend.errors import DomainError
from backend.i18n import N_, gettext_for
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.recalls.models import RecallCampaign, RecallRecipient
from backend.recalls.owners import Owner, Selection, find_owners

LOCALES = ("en", "ru", "ko")
NOTICE_LIMIT = 3000
RECALL_KIND = "recall"
ANSWERS = {
    "transport": N_("🚚 Book transport"),
    "visit": N_("🛠 Book a visit"),
    "later": N_("Not now"),
}
FIXED_DECISIONS = ("repair", "replace")
_outbox = cast(Table, OutboxMessage.__table__)
_recipients = cast(Table, RecallRecipient.__table__)
_INSERT_OUTBOX = insert(_outbox).returning(_outbox.c.id, sort_by_parameter_order=True)


class CampaignInvalid(DomainError):
    """A campaign without models, or without the notice in every language."""

    code = "campaign_invalid"
    message = N_("Choose at least one model and write the notice in English, Russian and Korean.")


class CampaignSent(DomainError):
    """The campaign was sent already."""

    code = "campaign_sent"
    message = N_("This campaign has already been sent.")


def selection_of(campaign: RecallCampaign) -> Selection:
    """The units a campaign recalls."""
    return Selection(
        tuple(campaign.product_ids),
        campaign.serial_from,
        campaign.serial_to,
        campaign.sold_from,
        campaign.sold_to,
    )


async def create_campaign(
    session: AsyncSession,
    title: str,
    selection: Selection,
    notice: dict[str, str],
    staff_id: int | None,
    now: datetime,
) -> RecallCampaign:
    """A new campaign (not sent yet); CampaignInvalid without models or a notice in each
    language."""
    texts = {locale: notice.get(locale, "").strip()[:NOTICE_LIMIT] for locale in LOCALES}
    if not selection.product_ids or not all(texts.values()) or not title.strip():
        raise CampaignInvalid()
    campaign = RecallCampaign(
        title=title.strip()[:200],
        product_ids=list(selection.product_ids),
        serial_from=selection.serial_from or None,
        serial_to=selection.serial_to or None,
        sold_from=selection.sold_from,
        sold_to=selection.sold_to,
        notice=texts,
        created_by=staff_id,
        created_at=now,
    )
    session.add(campaign)
    await session.flush()
    return campaign


def buttons_for(campaign_id: int, locale: str) -> list[list[dict[str, str]]]:
    """The notice's answer buttons in the owner's language."""
    return [
        [{"label": gettext_for(locale, label), "payload": f"g.recall.{campaign_id}.{answer}"}]
        for answer, label in ANSWERS.items()
    ]


def _message(campaign: RecallCampaign, owner: Owner, now: datetime) -> dict[str, Any]:
    locale = owner.locale if owner.locale in LOCALES else "en"
    payload = {"buttons": buttons_for(campaign.id, locale), "bulk": True}
    assert owner.channel is not None and owner.recipient is not None
    return {
        "customer_id": owner.customer_id,
        "claim_id": None,
        "channel": owner.channel,
        "recipient": owner.recipient,
        "kind": RECALL_KIND,
        "text": str(campaign.notice[locale]),
        "payload": payload,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


async def send_campaign(session: AsyncSession, campaign: RecallCampaign, now: datetime) -> int:
    """Queue the notice for every reachable owner and record every owner (no commit); the
    number of messages queued. CampaignSent the second time."""
    if campaign.sent_at is not None:
        raise CampaignSent()
    owners = await find_owners(session, selection_of(campaign))
    reachable = [owner for owner in owners if owner.channel is not None]
    connection = await session.connection()
    ids: list[int] = []
    if reachable:
        rows = [_message(campaign, owner, now) for owner in reachable]
        ids = list((await connection.execute(_INSERT_OUTBOX, rows)).scalars())
    outbox = {owner.customer_id: message for owner, message in zip(reachable, ids, strict=True)}
    if owners:
        await connection.execute(
            insert(_recipients),
            [
                {
                    "campaign_id": campaign.id,
                    "customer_id": owner.customer_id,
                    "unit_id": owner.unit_id,
                    "channel": owner.channel,
                    "outbox_id": outbox.get(owner.customer_id),
                }
                for owner in owners
            ],
        )
    campaign.sent_at = now
    for channel in {owner.channel for owner in reachable}:
        await publish(session, "outbox", channel)
    return len(ids)


@dataclass(frozen=True)
class Progress:
    """Where the campaign's messages stand and what the owners did."""

    owners: int
    unreachable: int
    queued: int
    sent: int
    failed: int
    blocked: int
    answered: int
    claims: int
    fixed: int

    @property
    def reached(self) -> int:
        """Messages delivered."""
        return self.sent


async def progress(session: AsyncSession, campaign_id: int) -> Progress:
    """Counts of the campaign's messages by state, its answers, claims and fixed claims."""
    of_campaign = RecallRecipient.campaign_id == campaign_id
    states = await session.execute(
        select(OutboxMessage.status, func.count())
        .select_from(RecallRecipient)
        .outerjoin(OutboxMessage, OutboxMessage.id == RecallRecipient.outbox_id)
        .where(of_campaign, RecallRecipient.outbox_id.is_not(None))
        .group_by(OutboxMessage.status)
    )
    by_state: Counter[str] = Counter()
    for status, n in states:
        by_state[str(status or OutboxStatus.SENT)] += int(n)  # pruned rows were delivered
    counted = ((), (RecallRecipient.channel.is_(None),), (RecallRecipient.answer.is_not(None),))
    owners, unreachable, answered = [
        int(await session.scalar(select(func.count()).where(of_campaign, *extra)) or 0)
        for extra in counted
    ]
    claims = select(func.count()).select_from(Claim).where(Claim.campaign_id == campaign_id)
    fixed = claims.where(Claim.status == ClaimStatus.CLOSED, Claim.decision.in_(FIXED_DECISIONS))
    return Progress(
        owners=owners,
        unreachable=unreachable,
        queued=by_state[OutboxStatus.PENDING],
        sent=by_state[OutboxStatus.SENT],
        failed=by_state[OutboxStatus.FAILED],
        blocked=by_state[OutboxStatus.BLOCKED],
        answered=answered,
        claims=int(await session.scalar(claims) or 0),
        fixed=int(await session.scalar(fixed) or 0),
    )


async def list_campaigns(session: AsyncSession) -> list[RecallCampaign]:
    """Every campaign, newest first."""
    return list(await session.scalars(select(RecallCampaign).order_by(RecallCampaign.id.desc())))
