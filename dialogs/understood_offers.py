"""Short questions the understanding step asks: which of two things, leave for another flow,
or another language; and what their buttons do. Their payloads start with `g.u.`, valid on
any screen, like the other global buttons."""

from __future__ import annotations

from typing import Any

from backend.i18n import LOCALES, N_, gettext_for
from dialogs.context import Context
from dialogs.flow import get_flow
from dialogs.navigation import leave_words
from dialogs.said import SAID
from dialogs.types import Button, Reply, Say

OFFER_PREFIX = "g.u."
OFFER = "_offer"


def flow_label(ctx: Context, flow: str) -> str:
    """The menu label of `flow` in the conversation's language."""
    entry = get_flow(flow).entry
    return ctx.t(entry.menu_label) if entry else flow


def two_options(ctx: Context, flows: list[str], said: dict[str, Any]) -> list[Reply]:
    """One short question with the two likeliest flows as buttons."""
    ctx.data[OFFER] = said
    buttons = tuple((Button(flow_label(ctx, flow), f"{OFFER_PREFIX}go:{flow}"),) for flow in flows)
    return [Say(ctx.t(N_("Did you mean one of these?")), buttons)]


def switch_offer(ctx: Context, flow: str, said: dict[str, Any]) -> list[Reply]:
    """Mid-flow, the customer asked for another flow: leave for it, or continue here."""
    ctx.data[OFFER] = said
    target = flow_label(ctx, flow)
    buttons = (
        (Button(target, f"{OFFER_PREFIX}go:{flow}"),),
        (Button(ctx.t(N_("Continue here")), f"{OFFER_PREFIX}stay"),),
    )
    text = ctx.t(N_("Shall we leave this for “{target}”?"), target=target)
    return [Say(text, buttons)]


def language_offer(ctx: Context, locale: str, said: dict[str, Any]) -> list[Reply]:
    """The customer writes in another language's script: offer to continue in it."""
    ctx.data[OFFER] = said
    buttons = (
        (
            Button(
                gettext_for(locale, N_("Yes, continue in English")), f"{OFFER_PREFIX}lang:{locale}"
            ),
        ),
        (Button(ctx.t(N_("Keep the current language")), f"{OFFER_PREFIX}stay"),),
    )
    return [Say(gettext_for(locale, N_("Shall we continue in English?")), buttons)]


async def start_with(ctx: Context, flow: str, said: dict[str, Any]) -> list[Reply]:
    """Enter `flow` with what was said already filled in."""
    said = {key: value for key, value in said.items() if key != "intent"}
    if flow == "claim" and ctx.data.get("serial") and "serial" not in said:
        said["serial"] = ctx.data["serial"]  # the item just checked, so its serial is not asked
    if not said or get_flow(flow).enter is not None:
        return await ctx.enter(flow)
    return await ctx.start(flow, keep={SAID: said})


async def on_offer(ctx: Context, payload: str) -> list[Reply]:
    """A button of one of these questions was pressed."""
    said: dict[str, Any] = dict(ctx.data.pop(OFFER, None) or {})
    action, _, value = payload.partition(":")
    if action == "go" and value in ("claim", "warranty", "claims", "transport", "human"):
        left = [Say(text) for text in leave_words(ctx)] if ctx.flow != value else []
        return [*left, *await start_with(ctx, value, said)]
    if action == "lang" and value in LOCALES:
        ctx.conversation.locale = value
        (await ctx.load_customer()).locale = value
        done = Say(ctx.t(N_("Done: I'll write in English.")))
        intent = said.get("intent")
        if intent in ("claim", "warranty", "claims", "transport") and ctx.flow == "menu":
            return [done, *await start_with(ctx, str(intent), said)]
        return [done, *await ctx.prompt()]
    return await ctx.prompt()
