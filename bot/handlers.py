"""aiogram routers: private messages and button presses become dialog events."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, Update

from backend.i18n import N_, gettext_for, pick_locale
from bot.albums import AlbumCollector
from bot.content import download_media, simple_content
from bot.conversation import BotServices, converse, pressed_label
from bot.render import call_with_retry
from dialogs.types import Choice, Content

log = logging.getLogger(__name__)
GROUP_REFUSAL = N_("I only talk in private chats. Please write to me directly.")


def build_router(services: BotServices, albums: AlbumCollector) -> Router:
    """The router with every handler bound to the application's services."""
    router = Router(name="customers")

    @router.message(F.chat.type != ChatType.PRIVATE)
    async def in_group(message: Message) -> None:
        language = message.from_user.language_code if message.from_user else None
        await message.answer(gettext_for(pick_locale(language), GROUP_REFUSAL))

    @router.message(F.media_group_id)
    async def album_item(message: Message, bot: Bot) -> None:
        async def flush(messages: list[Message]) -> None:
            await _typing(bot, messages[0].chat.id)
            content = await download_media(
                bot, messages, services.settings, services.engine.clock.now()
            )
            await _converse(bot, messages[0], content, f"album:{messages[0].media_group_id}")

        albums.add(message, flush)

    @router.message()
    async def private_message(message: Message, bot: Bot, event_update: Update) -> None:
        content = simple_content(message)
        if content is None:
            await _typing(bot, message.chat.id)
            content = await download_media(
                bot, [message], services.settings, services.engine.clock.now()
            )
        await _converse(bot, message, content, str(event_update.update_id))

    @router.callback_query()
    async def button(query: CallbackQuery, bot: Bot, event_update: Update) -> None:
        await call_with_retry(lambda: query.answer())
        message = query.message
        if not isinstance(message, Message) or message.chat.type != ChatType.PRIVATE:
            return
        await _mark_choice(bot, message, query.data or "")
        await converse(
            bot,
            services,
            query.from_user,
            message.chat.id,
            Choice(query.data or ""),
            str(event_update.update_id),
        )

    async def _converse(bot: Bot, message: Message, content: Content, event_id: str) -> None:
        if message.from_user is None:
            return
        await converse(bot, services, message.from_user, message.chat.id, content, event_id)

    return router


async def _mark_choice(bot: Bot, message: Message, payload: str) -> None:
    """Edit the pressed message: keep its text, show the choice, remove its buttons."""
    rows = message.reply_markup.inline_keyboard if message.reply_markup else None
    label = pressed_label(rows, payload)  # type: ignore[arg-type]
    if label is None or message.text is None:
        return
    try:
        await call_with_retry(
            lambda: bot.edit_message_text(
                text=f"{message.text}\n\n✅ {label}"[:4096],
                chat_id=message.chat.id,
                message_id=message.message_id,
                reply_markup=None,
            )
        )
    except Exception:  # an old message may no longer be editable; the dialog goes on
        log.debug("could not edit the pressed message", exc_info=True)


async def _typing(bot: Bot, chat_id: int) -> None:
    """Show "typing…" while files download and get checked; never fails the event."""
    try:
        await bot.send_chat_action(chat_id, "typing")
    except Exception:  # a cosmetic hint only
        log.debug("could not send the typing action", exc_info=True)
