"""Outbox rows -> Bot API calls: text with inline buttons, the share-phone keyboard, documents."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import (
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

TELEGRAM_TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def keyboard(payload: dict[str, Any]) -> InlineKeyboardMarkup | None:
    """The inline keyboard for `payload["buttons"]` (rows of {"label", "payload"}), if any.

    Built without pydantic's validation (the rows' shape is checked here): a reply's keyboard
    is most of the cost of handing it to the Bot API otherwise."""
    rows = payload.get("buttons") or []
    if not rows:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise TypeError("buttons must be rows of buttons")
    return InlineKeyboardMarkup.model_construct(
        inline_keyboard=[[_button(b) for b in row] for row in rows]
    )


def _button(button: dict[str, Any]) -> InlineKeyboardButton:
    label, data = button["label"], button["payload"]
    if not isinstance(label, str) or not isinstance(data, str):
        raise TypeError("a button's label and payload are strings")
    return InlineKeyboardButton.model_construct(text=label, callback_data=data)


def markup(payload: dict[str, Any]) -> Markup | None:
    """The keyboard a row asks for: inline buttons, the share-phone button, or none any more."""
    if payload.get("contact_button"):
        button = KeyboardButton(text=str(payload["contact_button"]), request_contact=True)
        return ReplyKeyboardMarkup(
            keyboard=[[button]], resize_keyboard=True, one_time_keyboard=True
        )
    if payload.get("remove_keyboard"):
        return ReplyKeyboardRemove()
    return keyboard(payload)


async def send_row(
    bot: Bot, chat: str, text: str, payload: dict[str, Any], seconds: int
) -> Message:
    """Send one outbox row to `chat`; Telegram's answer or its error."""
    if payload.get("document"):
        document = FSInputFile(str(payload["document"]), filename=payload.get("filename"))
        return await bot.send_document(
            chat_id=int(chat),
            document=document,
            caption=text[:CAPTION_LIMIT] or None,
            request_timeout=seconds,
        )
    return await bot.send_message(
        chat_id=int(chat),
        text=text[:TELEGRAM_TEXT_LIMIT] or "…",
        parse_mode=None,
        reply_markup=markup(payload),
        request_timeout=seconds,
    )
