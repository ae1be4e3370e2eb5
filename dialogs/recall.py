"""The buttons of a recall notice (`g.recall.<campaign>.<answer>`), valid at any step.

"Book transport" opens the claim for the recalled unit and goes straight to the transport
booking of the claim; "book a visit" opens the claim and says the service team will agree on
the visit; "not now" thanks the owner. A second press finds the claim already made.
"""

from __future__ import annotations

from backend.customers.models import Channel
from backend.i18n import N_
from backend.recalls.answers import RecallAnswer, answer_recall
from backend.recalls.service import ANSWERS
from dialogs.context import Context
from dialogs.flows.transport import start_for_claim
from dialogs.types import Reply, Say

RECALL_PREFIX = "recall."


def _parse(payload: str) -> tuple[int, str] | None:
    parts = payload.removeprefix(RECALL_PREFIX).split(".")
    if len(parts) != 2 or not parts[0].isdigit() or parts[1] not in ANSWERS:
        return None
    return int(parts[0]), parts[1]


async def on_recall_button(ctx: Context, payload: str) -> list[Reply]:
    """Record the owner's answer to a recall and carry on with the claim it opens."""
    parsed = _parse(payload)
    found = None
    if parsed is not None:
        campaign_id, answer = parsed
        found = await answer_recall(
            ctx.session,
            campaign_id,
            ctx.customer_id,
            answer,
            channel=Channel(ctx.event.channel),
            locale=ctx.locale,
            jurisdiction=ctx.config.jurisdiction,
            now=ctx.now,
        )
    if found is None:
        return [Say(ctx.t(N_("This button is no longer active."))), *await ctx.prompt()]
    return await _reply(ctx, found)


async def _reply(ctx: Context, found: RecallAnswer) -> list[Reply]:
    if found.claim_id is None:
        return [Say(ctx.t(N_("All right. You can answer the recall notice at any time.")))]
    said = (
        N_("Your recall claim {number} is already registered.")
        if found.already
        else N_("We registered recall claim {number}. The repair is free of charge.")
    )
    replies: list[Reply] = [Say(ctx.t(said, number=found.claim_number))]
    if found.answer == "transport":
        return [*replies, *await start_for_claim(ctx, found.claim_id)]
    visit = N_("Our service team will contact you to agree on the day of your visit.")
    return [*replies, Say(ctx.t(visit)), *await ctx.finish()]
