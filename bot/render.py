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
    """The inline keyboard for `payload["buttons"]` (rows of {"label", "payload"}), if any."""
    rows = payload.get("buttons") or []
    if not rows:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b["label"], callback_data=b["payload"]) for b in row]
            for row in rows
        ]
    )


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
