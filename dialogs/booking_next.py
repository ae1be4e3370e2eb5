"""After a booking: what happens next, what to prepare, how to change it, and a calendar file."""

from __future__ import annotations

from datetime import date

from backend.i18n import N_
from backend.transport.calendar import CalendarEntry, ics_bytes, store_ics
from backend.warranty.explain import local_day
from dialogs.context import Context
from dialogs.types import Reply, Say, SendDocument

PREPARE = N_(
    "Please have ready: the item with its accessories, the receipt or warranty card if you "
    "have one, and a note with the claim number {number}."
)
CHANGE = N_(
    "Need another time, or want to cancel? Choose “🙋 Talk to a person” in the menu and a "
    "colleague will change it for you."
)


def _pickup_lines(ctx: Context, reference: str) -> list[str]:
    day = local_day(date.fromisoformat(ctx.data["day"]), ctx.locale)
    return [
        ctx.t(N_("Booked! Your reference is {reference}."), reference=reference),
        ctx.t(
            N_(
                "The courier comes on {day} between {window} to {address} and calls you "
                "before arriving."
            ),
            day=day,
            window=ctx.data.get("window", ""),
            address=ctx.data.get("address", ""),
        ),
        ctx.t(PREPARE, number=ctx.data.get("number", "")),
        ctx.t(CHANGE),
    ]


def _dropoff_lines(ctx: Context, reference: str) -> list[str]:
    return [
        ctx.t(N_("Booked! Your reference is {reference}."), reference=reference),
        ctx.t(
            N_("Bring the item to {point}. At the desk, give the claim number {number}."),
            point=ctx.data.get("point", ""),
            number=ctx.data.get("number", ""),
        ),
        ctx.t(PREPARE, number=ctx.data.get("number", "")),
        ctx.t(CHANGE),
    ]


def _calendar_file(ctx: Context, reference: str) -> SendDocument:
    number = str(ctx.data.get("number", ""))
    entry = CalendarEntry(
        uid=f"{reference}@{ctx.config.company_name.replace(' ', '-').lower() or 'warranty'}",
        day=date.fromisoformat(ctx.data["day"]),
        window=str(ctx.data.get("window", "")),
        summary=ctx.t(N_("Courier pickup for claim {number}"), number=number),
        description="\n".join(_pickup_lines(ctx, reference)[1:]),
        location=str(ctx.data.get("address", "")),
    )
    path = store_ics(ics_bytes(entry, ctx.now), ctx.config.media_dir, reference)
    caption = ctx.t(N_("Add the pickup to your calendar"))
    return SendDocument(str(path.resolve()), f"{reference}.ics", caption)


def booked_replies(ctx: Context, reference: str) -> list[Reply]:
    """The booking confirmation with the next steps; a pickup also gets its calendar file."""
    if ctx.data.get("method") != "pickup":
        return [Say("\n".join(_dropoff_lines(ctx, reference)))]
    replies: list[Reply] = [Say("\n".join(_pickup_lines(ctx, reference)))]
    if ctx.channel.calendar_files:
        replies.append(_calendar_file(ctx, reference))
    return replies
