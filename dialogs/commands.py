"""Slash commands: they work at any step and take the customer where they asked."""

from __future__ import annotations

from backend.i18n import LOCALES, N_
from dialogs.context import Context
from dialogs.flows.human import leave_staff
from dialogs.flows.language import switch_language
from dialogs.navigation import leave_words
from dialogs.types import Command, Reply, Say

COMMAND_FLOWS = {
    "claim": "claim",
    "warranty": "warranty",
    "status": "claims",
    "claims": "claims",
    "transport": "transport",
    "human": "human",
    "language": "language",
}

HELP = N_(
    "I can register a defect, check the warranty of your item, show your claims, "
    "book transport to the workshop and put you in touch with a person.\n"
    "/claim – register a defect\n/warranty – check warranty\n/status – my claims\n"
    "/transport – book transport\n/human – talk to a person\n/language – change language\n"
    "/cancel – stop what we are doing"
)
# Where nothing can be typed as a command (the web chat): the menu's buttons say it all.
PLAIN_HELP = N_(
    "I can register a defect, check the warranty of your item, show your claims, "
    "book transport to the workshop and put you in touch with a person. "
    "Choose what you need below."
)


def help_text(ctx: Context) -> str:
    """What the assistant can do, with the commands where the channel has them."""
    return ctx.t(HELP if ctx.channel.slash_commands else PLAIN_HELP)


async def on_command(ctx: Context, command: Command) -> list[Reply]:
    """Run a command; any command ends a conversation with a person first."""
    prefix: list[Reply] = []
    if ctx.conversation.with_staff and command.name != "human":
        prefix = await leave_staff(ctx)
    if command.name == "language" and command.argument in LOCALES:
        return prefix + await switch_language(ctx, command.argument)
    if command.name in COMMAND_FLOWS:
        return prefix + await ctx.start(COMMAND_FLOWS[command.name])
    if command.name == "start":
        greeting = ctx.t(
            N_("Hello! I'm the warranty assistant of {company}."), company=ctx.config.company_name
        )
        return [*prefix, Say(greeting), *await ctx.start("menu")]
    if command.name == "help":
        return [*prefix, Say(help_text(ctx)), *await ctx.start("menu")]
    if command.name in ("cancel", "menu"):
        said = [Say(text) for text in leave_words(ctx)]
        return [*prefix, *said, *await ctx.start("menu")]
    return [*prefix, Say(ctx.t(N_("I don't know this command."))), Say(help_text(ctx))]
