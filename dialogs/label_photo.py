"""The serial number from a photo of the item's label: its barcode or QR code, checked against
the serial shape and the sales records.

Decoding runs in a worker thread (`asyncio.to_thread`), a few photos per event at most, each
bounded in pixels by `backend.catalog.label_codes` and waited for at most `DECODE_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging

from backend.catalog.label_codes import LabelCode, plain_serial, read_label_codes, serials_in
from dialogs.context import Context
from dialogs.types import Media, MediaKind

log = logging.getLogger(__name__)

MAX_PHOTOS = 3
DECODE_SECONDS = 10.0


async def _codes(ctx: Context, media: Media) -> list[LabelCode]:
    photos = [item for item in media.items if item.kind is MediaKind.PHOTO][:MAX_PHOTOS]
    codes: list[LabelCode] = []
    for item in photos:
        path = ctx.config.media_dir / item.path
        try:
            codes += await asyncio.wait_for(
                asyncio.to_thread(read_label_codes, path), DECODE_SECONDS
            )
        except TimeoutError:
            log.warning("reading the codes of a label photo took over %s s", DECODE_SECONDS)
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
