"""Book transport: the loaner question and the confirmation screen."""

from __future__ import annotations

from datetime import date

from backend.i18n import N_
from backend.warranty.explain import local_day
from dialogs.context import Context
from dialogs.promises import loaner_promise
from dialogs.types import Reply, Say


async def loaner_prompt(ctx: Context) -> list[Reply]:
    """Offer the loaner unit the law grants during repair."""
    due_by = ctx.data.get("loaner_due_by")
    text = ctx.t(N_("While we repair your item, you may have a loaner unit free of charge."))
    if due_by:
        day = date.fromisoformat(due_by)
        text += "\n" + loaner_promise(ctx, day, bool(ctx.data.get("loaner_company")))
    buttons = (
        (ctx.button(ctx.t(N_("Yes, I need a loaner")), "loaner:yes"),),
        (ctx.button(ctx.t(N_("No, thank you")), "loaner:no"),),
    )
    return [Say(text, buttons)]


async def confirm_prompt(ctx: Context) -> list[Reply]:
    """Everything about the booking with a Book button."""
    lines = [ctx.t(N_("Claim {number}"), number=ctx.data.get("number", ""))]
    if ctx.data.get("method") == "pickup":
        lines += [
            ctx.t(
                N_("Courier pickup: {day}, {window}"),
                day=local_day(date.fromisoformat(ctx.data["day"]), ctx.locale),
                window=ctx.data["window"],
            ),
            ctx.t(N_("Address: {address}"), address=ctx.data.get("address", "")),
        ]
    else:
        lines.append(ctx.t(N_("Drop-off: {point}"), point=ctx.data.get("point", "")))
    if ctx.data.get("loaner"):
        lines.append(ctx.t(N_("Loaner unit: requested")))
    buttons = ((ctx.button(ctx.t(N_("✅ Book")), "book"),),)
    return [Say("\n".join(lines), buttons)]
