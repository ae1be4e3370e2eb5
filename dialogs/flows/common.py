"""Small helpers the flows share."""

from __future__ import annotations

from backend.i18n import N_
from dialogs.context import Context
from dialogs.types import Button, Choice, Content, Reply, Say, Text


def chosen(content: Content) -> str | None:
    """The value of a pressed (current) button, or None."""
    return content.payload if isinstance(content, Choice) else None


def typed(content: Content) -> str | None:
    """The text the customer typed, or None."""
    return content.text if isinstance(content, Text) else None


async def please_choose(ctx: Context) -> list[Reply]:
    """Ask again for a button press when something else came."""
    return [
        Say(ctx.t(N_("Please choose one of the options below."))),
        *await ctx.prompt(bump=False),
    ]


async def not_expected(ctx: Context) -> list[Reply]:
    """Say that this kind of message does not fit the step, then ask again."""
    return [Say(ctx.t(N_("That's not what I asked for here."))), *await ctx.prompt(bump=False)]


def rows(buttons: list[Button], per_row: int = 1) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out in rows of `per_row`."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))
