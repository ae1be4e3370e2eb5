"""The two commonest updates handled straight from their JSON: a private text message and a
button press in a private chat.

Building aiogram's models for an update and running it through the dispatcher costs about as
much as the dialog step itself. These two kinds need only a few fields, read here with the same
meaning the handlers in `bot.handlers` give them; anything else (files, contacts, albums, edits,
groups, membership changes, a field of an unexpected type) returns False and goes through the
dispatcher.
"""

from __future__ import annotations

import logging

from aiogram import Bot

from bot.bot_api import Json, call
from bot.content import command_of
from bot.conversation import BotServices, converse_as
from dialogs.types import Choice, Text, Toast

log = logging.getLogger(__name__)


def _user(value: object) -> tuple[int, str | None, str] | None:
    """(id, language, full name) of a user object with fields of the expected types."""
    if not isinstance(value, dict):
        return None
    user_id, first, last = value.get("id"), value.get("first_name"), value.get("last_name")
    language = value.get("language_code")
    if not isinstance(user_id, int) or not isinstance(first, str):
        return None
    if not isinstance(language, str | None) or not isinstance(last, str | None):
        return None
    return user_id, language, f"{first} {last}" if last else first


def _private(message: Json) -> bool:
    chat = message.get("chat")
    return isinstance(chat, dict) and chat.get("type") == "private" and "id" in chat


async def handle_raw(services: BotServices, bot: Bot, payload: Json, key: str) -> bool:
    """Handle `payload` when it is one of the two kinds; False to leave it to the dispatcher."""
    message = payload.get("message")
    if isinstance(message, dict):
        return await _text(services, message, key)
    query = payload.get("callback_query")
    if isinstance(query, dict):
        return await _press(services, bot, query, key)
    return False


async def _text(services: BotServices, message: Json, key: str) -> bool:
    text, user = message.get("text"), _user(message.get("from"))
    plain = isinstance(text, str) and "media_group_id" not in message and "contact" not in message
    if not plain or user is None or not _private(message):
        return False
    assert isinstance(text, str)
    await converse_as(services, *user, command_of(text) or Text(text), key)
    return True


async def _press(services: BotServices, bot: Bot, query: Json, key: str) -> bool:
    message, user, data = query.get("message"), _user(query.get("from")), query.get("data")
    if not isinstance(message, dict) or not _private(message) or user is None:
        return False
    if not isinstance(query.get("id"), str) or not isinstance(data, str | None):
        return False
    replies = await converse_as(services, *user, Choice(data or ""), key)
    toast = next((reply.text for reply in replies if isinstance(reply, Toast)), None)
    answer: Json = {"callback_query_id": query["id"]}
    if toast is not None:
        answer["text"] = toast
    try:  # "query is too old" after downtime: the press counted all the same
        await call(bot, "answerCallbackQuery", answer)
    except Exception:
        log.debug("could not answer a callback query", exc_info=True)
    if toast is None and replies:  # a press taken: fold the choice into its message
        await _mark_choice(bot, message, data or "")
    return True


def _label(message: Json, payload: str) -> str | None:
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    for row in rows if isinstance(rows, list) else []:
        for button in row if isinstance(row, list) else []:
            if isinstance(button, dict) and button.get("callback_data") == payload:
                return str(button.get("text", ""))
    return None


async def _mark_choice(bot: Bot, message: Json, payload: str) -> None:
    """Edit the pressed message: keep its text, show the choice, remove its buttons."""
    label, text = _label(message, payload), message.get("text")
    if label is None or not isinstance(text, str) or not isinstance(message.get("message_id"), int):
        return
    try:
        edit = {
            "chat_id": message["chat"]["id"],
            "message_id": message["message_id"],
            "text": f"{text}\n\n✅ {label}"[:4096],
        }
        await call(bot, "editMessageText", edit)  # no reply_markup: its buttons go
    except Exception:  # an old message may no longer be editable; the dialog goes on
        log.debug("could not edit the pressed message", exc_info=True)
