"""Dialog replies -> Bot API calls: inline keyboards, a contact keyboard, documents."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import (
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from backend.i18n import N_, gettext_for
from dialogs.types import Button, Reply, Request, Say, SendDocument, Typing

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_RETRIES = 3
TELEGRAM_TEXT_LIMIT = 4096


class ChatBlocked(Exception):
    """The customer blocked the bot."""


async def call_with_retry(call: Callable[[], Awaitable[T]]) -> T:
    """Run one Bot API call, waiting out 429 answers; a blocked chat raises ChatBlocked."""
    for attempt in range(MAX_RETRIES + 1):
        try:
            return await call()
        except TelegramRetryAfter as error:
            if attempt == MAX_RETRIES:
                raise
            await asyncio.sleep(min(error.retry_after, 30))
        except TelegramForbiddenError as error:
            raise ChatBlocked(str(error)) from error
    raise AssertionError("unreachable")


def inline_keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """Inline buttons whose callback data is the dialog payload."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.label, callback_data=b.payload) for b in row]
            for row in rows
        ]
    )


def contact_keyboard(locale: str) -> ReplyKeyboardMarkup:
    """A one-time keyboard whose button shares the customer's phone number."""
    label = gettext_for(locale, N_("📱 Share my phone number"))
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=label, request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def send_say(bot: Bot, chat_id: int, reply: Say, locale: str) -> Message:
    """One text reply; a phone request gets the contact keyboard, its buttons a second message."""
    text = reply.text[:TELEGRAM_TEXT_LIMIT] or "…"
    if reply.request is Request.PHONE:
        sent = await call_with_retry(
            lambda: bot.send_message(chat_id, text, reply_markup=contact_keyboard(locale))
        )
        if reply.buttons:
            more = gettext_for(locale, N_("Or choose:"))
            await call_with_retry(
                lambda: bot.send_message(chat_id, more, reply_markup=inline_keyboard(reply.buttons))
            )
        return sent
    return await call_with_retry(
        lambda: bot.send_message(chat_id, text, reply_markup=inline_keyboard(reply.buttons))
    )


async def send_replies(
    bot: Bot, chat_id: int, replies: list[Reply], locale: str
) -> list[tuple[Say, Message]]:
    """Send the replies in order; return each text reply with the message Telegram made."""
    sent: list[tuple[Say, Message]] = []
    for reply in replies:
        if isinstance(reply, Say):
            sent.append((reply, await send_say(bot, chat_id, reply, locale)))
        elif isinstance(reply, SendDocument):
            document = FSInputFile(reply.path, filename=reply.filename)
            await call_with_retry(
                lambda d=document, r=reply: bot.send_document(  # type: ignore[misc]
                    chat_id, d, caption=r.caption[:1024] or None
                )
            )
        elif isinstance(reply, Typing):
            await call_with_retry(lambda: bot.send_chat_action(chat_id, "typing"))
    return sent
