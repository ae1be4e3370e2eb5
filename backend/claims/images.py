"""Customer images read with a pixel limit, and the small previews staff see instead of them.

Only an image's header is read to learn its size, so a decompression bomb (a few hundred
kilobytes that decode to gigabytes) is refused before any pixel is decoded.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 50_000_000
PREVIEW_SIZE = (320, 320)
# Pillow's own guard, as a second line behind the explicit check below.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _dimensions(path: Path) -> tuple[int, int] | None:
    """Width and height from the header, or None when Pillow can't read this image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (MAX_PIXELS, 2)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def too_many_pixels(path: Path) -> bool:
    """Whether the image at `path` declares more pixels than we are willing to decode."""
    size = _dimensions(path)
    return size is not None and size[0] * size[1] > MAX_PIXELS


def preview(source: Path, target: Path) -> bool:
    """Write a small JPEG preview of `source` to `target` (kept for next time); False when the
    image can't be read or is too large to decode."""
    if target.is_file():
        return True
    if _dimensions(source) is None or too_many_pixels(source):
        return False
    try:
        with Image.open(source) as image:
            image.draft("RGB", PREVIEW_SIZE)  # JPEG decodes at a reduced scale
            image.thumbnail(PREVIEW_SIZE)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            image.convert("RGB").save(partial, "JPEG", quality=80)
            partial.replace(target)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True
