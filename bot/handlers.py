"""aiogram routers: private messages and button presses become dialog events.

Updates arrive from the inbox (`bot.inbox`), one at a time per chat; `event_key` is the
update's inbox key (chat and message id, or callback id), used as the dialog event id so a
redelivered or re-run update is answered once. An album comes as its first update with every
item's message in `album`.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from backend.i18n import N_, gettext_for, pick_locale
from bot.content import download_media, simple_content
from bot.conversation import BotServices, converse, mark_blocked, pressed_label, tell_chat
from dialogs.types import Choice, Toast

log = logging.getLogger(__name__)
GROUP_REFUSAL = N_("I only talk in private chats. Please write to me directly.")
PRESENT = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR}


def build_router(services: BotServices) -> Router:
    """The router with every handler bound to the application's services."""
    router = Router(name="customers")

    @router.my_chat_member()
    async def membership(event: ChatMemberUpdated) -> None:
        status = event.new_chat_member.status
        if event.chat.type == ChatType.PRIVATE:
            if status in (ChatMemberStatus.KICKED, ChatMemberStatus.MEMBER):
                await mark_blocked(
                    services, event.chat.id, blocked=status == ChatMemberStatus.KICKED
                )
        elif status in PRESENT and event.old_chat_member.status not in PRESENT:
            await _refuse_group(event.chat.id, event.from_user.language_code)

    @router.message(F.chat.type != ChatType.PRIVATE)
    @router.edited_message(F.chat.type != ChatType.PRIVATE)
    async def in_group(message: Message, bot: Bot) -> None:
        if await _addressed(message, bot):
            language = message.from_user.language_code if message.from_user else None
            await _refuse_group(message.chat.id, language)

    @router.message()
    @router.edited_message()  # a corrected answer is read as the answer to the current step
    async def private_message(
        message: Message, bot: Bot, event_key: str, album: list[Message] | None = None
    ) -> None:
        if message.from_user is None:
            return
        content = simple_content(message) if not album or len(album) == 1 else None
        if content is None:
            await _typing(bot, message.chat.id)
            now = services.engine.clock.now()
            content = await download_media(bot, album or [message], services.settings, now)
        await converse(services, message.from_user, content, event_key)

    @router.callback_query()
    async def button(query: CallbackQuery, bot: Bot, event_key: str) -> None:
        message = query.message
        if not isinstance(message, Message) or message.chat.type != ChatType.PRIVATE:
            await _answer(query, None)
            return
        replies = await converse(services, query.from_user, Choice(query.data or ""), event_key)
        toast = next((reply.text for reply in replies if isinstance(reply, Toast)), None)
        await _answer(query, toast)
        if toast is None and replies:  # a press taken: fold the choice into its message
            await _mark_choice(bot, message, query.data or "")

    async def _refuse_group(chat_id: int, language: str | None) -> None:
        text = gettext_for(pick_locale(language, services.settings.default_locale), GROUP_REFUSAL)
        await tell_chat(services, chat_id, text, kind="group")

    return router


async def _answer(query: CallbackQuery, toast: str | None) -> None:
    """Stop the button's spinner, with a popup for a press that was not taken."""
    try:
        await query.answer(text=toast)
    except Exception:  # "query is too old" after downtime: the press counted all the same
        log.debug("could not answer a callback query", exc_info=True)


async def _addressed(message: Message, bot: Bot) -> bool:
    """Whether a group message is meant for the bot: a command, a mention, a reply to it."""
    text = message.text or message.caption or ""
    me = await bot.me()
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == me.id:
        return True
    mention = f"@{me.username}".lower() if me.username else None
    if text.startswith("/"):
        head = text.split(maxsplit=1)[0].lower()
        return "@" not in head or (mention is not None and head.endswith(mention))
    return mention is not None and mention in text.lower()


async def _mark_choice(bot: Bot, message: Message, payload: str) -> None:
    """Edit the pressed message: keep its text, show the choice, remove its buttons."""
    rows = message.reply_markup.inline_keyboard if message.reply_markup else None
    label = pressed_label(rows, payload)  # type: ignore[arg-type]
    if label is None or message.text is None:
        return
    try:
        await bot.edit_message_text(
            text=f"{message.text}\n\n✅ {label}"[:4096],
            chat_id=message.chat.id,
            message_id=message.message_id,
            reply_markup=None,
        )
    except Exception:  # an old message may no longer be editable; the dialog goes on
        log.debug("could not edit the pressed message", exc_info=True)


async def _typing(bot: Bot, chat_id: int) -> None:
    """Show "typing…" while files download and get checked; never fails the event."""
    try:
        await bot.send_chat_action(chat_id, "typing")
    except Exception:  # a cosmetic hint only
        log.debug("could not send the typing action", exc_info=True)
