"""Rate us: 1 to 5 stars and an optional comment after a claim is closed."""

from __future__ import annotations

from enum import StrEnum

from backend.claims.models import ClaimStatus
from backend.claims.service import customer_claim, record_rating
from backend.claims.stars import star_label
from backend.i18n import N_
from dialogs.context import Context
from dialogs.flow import Flow, Step, register
from dialogs.flows.common import chosen, not_expected, please_choose, typed
from dialogs.said import Slot
from dialogs.types import Content, Reply, Say
from dialogs.validation import InvalidInput, clean_text


class RatingStep(StrEnum):
    """The steps of rating a closed claim."""

    STARS = "stars"
    COMMENT = "comment"


async def stars_prompt(ctx: Context) -> list[Reply]:
    """Ask for 1 to 5 stars."""
    rows = tuple((ctx.button(star_label(n, ctx.locale), f"stars:{n}"),) for n in range(5, 0, -1))
    return [Say(ctx.t(N_("How did we do? Rate our service from 1 to 5 stars.")), rows)]


async def stars_handle(ctx: Context, content: Content) -> list[Reply]:
    """Keep the stars and ask for a comment."""
    value = chosen(content) or ""
    if value.startswith("stars:") and value[6:] in {"1", "2", "3", "4", "5"}:
        ctx.data["stars"] = int(value[6:])
        return await ctx.go(RatingStep.COMMENT)
    return await please_choose(ctx)


async def comment_prompt(ctx: Context) -> list[Reply]:
    """Ask for an optional comment."""
    buttons = ((ctx.button(ctx.t(N_("Skip")), "skip"),),)
    return [
        Say(ctx.t(N_("Anything you'd like to tell us? Write a comment or press Skip.")), buttons)
    ]


async def comment_handle(ctx: Context, content: Content) -> list[Reply]:
    """Store the rating on the claim (only the customer's own closed claim)."""
    comment = None
    if chosen(content) != "skip":
        text = typed(content)
        if text is None:
            return await not_expected(ctx)
        try:
            comment = clean_text(text, minimum=1, maximum=ctx.config.max_text_length)
        except InvalidInput as error:
            return [Say(ctx.t(error.message, **error.params)), *await ctx.prompt(bump=False)]
    return await save_rating(ctx, int(ctx.data.get("stars", 0)), comment)


async def save_rating(ctx: Context, stars: int, comment: str | None) -> list[Reply]:
    """Record the rating once; then back to the menu."""
    claim = await customer_claim(ctx.session, ctx.customer_id, int(ctx.data.get("claim_id", 0)))
    if claim is None or claim.status is not ClaimStatus.CLOSED or not 1 <= stars <= 5:
        return [Say(ctx.t(N_("This claim can't be rated."))), *await ctx.finish()]
    if claim.rating is not None:
        return [
            Say(ctx.t(N_("You have already rated this claim. Thank you!"))),
            *await ctx.finish(),
        ]
    await record_rating(ctx.session, claim, stars, comment, ctx.now)
    return [Say(ctx.t(N_("Thank you for your rating!"))), *await ctx.finish()]


async def on_rating_button(ctx: Context, payload: str) -> list[Reply]:
    """A `rate.<claim>.<stars>` button from a closing notification: valid at any time."""
    parts = payload.split(".")
    if len(parts) != 3 or parts[0] != "rate" or not parts[1].isdigit() or not parts[2].isdigit():
        return [Say(ctx.t(N_("This button is no longer active."))), *await ctx.prompt()]
    if ctx.conversation.with_staff:
        return []
    keep = {"claim_id": int(parts[1]), "stars": int(parts[2])}
    await ctx.start("rating", keep=keep, render=False)
    return await ctx.go(RatingStep.COMMENT)


register(
    Flow(
        "rating",
        RatingStep.STARS,
        {
            RatingStep.STARS: Step(stars_prompt, stars_handle),
            RatingStep.COMMENT: Step(comment_prompt, comment_handle, takes=Slot.TEXT),
        },
    )
)
