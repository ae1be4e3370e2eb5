"""The serial number from a photo of the item's label: its barcode or QR code, checked against
the serial shape and the sales records.

Decoding runs in a worker thread (`asyncio.to_thread`), a few photos per event at most, each
bounded in pixels by `backend.catalog.label_codes` and waited for at most `DECODE_SECONDS`. The
engine calls `read_ahead` (the serial step's `prepare`) before the step's transaction opens, so
the decoding holds no transaction that other conversations' events share; the handler reads
the photos itself only when the engine did not know the step (a conversation not cached here).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from backend.catalog.label_codes import LabelCode, plain_serial, read_label_codes, serials_in
from dialogs.config import DialogConfig
from dialogs.context import Context
from dialogs.types import Content, Media, MediaItem, MediaKind

log = logging.getLogger(__name__)

MAX_PHOTOS = 3
DECODE_SECONDS = 10.0
READ_AHEAD_KEPT = 64
# Codes read by `read_ahead` (by the photo's sha256) until the step's handler takes them.
_already_read: OrderedDict[str, list[LabelCode]] = OrderedDict()


async def _read(config: DialogConfig, item: MediaItem) -> list[LabelCode]:
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(read_label_codes, config.media_dir / item.path), DECODE_SECONDS
        )
    except TimeoutError:
        log.warning("reading the codes of a label photo took over %s s", DECODE_SECONDS)
        return []


def _photos(media: Media) -> list[MediaItem]:
    return [item for item in media.items if item.kind is MediaKind.PHOTO][:MAX_PHOTOS]


async def read_ahead(config: DialogConfig, content: Content) -> None:
    """Read the codes of the photos sent to the serial step before its transaction opens."""
    if isinstance(content, Media):
        for item in _photos(content):
            _already_read[item.sha256] = await _read(config, item)
            while len(_already_read) > READ_AHEAD_KEPT:
                _already_read.popitem(last=False)


async def _codes(ctx: Context, media: Media) -> list[LabelCode]:
    codes: list[LabelCode] = []
    for item in _photos(media):
        ahead = _already_read.pop(item.sha256, None)
        codes += ahead if ahead is not None else await _read(ctx.config, item)
    return codes


async def serial_from_label(ctx: Context, media: Media) -> str | None:
    """The serial the label's codes give: one found in the sales records first, else a code
    that is a serial by itself; None when no code on the photos carries one."""
    codes = await _codes(ctx, media)
    for code in codes:
        for serial in serials_in(code.text):
            if await ctx.facts.find_serial(ctx.session, serial) is not None:
                return serial
    return next((plain for code in codes if (plain := plain_serial(code))), None)
