"""Where an event goes: commands, global buttons, the person handling it, or the current step."""

from __future__ import annotations

from backend.errors import DomainError
from backend.i18n import N_
from dialogs import albums
from dialogs.commands import on_command
from dialogs.context import MENU, Context
from dialogs.details import WHY_PREFIX, on_why
from dialogs.flow import stored_step
from dialogs.flows.human import BACK_TO_BOT, back_to_bot, while_with_staff
from dialogs.flows.rating import on_rating_button
from dialogs.navigation import leave_words
from dialogs.recall import RECALL_PREFIX, on_recall_button
from dialogs.types import (
    Choice,
    Command,
    Content,
    Media,
    Reply,
    Say,
    Text,
    Toast,
    Unsupported,
    UnsupportedKind,
)
from dialogs.understood import act, photo_with_words
from dialogs.understood_offers import OFFER_PREFIX, on_offer

UNSUPPORTED_TEXTS = {
    UnsupportedKind.STICKER: N_(
        "Nice sticker! I can only read text, buttons, photos and videos, though."
    ),
    UnsupportedKind.VOICE: N_("I can't listen to voice messages. Please type your answer."),
    UnsupportedKind.FILE_TOO_LARGE: N_("This file is too large. Please send files up to {mb} MB."),
    UnsupportedKind.FILE_TYPE: N_(
        "I can't open this kind of file. Please send a photo (JPEG, PNG, WEBP, HEIC), "
        "a video (MP4, MOV) or a PDF."
    ),
    UnsupportedKind.IMAGE_TOO_LARGE: N_(
        "This picture has too many pixels to open. Please send a smaller photo."
    ),
    UnsupportedKind.NOT_SAVED: N_("I could not save your file. Please try again in a minute."),
    UnsupportedKind.FOREIGN_CONTACT: N_(
        "This is someone else's contact. Please share your own number with the button or type it."
    ),
    UnsupportedKind.DOWNLOAD_FAILED: N_(
        "I couldn't download your file from Telegram. Please send it again."
    ),
    UnsupportedKind.OTHER: N_("I can't use this kind of message here."),
}
GLOBAL_PREFIX = "g."


def unsupported_text(ctx: Context, kind: UnsupportedKind) -> str:
    """The explanation for content the dialogs cannot use."""
    return ctx.t(UNSUPPORTED_TEXTS[kind], mb=20)


async def route(ctx: Context, content: Content) -> list[Reply]:
    """Dispatch one event; the step under way sees only what it can act on. A late item of
    the album the conversation took last joins that answer (`dialogs.albums`)."""
    before = albums.files_before(ctx, content)
    if before is None:
        return await _route(ctx, content)
    assert isinstance(content, Media)
    late = await albums.late_item(ctx, content)
    if late is not None:
        return late
    replies = await _route(ctx, content)
    albums.remember(ctx, content, before)
    return replies


async def _route(ctx: Context, content: Content) -> list[Reply]:
    if isinstance(content, Command):
        return await on_command(ctx, content)
    if isinstance(content, Choice) and content.payload == BACK_TO_BOT:
        return await back_to_bot(ctx)
    if isinstance(content, Choice) and content.payload.startswith(WHY_PREFIX):
        return await on_why(ctx, content.payload.removeprefix(WHY_PREFIX))
    if isinstance(content, Choice) and content.payload.startswith(OFFER_PREFIX):
        return await on_offer(ctx, content.payload.removeprefix(OFFER_PREFIX))
    if isinstance(content, Choice) and content.payload.startswith(GLOBAL_PREFIX + RECALL_PREFIX):
        return await on_recall_button(ctx, content.payload.removeprefix(GLOBAL_PREFIX))
    if isinstance(content, Choice) and content.payload.startswith(GLOBAL_PREFIX):
        return await on_rating_button(ctx, content.payload.removeprefix(GLOBAL_PREFIX))
    if ctx.conversation.with_staff:
        return await while_with_staff(ctx, content)
    if isinstance(content, Unsupported):
        return [Say(unsupported_text(ctx, content.kind)), *await ctx.prompt(bump=False)]
    if isinstance(content, Media) and content.caption.strip() and ctx.flow == MENU:
        started = await photo_with_words(ctx, content)
        if started is not None:
            return started
    if isinstance(content, Text):  # a press needs no understanding: only typed text gets it
        understood = await act(ctx, content.text)
        if isinstance(understood, list):
            return understood
        if isinstance(understood, Choice):
            return await _route(ctx, understood)
        content = understood
    if isinstance(content, Choice):
        screen, _, value = content.payload.partition(".")
        if screen != str(ctx.conversation.screen):
            stale = ctx.t(N_("This button is no longer active."))
            if ctx.event.toasts:  # a popup says it; the chat stays as it is
                return [Toast(stale)]
            return [Say(stale), *await ctx.prompt()]
        if value == "nav:back":
            return await ctx.back()
        if value == "nav:cancel":
            said = [Say(text) for text in leave_words(ctx)]
            return [*said, *await ctx.finish()]
        content = Choice(value)
    step = stored_step(ctx.flow, ctx.step)
    if step is None:  # saved by an older version; `ctx.prompt` logs it and shows the menu
        return await ctx.prompt()
    try:
        return await step.handle(ctx, content)
    except DomainError as error:  # a service refused before writing: say why, ask again
        return [Say(ctx.t(error.message, **error.params)), *await ctx.prompt(bump=False)]
