"""Talk to a person: the conversation goes to staff; the bot stays quiet until it comes back."""

from __future__ import annotations

from backend.escalations.service import (
    add_message,
    close_escalation,
    open_escalation,
    open_escalation_of,
)
from backend.escalations.waiting import describe_wait, expectation
from backend.i18n import N_
from dialogs.context import Context
from dialogs.flow import Flow, Step, register
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
        return await ctx.start("menu")
    return [*await leave_staff(ctx), *await ctx.start("menu")]


def _back_button(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    return ((Button(ctx.t(N_("🤖 Back to the bot")), BACK_TO_BOT),),)


async def start_prompt(ctx: Context) -> list[Reply]:
    """Open an escalation thread and tell the customer a person will answer here."""
    escalation = await open_escalation(
        ctx.session, ctx.customer_id, ctx.conversation.id, ctx.now, ctx.data.get("claim_id")
    )
    ctx.conversation.with_staff = True
    await add_message(ctx.session, escalation, "system", "handed over by the customer", ctx.now)
    text = ctx.t(
        N_(
            "I've asked a colleague to join. A person will answer right here; write your "
            "question meanwhile. Press the button to return to the bot."
        )
    )
    wait = describe_wait(ctx.locale, await expectation(ctx.session, escalation, ctx.now))
    return [Say(f"{text}\n\n{wait}" if wait else text, _back_button(ctx))]


async def start_handle(ctx: Context, content: Content) -> list[Reply]:
    """Not reached while with staff; kept for completeness."""
    return await while_with_staff(ctx, content)


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
        return await ctx.start("menu")
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


register(Flow("human", "start", {"start": Step(start_prompt, start_handle, navigation=False)}))
