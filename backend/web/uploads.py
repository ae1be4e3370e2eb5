"""Web uploads into the same checked storage as Telegram media."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from fastapi import UploadFile

from backend.claims.storage import UploadRejected, store_stream
from backend.config import Settings
from dialogs.media import media_item
from dialogs.types import MediaItem

CHUNK = 1 << 16


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK):
        yield chunk


async def store_upload(upload: UploadFile, settings: Settings, now: datetime) -> MediaItem:
    """Stream one uploaded file to MEDIA_DIR; raises UploadRejected when too large or wrong."""
    stored = await store_stream(
        _chunks(upload),
        settings.media_dir,
        int(settings.max_upload_mb * 2**20),
        upload.filename or "",
        now=now,
    )
    return media_item(stored)


async def store_uploads(
    uploads: list[UploadFile], settings: Settings, now: datetime
) -> tuple[MediaItem, ...]:
    """Store every file of one upload, or none: a rejected file takes the others back."""
    stored: list[MediaItem] = []
    try:
        for upload in uploads:
            stored.append(await store_upload(upload, settings, now))
    except UploadRejected:
        for item in stored:
            (settings.media_dir / item.path).unlink(missing_ok=True)
        raise
    return tuple(stored)
