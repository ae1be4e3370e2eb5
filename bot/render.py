"""Outbox rows -> Bot API calls: text with inline buttons, the share-phone keyboard, documents.

Texts go as the Bot API's own JSON (`bot.bot_api`); documents, which upload a file, through
aiogram.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from aiogram import Bot
from aiogram.types import FSInputFile

from bot.bot_api import Json, call

TELEGRAM_TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


class Sent(NamedTuple):
    """What the sender keeps of Telegram's answer to a sent message."""

    message_id: int


def keyboard(payload: dict[str, Any]) -> Json | None:
    """The inline keyboard for `payload["buttons"]` (rows of {"label", "payload"}), if any."""
    rows = payload.get("buttons") or []
    if not rows:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise TypeError("buttons must be rows of buttons")
    return {"inline_keyboard": [[_button(b) for b in row] for row in rows]}


def _button(button: dict[str, Any]) -> Json:
    label, data = button["label"], button["payload"]
    if not isinstance(label, str) or not isinstance(data, str):
        raise TypeError("a button's label and payload are strings")
    return {"text": label, "callback_data": data}


def markup(payload: dict[str, Any]) -> Json | None:
    """The keyboard a row asks for: inline buttons, the share-phone button, or none any more."""
    if payload.get("contact_button"):
        button = {"text": str(payload["contact_button"]), "request_contact": True}
        return {"keyboard": [[button]], "resize_keyboard": True, "one_time_keyboard": True}
    if payload.get("remove_keyboard"):
        return {"remove_keyboard": True}
    return keyboard(payload)


async def send_row(bot: Bot, chat: str, text: str, payload: dict[str, Any], seconds: int) -> Sent:
    """Send one outbox row to `chat`; Telegram's answer or its error."""
    if payload.get("document"):
        document = FSInputFile(str(payload["document"]), filename=payload.get("filename"))
        message = await bot.send_document(
            chat_id=int(chat),
            document=document,
            caption=text[:CAPTION_LIMIT] or None,
            request_timeout=seconds,
        )
        return Sent(message.message_id)
    params: Json = {"chat_id": int(chat), "text": text[:TELEGRAM_TEXT_LIMIT] or "…"}
    keys = markup(payload)
    if keys is not None:
        params["reply_markup"] = keys
    answer = await call(bot, "sendMessage", params, seconds)
    return Sent(int(answer["message_id"]))
