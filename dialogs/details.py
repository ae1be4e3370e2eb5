"""Answers built for a small screen: the verdict in the message, the reasons folded away.

A channel that folds details (the web) gets them in `Say.details` and shows a disclosure. The
others get a "❓ Why?" button with a global payload naming the details by a short digest; the
details are in the conversation's history, so the button answers even after the dialog moved on.
"""

from __future__ import annotations

import hashlib

from backend.i18n import N_
from dialogs.context import Context
from dialogs.store import history
from dialogs.types import Button, Reply, Say

WHY_PREFIX = "g.why:"


def details_key(details: str) -> str:
    """A short, stable name for one set of details (it fits a Telegram callback)."""
    return hashlib.sha256(details.encode()).hexdigest()[:12]


def folded(
    ctx: Context,
    lines: list[str],
    reasons: list[str],
    buttons: tuple[tuple[Button, ...], ...] = (),
) -> Say:
    """`lines` as the message; `reasons` behind a disclosure or a "Why?" button."""
    text, details = "\n".join(lines), "\n".join(reasons)
    if not details or ctx.channel.folds_details:
        return Say(text, buttons, details=details)
    why = Button(ctx.t(N_("❓ Why?")), WHY_PREFIX + details_key(details))
    return Say(text, (*buttons, (why,)), details=details)


async def on_why(ctx: Context, key: str) -> list[Reply]:
    """The reasons behind an earlier answer, found in the conversation's history."""
    for message in reversed(await history(ctx.session, ctx.conversation.id)):
        details = message.payload.get("details") if message.direction == "out" else None
        if isinstance(details, str) and details_key(details) == key:
            return [Say(details)]
    return [Say(ctx.t(N_("I no longer have that explanation. Please check the warranty again.")))]
