"""A written claim from the chat: the customer picks the demand and sends the signed letter
(a file or a photo) or types it; it is registered on their claim with its answer deadline."""

from __future__ import annotations

from enum import StrEnum

from backend.claims.labels import DEMAND_NAMES
from backend.claims.models import ActorKind, Attachment
from backend.claims.service import customer_claim
from backend.i18n import N_
from backend.warranty.explain import citation_for
from backend.warranty.written import Demand
from backend.written_claims.service import Actor, WrittenClaimEntry, register_written_claim
from dialogs.context import Context
from dialogs.flow import Flow, Step, register
from dialogs.flows.common import chosen, not_expected, please_choose, rows, typed
from dialogs.types import Content, Media, Reply, Request, Say
from dialogs.validation import InvalidInput, clean_text


class WrittenStep(StrEnum):
    """The steps of sending a written claim."""

    DEMAND = "demand"
    LETTER = "letter"


async def demand_prompt(ctx: Context) -> list[Reply]:
    """Ask what the written claim demands."""
    buttons = [ctx.button(ctx.t(DEMAND_NAMES[d.value]), f"demand:{d.value}") for d in Demand]
    text = ctx.t(N_("What does your written claim demand?"))
    return [Say(text, rows(buttons, 2))]


async def demand_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take one of the demands."""
    value = (chosen(content) or "").removeprefix("demand:")
    if value in DEMAND_NAMES:
        ctx.data["demand"] = value
        return await ctx.go(WrittenStep.LETTER)
    return await please_choose(ctx)


async def letter_prompt(ctx: Context) -> list[Reply]:
    """Ask for the signed letter as a file or photo, or its text."""
    text = ctx.t(
        N_("Send your signed written claim as a PDF file or a photo, or type its text here.")
    )
    return [Say(text, request=Request.MEDIA)]


async def _attach(ctx: Context, media: Media, claim_id: int) -> int:
    item = media.items[0]
    row = Attachment(
        claim_id=claim_id,
        customer_id=ctx.customer_id,
        kind="claim_letter",
        sha256=item.sha256,
        content_type=item.content_type,
        size=item.size,
        path=item.path,
        original_name=item.original_name,
        created_at=ctx.now,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    return row.id


async def letter_handle(ctx: Context, content: Content) -> list[Reply]:
    """Register the written claim on the customer's own claim and tell them the deadline."""
    claim = await customer_claim(ctx.session, ctx.customer_id, int(ctx.data.get("claim_id", 0)))
    if claim is None:
        return await ctx.start("claims")
    text, attachment_id = "", None
    if isinstance(content, Media) and content.items:
        attachment_id = await _attach(ctx, content, claim.id)
        text = content.caption.strip()
    else:
        typed_text = typed(content)
        if typed_text is None:
            return await not_expected(ctx)
        try:
            text = clean_text(typed_text, minimum=5, maximum=ctx.config.max_text_length)
        except InvalidInput as error:
            return [Say(ctx.t(error.message, **error.params)), *await ctx.prompt(bump=False)]
    entry = WrittenClaimEntry(
        Demand(ctx.data["demand"]), ctx.today, text, attachment_id, ctx.event.channel
    )
    actor = Actor(ActorKind.CUSTOMER, ctx.customer_id)
    written = await register_written_claim(ctx.session, claim, entry, actor, ctx.now)
    done = ctx.t(
        N_(
            "Your written claim on claim {number} is registered. We answer in writing by"
            " {date} ({citation}); the answer letter comes here."
        ),
        number=claim.number,
        date=ctx.date(written.due_on),
        citation=citation_for(claim.jurisdiction, written.due_rule, ctx.locale),
    )
    return [Say(done), *await ctx.finish()]


register(
    Flow(
        "written",
        WrittenStep.DEMAND,
        {
            WrittenStep.DEMAND: Step(demand_prompt, demand_handle),
            WrittenStep.LETTER: Step(letter_prompt, letter_handle),
        },
    )
)
