"""The main menu: one button per flow that declares an entry."""

from __future__ import annotations

from enum import StrEnum

from backend.i18n import N_
from dialogs.context import Context
from dialogs.flow import Flow, Step, entries, register
from dialogs.flows.common import chosen, please_choose
from dialogs.types import Content, Reply, Say


class MenuStep(StrEnum):
    """The menu has one screen."""

    START = "start"


def menu_entries() -> list[tuple[str, str]]:
    """(flow name, button label) of every flow the menu offers, in menu order."""
    return [(flow.name, entry.menu_label) for flow, entry in entries()]


async def prompt(ctx: Context) -> list[Reply]:
    """What can I do for you, with one button per flow."""
    buttons = tuple((ctx.button(ctx.t(label), name),) for name, label in menu_entries())
    return [Say(ctx.t(N_("How can I help you?")), buttons)]


async def handle(ctx: Context, content: Content) -> list[Reply]:
    """Enter the chosen flow."""
    value = chosen(content)
    if value in dict(menu_entries()):
        return await ctx.enter(value)
    if ctx.conversation.screen <= 1:
        greeting = ctx.t(
            N_("Hello! I'm the warranty assistant of {company}."), company=ctx.config.company_name
        )
        return [Say(greeting), *await ctx.prompt(bump=False)]
    return await please_choose(ctx)


register(Flow("menu", MenuStep.START, {MenuStep.START: Step(prompt, handle, navigation=False)}))
