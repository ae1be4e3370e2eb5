"""Talk to a person: the conversation goes to staff; the bot stays quiet until it comes back."""

from __future__ import annotations

from enum import StrEnum

from backend.escalations.service import (
    add_message,
    close_escalation,
    open_escalation,
    open_escalation_of,
)
from backend.escalations.waiting import describe_wait, expectation
from backend.i18n import N_
from dialogs.context import Context
from dialogs.flow import Entry, Flow, Step, register
from dialogs.types import (
    Button,
    Choice,
    Contact,
    Content,
    Location,
    Media,
    Reply,
    Say,
    Text,
    Unsupported,
)

BACK_TO_BOT = "g.unescalate"


async def back_to_bot(ctx: Context) -> list[Reply]:
    """The customer pressed “Back to the bot”."""
    if not ctx.conversation.with_staff:
        return await ctx.finish()
    return [*await leave_staff(ctx), *await ctx.finish()]


def _back_button(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    return ((Button(ctx.t(N_("🤖 Back to the bot")), BACK_TO_BOT),),)


class HumanStep(StrEnum):
    """With a person the conversation has one step; the thread holds the rest."""

    START = "start"


async def hand_over(ctx: Context) -> list[Reply]:
    """Open an escalation thread (or keep the open one) and enter the flow: the one place a
    conversation goes to staff, so rendering the step again opens nothing."""
    claim_id = ctx.data.get("claim_id")
    escalation = await open_escalation(
        ctx.session, ctx.customer_id, ctx.conversation.id, ctx.now, claim_id
    )
    ctx.conversation.with_staff = True
    await add_message(ctx.session, escalation, "system", "handed over by the customer", ctx.now)
    return await ctx.start("human")


async def start_prompt(ctx: Context) -> list[Reply]:
    """Tell the customer a person will answer here, or, once staff closed the thread, that the
    bot is back (rendering only: no thread is opened here)."""
    if not ctx.conversation.with_staff:
        text = ctx.t(
            N_(
                "Our colleague has finished the conversation. I'm here again: send /start "
                "for the menu."
            )
        )
        return [Say(text, ((ctx.button(ctx.t(N_("🏠 Main menu")), "menu"),),))]
    text = ctx.t(
        N_(
            "I've asked a colleague to join. A person will answer right here; write your "
            "question meanwhile. Press the button to return to the bot."
        )
    )
    escalation = await open_escalation_of(ctx.session, ctx.conversation.id)
    if escalation is not None:
        wait = describe_wait(ctx.locale, await expectation(ctx.session, escalation, ctx.now))
        text = f"{text}\n\n{wait}" if wait else text
    return [Say(text, _back_button(ctx))]


async def start_handle(ctx: Context, content: Content) -> list[Reply]:
    """Reached only after the thread was closed (staff close it; while it is open the router
    passes messages to it): the customer is back with the bot, at the menu."""
    if ctx.conversation.with_staff:
        return await while_with_staff(ctx, content)
    return await ctx.finish()


def _as_thread_text(content: Content) -> str | None:
    if isinstance(content, Text):
        return content.text[:4000]
    if isinstance(content, Media):
        return "[" + ", ".join(item.kind.value for item in content.items) + "] " + content.caption
    if isinstance(content, Contact):
        return f"[contact] {content.phone}"
    if isinstance(content, Location):
        return f"[location] {content.latitude:.5f},{content.longitude:.5f}"
    if isinstance(content, Unsupported):
        return f"[{content.kind.value}]"
    return None


async def while_with_staff(ctx: Context, content: Content) -> list[Reply]:
    """Pass the customer's messages to the thread; the bot does not answer for a person."""
    if isinstance(content, Choice):
        return []
    escalation = await open_escalation_of(ctx.session, ctx.conversation.id)
    if escalation is None:
        ctx.conversation.with_staff = False
        return await ctx.finish()
    text = _as_thread_text(content)
    if text:
        await add_message(ctx.session, escalation, "customer", text, ctx.now)
    return []


async def leave_staff(ctx: Context) -> list[Reply]:
    """Close the thread from the customer's side and hand the conversation back to the bot."""
    escalation = await open_escalation_of(ctx.session, ctx.conversation.id)
    if escalation is not None:
        await add_message(
            ctx.session, escalation, "system", "customer returned to the bot", ctx.now
        )
        await close_escalation(ctx.session, escalation, ctx.now)
    ctx.conversation.with_staff = False
    return [Say(ctx.t(N_("You're back with the bot.")))]


register(
    Flow(
        "human",
        HumanStep.START,
        {HumanStep.START: Step(start_prompt, start_handle, navigation=False)},
        Entry(
            menu_label=N_("🙋 Talk to a person"),
            commands=("human",),
            help_line=N_("Talk to a person"),
            order=50,
        ),
        enter=hand_over,
    )
)
