"""Telegram messages -> dialog content: text, commands, contacts, locations, media, the rest."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNetworkError
from aiogram.types import Message

from backend.claims.storage import UploadRejected, store_bytes
from backend.config import Settings
from dialogs.media import media_item, rejected
from dialogs.types import (
    Command,
    Contact,
    Content,
    Location,
    Media,
    MediaItem,
    Text,
    Unsupported,
    UnsupportedKind,
)

log = logging.getLogger(__name__)
GETFILE_LIMIT = 20 * 1024 * 1024  # the Bot API's getFile ceiling
DOWNLOAD_TRIES = 3


def limit_bytes(settings: Settings) -> int:
    """The largest file accepted: the configured limit, never above what getFile serves."""
    return min(int(settings.max_upload_mb * 1024 * 1024), GETFILE_LIMIT)


def command_of(text: str) -> Command | None:
    """`/start@SomeBot arg` -> Command("start", "arg"); None for ordinary text."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, argument = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    return Command(name, argument.strip()) if name.isascii() and name.isidentifier() else None


def _file_of(message: Message) -> tuple[str, int | None, str] | None:
    """(file_id, size, name) of the file a message carries, if any; the kind comes later
    from the file's own bytes."""
    if message.photo:
        largest = message.photo[-1]
        return largest.file_id, largest.file_size, "photo.jpg"
    if message.video:
        return (
            message.video.file_id,
            message.video.file_size,
            message.video.file_name or "video.mp4",
        )
    if message.document:
        document = message.document
        return document.file_id, document.file_size, document.file_name or "document"
    return None


async def download_media(
    bot: Bot, messages: Sequence[Message], settings: Settings, now: datetime
) -> Content:
    """Download and store every file of the messages (an album is several); one event."""
    items: list[MediaItem] = []
    caption = ""
    for message in messages:
        found = _file_of(message)
        if found is None:
            continue
        file_id, size, name = found
        if size is not None and size > limit_bytes(settings):
            return Unsupported(UnsupportedKind.FILE_TOO_LARGE)
        buffer = await _download(bot, file_id)
        if buffer is None:
            return Unsupported(UnsupportedKind.DOWNLOAD_FAILED)
        try:
            stored = await store_bytes(
                buffer.getvalue(), settings.media_dir, limit_bytes(settings), name, now=now
            )
        except UploadRejected as error:
            return rejected(error)
        items.append(media_item(stored))
        caption = caption or (message.caption or "")  # an album carries its caption on one item
    if not items:
        return Unsupported(UnsupportedKind.OTHER)
    album = next((m.media_group_id for m in messages if m.media_group_id), None)
    return Media(tuple(items), caption, album or "")


async def _download(bot: Bot, file_id: str) -> io.BytesIO | None:
    """The file's bytes; None when Telegram would not give them (too big, gone, failing)."""
    for attempt in range(DOWNLOAD_TRIES):
        buffer = io.BytesIO()
        try:
            await bot.download(file_id, destination=buffer)
            return buffer
        except TelegramBadRequest:  # "file is too big", an unknown file: retrying cannot help
            break
        except (TelegramAPIError, TelegramNetworkError, OSError):
            log.info("telegram: a download failed (attempt %d)", attempt + 1)
            await asyncio.sleep(0.5 * 2**attempt)
    return None


def simple_content(message: Message) -> Content | None:
    """Content that needs no download; None when the message carries a file."""
    if message.text is not None:
        return command_of(message.text) or Text(message.text)
    if message.contact is not None:
        sender = message.from_user.id if message.from_user else None
        if message.contact.user_id != sender:  # a card from the address book, not their own
            return Unsupported(UnsupportedKind.FOREIGN_CONTACT)
        return Contact(message.contact.phone_number, message.contact.first_name or "")
    if message.location is not None:
        return Location(message.location.latitude, message.location.longitude)
    if message.sticker is not None:
        return Unsupported(UnsupportedKind.STICKER)
    if message.voice is not None or message.video_note is not None or message.audio is not None:
        return Unsupported(UnsupportedKind.VOICE)
    if _file_of(message) is not None:
        return None
    return Unsupported(UnsupportedKind.OTHER)
