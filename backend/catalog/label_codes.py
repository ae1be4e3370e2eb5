"""Barcodes and QR codes read from a photo of a product's label (zxing-cpp), bounded in pixels.

The photo is already stored and checked (backend/claims/storage.py). Its header is read first
and a picture over the storage's pixel limit is not decoded at all; the rest is decoded at most
`MAX_SIDE` pixels on its longer side (JPEG at a reduced scale straight from the file), so the
work per photo has a ceiling. Blocking: callers run it off the event loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import zxingcpp
from PIL import Image, UnidentifiedImageError

from backend.catalog.serials import is_valid_serial
from backend.claims.images import too_many_pixels

MAX_SIDE = 2560
# Shop codes: they name the product (its GTIN), never the unit, so they are no serial.
RETAIL_FORMATS = frozenset(
    {
        zxingcpp.BarcodeFormat.EAN13,
        zxingcpp.BarcodeFormat.EAN8,
        zxingcpp.BarcodeFormat.UPCA,
        zxingcpp.BarcodeFormat.UPCE,
    }
)
SERIAL_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]{2,63}")


@dataclass(frozen=True)
class LabelCode:
    """The text of one code found on a label; `retail` for EAN/UPC shop codes."""

    text: str
    retail: bool = False


def read_label_codes(path: Path) -> list[LabelCode]:
    """Every barcode and QR code zxing-cpp finds in the photo at `path` (none when unreadable)."""
    if too_many_pixels(path):
        return []
    try:
        with Image.open(path) as image:
            image.draft("L", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale
            gray = image.convert("L")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return []
    gray.thumbnail((MAX_SIDE, MAX_SIDE))
    found = zxingcpp.read_barcodes(gray)
    return [LabelCode(code.text, code.format in RETAIL_FORMATS) for code in found if code.text]


def serials_in(text: str) -> list[str]:
    """Serial-shaped strings in a code's content: the whole content first, then its parts (the
    value in "SN: WM700-0001" or in a link's query), in order, without repeats."""
    found: list[str] = []
    whole = text.strip().upper()  # a space inside a code's content separates fields
    candidates = [whole, *(part.upper() for part in SERIAL_PART.findall(text))]
    for candidate in candidates:
        if candidate not in found and is_valid_serial(candidate):
            found.append(candidate)
    return found


def plain_serial(code: LabelCode) -> str | None:
    """The code's whole content when it is a serial by itself (shape, a digit, no shop code)."""
    whole = code.text.strip().upper()
    has_digit = any(char.isdigit() for char in whole)
    return whole if not code.retail and has_digit and is_valid_serial(whole) else None
