"""Checking and storing uploaded files under MEDIA_DIR (outside any web root).

Files get random names; the content type is taken from the file's first bytes, never from the
sender's claim, and the size is enforced while the bytes stream in.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
from collections.abc import AsyncIterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from backend.claims.images import too_many_pixels
from backend.controls import strip_control

log = logging.getLogger(__name__)

ALLOWED_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "application/pdf": ".pdf",
}


class UploadRejected(ValueError):
    """A file that cannot be stored; `reason` is `too_large`, `too_many_pixels`, `file_type`
    or `not_saved` (the media folder is full or read-only)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StoredFile:
    """A file safely stored under the media directory."""

    path: str
    sha256: str
    size: int
    content_type: str
    original_name: str


def sniff_content_type(head: bytes) -> str | None:
    """The content type that the first bytes prove, or None when not an allowed type."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "image/heic"
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    return None


def _target(media_dir: Path, suffix: str, now: datetime) -> tuple[Path, str]:
    relative = f"{now:%Y}/{now:%m}/{secrets.token_hex(16)}{suffix}"
    path = media_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, relative


async def store_stream(
    chunks: AsyncIterable[bytes],
    media_dir: Path,
    max_bytes: int,
    original_name: str = "",
    *,
    now: datetime,
) -> StoredFile:
    """Stream a file to disk (in the folder of `now`'s month), checking its size and type;
    nothing is kept when it is rejected."""
    partial = media_dir / "incoming" / f"{secrets.token_hex(16)}.part"
    try:
        partial.parent.mkdir(parents=True, exist_ok=True)
        return await _store(chunks, partial, media_dir, max_bytes, original_name, now)
    except OSError as error:
        log.error("could not store an upload in %s: %s", media_dir, error)
        raise UploadRejected("not_saved") from error
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


async def _store(
    chunks: AsyncIterable[bytes],
    partial: Path,
    media_dir: Path,
    max_bytes: int,
    name: str,
    now: datetime,
) -> StoredFile:
    digest = hashlib.sha256()
    size, head = 0, b""
    with partial.open("xb") as handle:
        async for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise UploadRejected("too_large")
            if len(head) < 16:
                head = (head + chunk)[:16]
            digest.update(chunk)
            handle.write(chunk)
    content_type = sniff_content_type(head)
    if content_type is None or size == 0:
        raise UploadRejected("file_type")
    if content_type.startswith("image/") and too_many_pixels(partial):
        raise UploadRejected("too_many_pixels")
    path, relative = _target(media_dir, ALLOWED_TYPES[content_type], now)
    os.replace(partial, path)
    return StoredFile(relative, digest.hexdigest(), size, content_type, strip_control(name)[:200])


async def store_bytes(
    data: bytes, media_dir: Path, max_bytes: int, original_name: str = "", *, now: datetime
) -> StoredFile:
    """Store an in-memory file with the same checks as a stream."""

    async def single() -> AsyncIterable[bytes]:
        yield data

    return await store_stream(single(), media_dir, max_bytes, original_name, now=now)


def verify(stored_path: Path, sha256: str) -> bool:
    """Whether the file on disk still has the recorded sha256."""
    digest = hashlib.sha256()
    with stored_path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest() == sha256
