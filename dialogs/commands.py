"""Slash commands: they work at any step and take the customer where they asked.

The flows' own commands come from their declarations (`dialogs.flow.Entry`); this module adds
the few that belong to no flow and builds `/help` and the list Telegram shows from both.
"""

from __future__ import annotations

import dialogs.flows  # noqa: F401 - every flow registered before the lists below are built
from backend.i18n import LOCALES, N_
from dialogs.context import Context
from dialogs.flow import entries
from dialogs.flows.human import leave_staff
from dialogs.flows.language import switch_language
from dialogs.navigation import leave_words
from dialogs.staff_link import LINK_COMMAND, link_staff_chat
from dialogs.types import Command, Reply, Say

START = ("start", N_("Start over"))
CANCEL = ("cancel", N_("Stop what we are doing"))
HELP_COMMAND = ("help", N_("What I can do"))
HELP_INTRO = N_(
    "I can register a defect, check the warranty of your item, show your claims, "
    "book transport to the workshop and put you in touch with a person."
)
# Where nothing can be typed as a command (the web chat): the menu's buttons say it all.
PLAIN_HELP = N_(
    "I can register a defect, check the warranty of your item, show your claims, "
    "book transport to the workshop and put you in touch with a person. "
    "Choose what you need below."
)


# Every command a flow answers to (aliases included) -> the flow's name.
COMMAND_FLOWS: dict[str, str] = {
    command: flow.name for flow, entry in entries() for command in entry.commands
}
# (command, description) as Telegram's command list shows them, in menu order.
COMMANDS: tuple[tuple[str, str], ...] = (
    START,
    *((entry.commands[0], entry.help_line) for _, entry in entries()),
    CANCEL,
    HELP_COMMAND,
)


def help_text(ctx: Context) -> str:
    """What the bot can do, in the conversation's language: one line per command where the
    channel has commands, otherwise the menu's buttons say it all."""
    if not ctx.channel.slash_commands:
        return ctx.t(PLAIN_HELP)
    listed = [(entry.commands[0], entry.help_line) for _, entry in entries()] + [CANCEL]
    lines = [f"/{command} – {ctx.t(line)}" for command, line in listed]
    return "\n".join([ctx.t(HELP_INTRO), *lines])


async def on_command(ctx: Context, command: Command) -> list[Reply]:
    """Run a command; any command ends a conversation with a person first."""
    prefix: list[Reply] = []
    if ctx.conversation.with_staff and command.name != "human":
        prefix = await leave_staff(ctx)
    if command.name == LINK_COMMAND and ctx.channel.slash_commands:  # staff only, unlisted
        return prefix + await link_staff_chat(ctx, command.argument)
    if command.name == "language" and command.argument in LOCALES:
        return prefix + await switch_language(ctx, command.argument)
    if command.name in COMMAND_FLOWS:
        return prefix + await ctx.enter(COMMAND_FLOWS[command.name])
    if command.name == "start":
        greeting = ctx.t(
            N_("Hello! I'm the warranty assistant of {company}."), company=ctx.config.company_name
        )
        return [*prefix, Say(greeting), *await ctx.finish()]
    if command.name == "help":
        return [*prefix, Say(help_text(ctx)), *await ctx.finish()]
    if command.name in ("cancel", "menu"):
        said = [Say(text) for text in leave_words(ctx)]
        return [*prefix, *said, *await ctx.finish()]
    return [*prefix, Say(ctx.t(N_("I don't know this command."))), Say(help_text(ctx))]
