"""The main menu."""

from __future__ import annotations

from backend.i18n import N_
from dialogs.context import Context
from dialogs.flow import Flow, Step, register
from dialogs.flows.common import chosen, please_choose
from dialogs.types import Content, Reply, Say

ENTRIES = (
    ("claim", N_("📝 Register a defect")),
    ("warranty", N_("🛡 Check warranty")),
    ("claims", N_("📋 My claims")),
    ("transport", N_("🚚 Book transport")),
    ("human", N_("🙋 Talk to a person")),
    ("language", N_("🌐 Language")),
)


async def prompt(ctx: Context) -> list[Reply]:
    """What can I do for you, with one button per flow."""
    buttons = tuple((ctx.button(ctx.t(label), name),) for name, label in ENTRIES)
    return [Say(ctx.t(N_("How can I help you?")), buttons)]


async def handle(ctx: Context, content: Content) -> list[Reply]:
    """Start the chosen flow."""
    value = chosen(content)
    if value in dict(ENTRIES):
        return await ctx.start(value)
    if ctx.conversation.screen <= 1:
        greeting = ctx.t(
            N_("Hello! I'm the warranty assistant of {company}."), company=ctx.config.company_name
        )
        return [Say(greeting), *await ctx.prompt(bump=False)]
    return await please_choose(ctx)


register(Flow("menu", "start", {"start": Step(prompt, handle, navigation=False)}))
