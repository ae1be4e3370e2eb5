"""Photos of product labels drawn in the test: a QR code or a Code 128 barcode among text."""

from __future__ import annotations

import io

import segno
from barcode import Code128
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw


def _label(code: Image.Image, model: str) -> bytes:
    """A JPEG "photo" of a label: product lines above and below the code, slightly grey paper."""
    page = Image.new("RGB", (1000, 700), (236, 234, 228))
    draw = ImageDraw.Draw(page)
    draw.rectangle((20, 20, 980, 680), outline=(40, 40, 40), width=3)
    draw.text((50, 40), f"{model}   220-240 V ~ 50 Hz   2000 W", fill=(20, 20, 20))
    draw.text((50, 70), "Made in EU. Keep this label for service.", fill=(20, 20, 20))
    page.paste(code, (50, 110))
    draw.text((50, 640), "Service: +7 800 000-00-00   www.example.com", fill=(20, 20, 20))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=90)
    return out.getvalue()


def qr_label(content: str, model: str = "Model WM-700") -> bytes:
    """A label photo whose QR code carries `content`."""
    buffer = io.BytesIO()
    segno.make_qr(content, error="m").save(buffer, kind="png", scale=8, border=4)
    buffer.seek(0)
    return _label(Image.open(buffer).convert("RGB"), model)


def code128_label(content: str, model: str = "Model SP-9") -> bytes:
    """A label photo whose Code 128 barcode carries `content` (its digits printed under it)."""
    buffer = io.BytesIO()
    Code128(content, writer=ImageWriter()).write(buffer, options={"module_height": 15.0})
    buffer.seek(0)
    return _label(Image.open(buffer).convert("RGB"), model)


def blank_photo() -> bytes:
    """A photo with no code on it: a plain, slightly uneven grey surface."""
    page = Image.new("RGB", (800, 600), (200, 200, 196))
    ImageDraw.Draw(page).ellipse((200, 150, 600, 450), fill=(180, 182, 178))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=85)
    return out.getvalue()
