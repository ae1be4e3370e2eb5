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
from dialogs.types import Choice, RawEvent, Text, Toast

log = logging.getLogger(__name__)
NOT_PLAIN = frozenset({"media_group_id", "contact"})  # text beside these goes to the dispatcher
NOT_PLAIN = frozenset({"media_group_id", "contact"})  # text beside these goes to the dispatcher


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


def takes(payload: Json) -> bool:
    """Whether `handle_raw` handles `payload` itself (else the dispatcher does)."""
    message, query = payload.get("message"), payload.get("callback_query")
    if isinstance(message, dict):
        return _plain_text(message)
    return isinstance(query, dict) and _plain_press(query)


def _plain_text(message: Json) -> bool:
    if not isinstance(message.get("text"), str) or not NOT_PLAIN.isdisjoint(message):
        return False
    return _user(message.get("from")) is not None and _private(message)


def _plain_press(query: Json) -> bool:
    message, data = query.get("message"), query.get("data")
    if not isinstance(message, dict) or not _private(message):
        return False
    valid = isinstance(query.get("id"), str) and isinstance(data, str | None)
    return valid and _user(query.get("from")) is not None


async def handle_raw(
    services: BotServices, bot: Bot, payload: Json, key: str, raw: RawEvent | None = None
) -> bool:
    """Handle `payload` when it is one of the two kinds; False to leave it to the dispatcher.
    `raw`: the update's inbox row, for the step's transaction to write."""
    if not takes(payload):
        return False
    message = payload.get("message")
    if isinstance(message, dict):
        text, user = str(message["text"]), _user(message.get("from"))
        assert user is not None
        await converse_as(services, *user, command_of(text) or Text(text), key, raw)
        return True
    await _press(services, bot, payload["callback_query"], key, raw)
    return True


async def _press(
    services: BotServices, bot: Bot, query: Json, key: str, raw: RawEvent | None
) -> None:
    message, user, data = query["message"], _user(query.get("from")), query.get("data")
    assert user is not None
    replies = await converse_as(services, *user, Choice(data or ""), key, raw)
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
