"""The understanding step: what typed text means at the step under way, before any "please
choose". A typed button label or number is a press; a step gets its part of a sentence (the
serial in "my serial is WM700-0001"); answers to later questions are kept for them; an intent
starts its flow with what was said filled in, or, mid-flow, offers to switch; text in another
script offers another language; when unsure, one short question with two options.
"""

from __future__ import annotations

import re
from typing import Any

from backend.catalog.serials import normalize_serial
from backend.i18n import N_
from dialogs.attachments import store_media
from dialogs.commands import help_text
from dialogs.context import MENU, Context
from dialogs.flow import Step, get_flow, stored_step
from dialogs.flows.claim_details import MAX_FILES
from dialogs.navigation import BROWSING_FLOWS, leave_words
from dialogs.said import CHOICES, FREE_TEXT, SAID, Slot, answer_for
from dialogs.types import Button, Choice, Content, Media, Reply, Say, Text
from dialogs.understanding import (
    LOCALE_SCRIPTS,
    SCRIPT_LOCALES,
    Intent,
    Understood,
    pressed,
    understand,
)
from dialogs.understanding.numbers import serials
from dialogs.understood_offers import language_offer, start_with, switch_offer, two_options

FLOW_INTENTS = (Intent.REGISTER, Intent.WARRANTY, Intent.STATUS, Intent.TRANSPORT, Intent.HUMAN)
LONGEST_LABEL_TEXT = 60
YES_VALUES = ("confirm", "book")  # the buttons a plain "yes" presses, besides any `...:yes`
SHORT_COMMAND_WORDS = 4
# Answers that need no understanding: a lone phone number or numeric date at its step.
PLAIN_ANSWERS = {
    Slot.PHONE: re.compile(r"\s*\+?[\d\s()\-]{7,}\s*"),
    Slot.DATE: re.compile(r"\s*\d[\d\s./\-]*\d\s*"),
}
ANSWERED_AS = {Slot.DATE: "purchase_date"}  # where a flow stores a slot's answer
KEPT = (Slot.SERIAL, Slot.CATEGORY, Slot.DESCRIPTION, Slot.PHONE, Slot.DATE, Slot.RECEIPT)
NONE = "none"  # the receipt slot's one answer: there is none


def said_slots(heard: Understood) -> dict[str, Any]:
    """Everything the message answered, by slot, with its intent."""
    slots: dict[str, Any] = {
        Slot.SERIAL: heard.serial,
        Slot.CATEGORY: CHOICES.join(heard.categories),
        Slot.DESCRIPTION: heard.description if heard.category else None,
        Slot.PHONE: heard.phone,
        Slot.DATE: heard.date.isoformat() if heard.date else None,
        Slot.CLAIM_NUMBER: heard.claim_number,
        Slot.RECEIPT: NONE if heard.no_receipt else None,
        "intent": str(heard.intent),
    }
    return {key: value for key, value in slots.items() if value}


async def act(ctx: Context, text: str) -> list[Reply] | Content:
    """The replies when the text was understood as something to do here, otherwise the
    content the step should handle (a press, its part of the text, or the text itself)."""
    step = stored_step(ctx.flow, ctx.step)
    if step is None or _plain_answer(step.takes, text):
        return Text(text)
    buttons = await _buttons_on_screen(ctx, text) if step.takes not in FREE_TEXT else []
    index = pressed(text, [button.label for button in buttons]) if buttons else None
    if index is not None:
        return Choice(buttons[index].payload)
    heard = understand(text, ctx.today, ctx.config.phone_region)
    answer = _yes_or_no_button(buttons, heard.yes)
    if answer is not None:
        return answer
    value = _slot_value(heard, step.takes)
    if step.takes and value is not None:
        _keep_for_later(ctx, heard, step.takes)
        return _on_screen(ctx, answer_for(step.takes, value))
    if step.takes in (Slot.DESCRIPTION, Slot.TEXT):
        return await _command(ctx, heard) or Text(text)
    script = heard.script
    if script is not None and script != LOCALE_SCRIPTS.get(ctx.locale):
        return language_offer(ctx, SCRIPT_LOCALES[script], said_slots(heard))
    acted = await _on_intent(ctx, heard)
    if acted is not None:
        return acted
    return await _unanswered(ctx, heard, step) or Text(text)


def _plain_answer(takes: str | None, text: str) -> bool:
    """Whether the text is the step's answer as it stands: a lone number at a number's step, or
    a long text at a free-text step (commands there are short)."""
    if takes in (Slot.DESCRIPTION, Slot.TEXT):
        return len(text.split()) > SHORT_COMMAND_WORDS
    if takes == Slot.SERIAL:  # one serial needing no repair of look-alike letters
        return serials(text) == [normalize_serial(text)]
    pattern = PLAIN_ANSWERS.get(takes) if takes else None  # type: ignore[call-overload]
    return bool(pattern and pattern.fullmatch(text))


async def photo_with_words(ctx: Context, media: Media) -> list[Reply] | None:
    """At the menu, photos whose caption describes a defect start a claim with both: the
    caption's serial, category and description answered, the photos kept for the claim."""
    heard = understand(media.caption, ctx.today, ctx.config.phone_region)
    if heard.intent is not Intent.REGISTER and heard.category is None:
        return None
    photos = await store_media(ctx, Media(media.items[:MAX_FILES]), kind="defect")
    said = {key: value for key, value in said_slots(heard).items() if key != "intent"}
    return await ctx.start("claim", keep={SAID: said, "media": photos})


