"""Language: English, Russian or Korean for this conversation and the customer's messages."""

from __future__ import annotations

from enum import StrEnum

from backend.i18n import LOCALES, N_
from dialogs.context import Context
from dialogs.flow import Entry, Flow, Step, register
from dialogs.flows.common import chosen, please_choose
from dialogs.types import Content, Reply, Say

NAMES = {"en": "English", "ru": "Русский", "ko": "한국어"}


class LanguageStep(StrEnum):
    """Choosing a language is one screen."""

    CHOOSE = "choose"


async def choose_prompt(ctx: Context) -> list[Reply]:
    """Offer the languages in their own names."""
    buttons = tuple((ctx.button(NAMES[code], f"lang:{code}"),) for code in LOCALES)
    return [Say(ctx.t(N_("Choose your language:")), buttons)]


async def choose_handle(ctx: Context, content: Content) -> list[Reply]:
    """Switch the conversation and the customer to the chosen language."""
    code = (chosen(content) or "").removeprefix("lang:")
    if code not in LOCALES:
        return await please_choose(ctx)
    return await switch_language(ctx, code)


async def switch_language(ctx: Context, code: str) -> list[Reply]:
    """Write in `code` from now on, in this conversation and in notifications."""
    ctx.conversation.locale = code
    (await ctx.load_customer()).locale = code
    return [Say(ctx.t(N_("Done: I'll write in English."))), *await ctx.finish()]


ENTRY = Entry(
    menu_label=N_("🌐 Language"),
    commands=("language",),
    help_line=N_("Change language"),
    order=60,
)
register(
    Flow(
        "language",
        LanguageStep.CHOOSE,
        {LanguageStep.CHOOSE: Step(choose_prompt, choose_handle)},
        ENTRY,
    )
)
