"""A chat client for whole conversations with the dialog engine, and the dialogs tests share."""

from __future__ import annotations

import itertools
import re
import struct
import zlib
from pathlib import Path

from backend.claims.storage import store_bytes
from dialogs.engine import Engine
from dialogs.types import (
    Button,
    Choice,
    Command,
    Contact,
    Content,
    Incoming,
    Media,
    MediaItem,
    MediaKind,
    Reply,
    Say,
    Text,
    Unsupported,
    UnsupportedKind,
)
from tests.support.clock import NOW

_event_ids = itertools.count(1)


def png_bytes(seed: int = 0) -> bytes:
    """A real, tiny PNG image (different bytes per seed)."""
    raw = b"\x00" + bytes([seed % 256, 80, 120])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class ChatClient:
    """Sends events as one customer and keeps the replies, like a person reading the chat."""

    def __init__(
        self,
        engine: Engine,
        user_id: str,
        media_dir: Path,
        locale: str = "en",
        channel: str = "terminal",
    ) -> None:
        self.engine = engine
        self.user_id = user_id
        self.media_dir = media_dir
        self.locale = locale
        self.channel = channel
        self.replies: list[Reply] = []
        self.transcript: list[Reply] = []

    async def send_content(self, content: Content, event_id: str | None = None) -> list[Reply]:
        event = Incoming(
            self.channel,
            self.user_id,
            content,
            event_id=event_id or f"e{next(_event_ids)}",
            locale_hint=self.locale,
        )
        self.replies = await self.engine.handle(event)
        self.transcript += self.replies
        return self.replies

    async def send(self, text: str) -> list[Reply]:
        return await self.send_content(Text(text))

    async def command(self, name: str) -> list[Reply]:
        return await self.send_content(Command(name))

    def buttons(self) -> list[Button]:
        return [b for r in self.replies if isinstance(r, Say) for row in r.buttons for b in row]

    def find_button(self, label_part: str) -> Button:
        for button in self.buttons():
            if label_part.lower() in button.label.lower():
                return button
        raise AssertionError(f"no button {label_part!r} in {[b.label for b in self.buttons()]}")

    async def choose(self, value: str) -> list[Reply]:
        """Press the button whose payload carries `value` (language-independent)."""
        for button in self.buttons():
            if button.payload == value or button.payload.split(".", 1)[-1] == value:
                return await self.send_content(Choice(button.payload))
        raise AssertionError(f"no button {value!r} in {[b.payload for b in self.buttons()]}")

    def payloads(self) -> list[str]:
        return [b.payload.split(".", 1)[-1] for b in self.buttons()]

    async def click(self, label_part: str) -> list[Reply]:
        return await self.send_content(Choice(self.find_button(label_part).payload))

    async def contact(self, phone: str) -> list[Reply]:
        return await self.send_content(Contact(phone))

    async def photos(self, count: int = 1, seed: int = 0, album: str = "") -> list[Reply]:
        items = []
        for n in range(count):
            stored = await store_bytes(
                png_bytes(seed + n), self.media_dir, 20 << 20, f"p{n}.png", now=NOW
            )
            items.append(
                MediaItem(
                    MediaKind.PHOTO,
                    stored.path,
                    stored.sha256,
                    stored.size,
                    stored.content_type,
                    stored.original_name,
                )
            )
        return await self.send_content(Media(tuple(items), album=album))

    async def photo_bytes(self, data: bytes, name: str = "photo.jpg") -> list[Reply]:
        """Send one photo made of `data` (stored as an adapter stores it), as one event."""
        stored = await store_bytes(data, self.media_dir, 20 << 20, name, now=NOW)
        item = MediaItem(
            MediaKind.PHOTO,
            stored.path,
            stored.sha256,
            stored.size,
            stored.content_type,
            stored.original_name,
        )
        return await self.send_content(Media((item,)))

    async def sticker(self) -> list[Reply]:
        return await self.send_content(Unsupported(UnsupportedKind.STICKER))

    async def why(self) -> str:
        """Press "❓ Why?" under the latest answer; the reasons, as the customer reads them.

        The buttons shown before stay the ones to press next, as they do on the screen."""
        shown = self.replies
        why = next(b for b in self.buttons() if b.payload.startswith("g.why:"))
        answer = await self.send_content(Choice(why.payload))
        self.replies = shown
        return "\n".join(r.text for r in answer if isinstance(r, Say))

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies if isinstance(r, Say))


async def claim_up_to_the_remedy(c: ChatClient, serial: str, description: str) -> list[str]:
    """The claim dialog with a known serial up to the remedy question; the remedies offered."""
    await c.command("claim")
    await c.send(serial)
    await c.choose("cat:no_power")
    await c.send(description)
    await c.choose("media:skip")
    await c.send("+79160000009")
    return [payload for payload in c.payloads() if payload.startswith("rem:")]


async def register_quick_claim(
    c: ChatClient, serial: str = "KT1-0001", description: str = "It does not turn on"
) -> str:
    """The whole claim dialog with a known serial; returns the claim number the customer got."""
    await claim_up_to_the_remedy(c, serial, description)
    await c.choose("rem:repair")
    await c.choose("confirm")
    found = re.search(r"WR-\d{4}-\d{6}", c.text)
    assert found, c.text
    return found.group(0)
