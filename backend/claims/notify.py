"""The message a customer gets when their claim changes, in their language and channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.labels import STATUS_NAMES
from backend.claims.models import Claim, ClaimStatus
from backend.customers.models import Customer
from backend.i18n import N_, gettext_for
from backend.notifications.service import enqueue
from backend.warranty.explain import local_date

S = ClaimStatus
EXPLANATIONS: dict[ClaimStatus, str] = {
    S.ACCEPTED: N_("We have accepted your claim and will keep you informed here."),
    S.AWAITING_ITEM: N_(
        "Please hand the item over to us: book a courier or choose a service point with /transport."
    ),
    S.DIAGNOSIS: N_("Our engineers are examining the item."),
    S.EXAMINATION: N_("The item goes to an independent examination. We must decide by {due}."),
    S.WAITING_PARTS: N_("We are waiting for spare parts for the repair."),
    S.READY: N_("Your item is ready. We will contact you to hand it back."),
    S.REJECTED: N_("We cannot satisfy the claim. Reason: {reason}"),
    S.CLOSED: N_("Your claim is closed. Thank you! How would you rate our service?"),
    S.CANCELLED: N_("Your claim has been cancelled."),
}
DECISION_TEXTS = {
    "repair": N_("We will repair your item free of charge."),
    "replace": N_("We will replace your item."),
    "refund": N_("Your refund has been approved."),
    "price_reduction": N_("A price reduction has been approved."),
}


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
    if claim.decision in DECISION_TEXTS and claim.status in (S.IN_REPAIR, S.READY):
        lines.append(gettext_for(locale, DECISION_TEXTS[claim.decision]))
    if claim.status in EXPLANATIONS:
        lines.append(
            gettext_for(
                locale,
                EXPLANATIONS[claim.status],
                due=local_date(claim.statutory_due_on, locale),
                reason=claim.decision_reason or "",
            )
        )
    return "\n".join(lines)


def rating_buttons(claim: Claim) -> list[list[dict[str, str]]]:
    """1–5 stars that work at any time (global payloads)."""
    return [[{"label": "⭐" * n, "payload": f"g.rate.{claim.id}.{n}"} for n in range(1, 6)]]


async def notify_status(session: AsyncSession, claim: Claim, now: datetime) -> list[int]:
    """Queue the status message for the claim's customer at `now`; return the outbox ids."""
    customer = await session.get(Customer, claim.customer_id)
    assert customer is not None
    locale = customer.locale or claim.locale
    payload: dict[str, Any] = {"status": claim.status.value}
    if claim.status is S.CLOSED and claim.rating is None:
        payload["buttons"] = rating_buttons(claim)
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
