"""Albums: Telegram sends each photo of an album as its own update; we make one event of them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiogram.types import Message

Flush = Callable[[list[Message]], Awaitable[None]]


class AlbumCollector:
    """Buffers messages that share a media_group_id until no more arrive for `quiet` seconds."""

    def __init__(self, quiet: float = 0.8) -> None:
        self.quiet = quiet
        self._albums: dict[str, list[Message]] = {}
        self._timers: dict[str, asyncio.Task[None]] = {}

    def add(self, message: Message, flush: Flush) -> None:
        """Add one album item; the album is flushed once it has been quiet for a moment."""
        group = message.media_group_id or ""
        self._albums.setdefault(group, []).append(message)
        timer = self._timers.pop(group, None)
        if timer is not None:
            timer.cancel()
        self._timers[group] = asyncio.create_task(self._flush_later(group, flush))

    async def _flush_later(self, group: str, flush: Flush) -> None:
        await asyncio.sleep(self.quiet)
        self._timers.pop(group, None)
        messages = sorted(self._albums.pop(group, []), key=lambda m: m.message_id)
        if messages:
            await flush(messages)

    async def drain(self) -> None:
        """Wait for every pending album (used on shutdown)."""
        while self._timers:
            await asyncio.gather(*list(self._timers.values()), return_exceptions=True)