async def _buttons_on_screen(ctx: Context, text: str) -> list[Button]:
    """The buttons the step shows (its prompt rendered again: prompts only read), when the
    text is short enough to name one; none when only Back and Cancel are there, which are
    reached by words, not numbers."""
    if len(text) > LONGEST_LABEL_TEXT:
        return []
    shown = await ctx.prompt(bump=False)
    buttons = [b for reply in shown if isinstance(reply, Say) for row in reply.buttons for b in row]
    if all(b.payload.endswith(("nav:back", "nav:cancel")) for b in buttons):
        return []
    return buttons


def _yes_or_no_button(buttons: list[Button], yes: bool | None) -> Choice | None:
    """A typed yes or no presses the step's button that says so (confirm, book, ...:yes)."""
    if yes is None:
        return None
    for button in buttons:
        value = button.payload.partition(".")[2]
        if (value in YES_VALUES or value.endswith(":yes")) if yes else value.endswith(":no"):
            return Choice(button.payload)
    return None


def _slot_value(heard: Understood, takes: str | None) -> str | None:
    values = {
        Slot.SERIAL: heard.serial,
        Slot.DATE: heard.date.isoformat() if heard.date else None,
        Slot.PHONE: heard.phone,
        Slot.CATEGORY: CHOICES.join(heard.categories) or None,
        Slot.CLAIM_NUMBER: heard.claim_number,
        # asked for the receipt, a word of absence or loss ("lost it") or a plain no says it
        Slot.RECEIPT: NONE if heard.lack or heard.yes is False else None,
    }
    return values.get(takes) if takes else None  # type: ignore[call-overload]


def _on_screen(ctx: Context, answer: Content) -> Content:
    """An answer that stands for a button press, made a press on the screen shown now."""
    if isinstance(answer, Choice):
        return Choice(f"{ctx.conversation.screen}.{answer.payload}")
    return answer


def _keep_for_later(ctx: Context, heard: Understood, now: str | None) -> bool:
    """Keep the answers to this flow's later questions; whether there were any."""
    wanted = {step.takes for step in get_flow(ctx.flow).steps.values()} - {now}
    known = {slot for slot in KEPT if ctx.data.get(ANSWERED_AS.get(slot, slot))}
    later = {
        k: v for k, v in said_slots(heard).items() if k in KEPT and k in wanted and k not in known
    }
    if later:
        ctx.data[SAID] = {**(ctx.data.get(SAID) or {}), **later}
    return bool(later)


async def _command(ctx: Context, heard: Understood) -> list[Reply] | None:
    """At a free-text step only a short, clear command (cancel, back, a person) is one."""
    short = len(heard.text.split()) <= SHORT_COMMAND_WORDS
    if short and heard.confident and heard.intent in (Intent.BACK, Intent.CANCEL, Intent.HUMAN):
        return await _on_intent(ctx, heard)
    return None


async def _on_intent(ctx: Context, heard: Understood) -> list[Reply] | None:
    """Act on what the customer asked for; None when it is for the step to answer."""
    at_menu = ctx.flow == MENU
    intent = Intent.STATUS if heard.claim_number else heard.intent
    if not heard.confident and not heard.claim_number:
        return _unsure(ctx, heard) if at_menu else None
    if intent is Intent.BACK:
        return await ctx.back() if not at_menu else await ctx.prompt(bump=False)
    if intent is Intent.CANCEL:
        return [*(Say(text) for text in leave_words(ctx)), *await ctx.finish()]
    if intent is Intent.HELP:
        return [Say(help_text(ctx)), *await ctx.prompt(bump=False)]
    if intent is Intent.GREETING:
        return await _greet(ctx) if at_menu else None
    if intent in (Intent.HUMAN, Intent.LANGUAGE):
        return await ctx.enter(str(intent))
    if intent in FLOW_INTENTS and _free_to_leave(ctx):
        return await start_with(ctx, str(intent), said_slots(heard))
    if intent in FLOW_INTENTS and str(intent) != ctx.flow:
        return switch_offer(ctx, str(intent), said_slots(heard))
    return None


def _free_to_leave(ctx: Context) -> bool:
    """Whether leaving the step loses nothing: browsing (the menu, my claims, a warranty
    answer) or a flow's last screen (a claim just registered)."""
    step = stored_step(ctx.flow, ctx.step)
    return ctx.flow in BROWSING_FLOWS or step is None or not step.navigation


def _unsure(ctx: Context, heard: Understood) -> list[Reply] | None:
    """At the menu: the two likeliest flows as buttons (the first hello gets the menu)."""
    if heard.intent is Intent.NONE and ctx.conversation.screen <= 1:
        return None
    likely = [str(i) for i in (heard.intent, heard.runner_up) if i in FLOW_INTENTS]
    for fallback in ("claim", "warranty", "claims"):
        if len(likely) < 2 and fallback not in likely:
            likely.append(fallback)
    return two_options(ctx, likely[:2], said_slots(heard))


async def _greet(ctx: Context) -> list[Reply]:
    greeting = ctx.t(
        N_("Hello! I'm the warranty assistant of {company}."), company=ctx.config.company_name
    )
    return [Say(greeting), *await ctx.prompt(bump=False)]


async def _unanswered(ctx: Context, heard: Understood, step: Step) -> list[Reply] | None:
    """Nothing for this step: keep what answers a later one, or say no serial was seen."""
    if _keep_for_later(ctx, heard, step.takes):
        noted = ctx.t(N_("Noted, I'll use that later."))
        return [Say(noted), *await ctx.prompt(bump=False)]
    if step.takes == Slot.SERIAL and len(heard.text.split()) > 1:
        missing = ctx.t(
            N_("I couldn't see a serial number in your message. It looks like WM700-0001.")
        )
        return [Say(missing), *await ctx.prompt(bump=False)]
    return None
