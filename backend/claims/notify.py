"""The message a customer gets when their claim changes, in their language and channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.labels import REASON_NAMES, STATUS_NAMES
from backend.claims.models import Claim, ClaimStatus
from backend.claims.stars import star_label
from backend.customers.models import Customer
from backend.i18n import N_, gettext_for
from backend.notifications.service import enqueue
from backend.warranty.explain import local_date

S = ClaimStatus
EXPLANATIONS: dict[ClaimStatus, str] = {
    S.ACCEPTED: N_("We have accepted your claim and will keep you informed here."),
    S.AWAITING_ITEM: N_(
        "Please hand the item over to us: choose “🚚 Book transport” in the menu to book a "
        "courier or pick a service point."
    ),
    S.DIAGNOSIS: N_("Our engineers are examining the item."),
    S.EXAMINATION: N_("The item goes to an independent examination. We must decide by {due}."),
    S.WAITING_PARTS: N_("We are waiting for spare parts for the repair."),
    S.REPLACING: N_("We will let you know as soon as the replacement is ready for you."),
    S.PAYING: N_("We will pay the amount by {due} and will let you know."),
    S.READY: N_("Your item is ready. We will contact you to hand it back."),
    S.REJECTED: N_("We cannot satisfy the claim. Reason: {reason}"),
    S.CLOSED: N_("Your claim is closed. Thank you! How would you rate our service?"),
    S.CANCELLED: N_("Your claim has been cancelled. Reason: {reason}"),
}
DECISION_TEXTS = {
    "repair": N_("We will repair your item free of charge."),
    "replace": N_("We will replace your item."),
    "refund": N_("Your refund has been approved."),
    "price_reduction": N_("A price reduction has been approved."),
}

DECIDED = (S.IN_REPAIR, S.REPLACING, S.PAYING, S.READY)


async def customer_reason(session: AsyncSession, claim: Claim, code: str, comment: str) -> str:
    """A cancel or reject reason as the claim's customer reads it, with the staff's words."""
    customer = await session.get(Customer, claim.customer_id)
    locale = (customer.locale if customer else "") or claim.locale
    text, comment = (
        gettext_for(locale, REASON_NAMES.get(code, REASON_NAMES["other"])),
        comment.strip(),
    )
    if code == "other" and comment:
        return comment[:2000]
    return f"{text}. {comment[:2000]}" if comment else text


def status_message(claim: Claim, locale: str) -> str:
    """`Claim WR-…: In repair.` and what it means for the customer."""
    lines = [
        gettext_for(
            locale,
            N_("Claim {number}: {status}."),
            number=claim.number,
            status=gettext_for(locale, STATUS_NAMES[claim.status]),
        )
    ]
    if claim.decision in DECISION_TEXTS and claim.status in DECIDED:
        lines.append(gettext_for(locale, DECISION_TEXTS[claim.decision]))
    if claim.status in EXPLANATIONS:
        lines.append(
            gettext_for(
                locale,
                EXPLANATIONS[claim.status],
                due=local_date(claim.statutory_due_on, locale),
                reason=claim.decision_reason or "—",
            )
        )
    return "\n".join(lines)


def rating_buttons(claim: Claim, locale: str) -> list[list[dict[str, str]]]:
    """5 to 1 stars, each with its word, that work at any time (global payloads)."""
    return [
        [{"label": star_label(n, locale), "payload": f"g.rate.{claim.id}.{n}"}]
        for n in range(5, 0, -1)
    ]


async def notify_status(session: AsyncSession, claim: Claim, now: datetime) -> list[int]:
    """Queue the status message for the claim's customer at `now`; return the outbox ids."""
    customer = await session.get(Customer, claim.customer_id)
    assert customer is not None
    locale = customer.locale or claim.locale
    payload: dict[str, Any] = {"status": claim.status.value}
    if claim.status is S.CLOSED and claim.rating is None:
        payload["buttons"] = rating_buttons(claim, locale)
    return await enqueue(
        session,
        customer,
        now=now,
        kind="status_changed",
        text=status_message(claim, locale),
        claim_id=claim.id,
        payload=payload,
        channel=claim.channel if claim.channel.value in ("telegram", "web") else None,
    )
