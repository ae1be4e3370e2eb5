"""From a checked, stored file to the dialog's media types (shared by every channel adapter)."""

from __future__ import annotations

from backend.claims.storage import StoredFile, UploadRejected
from dialogs.types import MediaItem, MediaKind, Unsupported, UnsupportedKind


def media_item(stored: StoredFile) -> MediaItem:
    """The dialog's view of a stored file; the kind follows the proven content type."""
    if stored.content_type.startswith("video/"):
        kind = MediaKind.VIDEO
    elif stored.content_type == "application/pdf":
        kind = MediaKind.DOCUMENT
    else:
        kind = MediaKind.PHOTO
    return MediaItem(
        kind, stored.path, stored.sha256, stored.size, stored.content_type, stored.original_name
    )


def rejected(error: UploadRejected) -> Unsupported:
    """The explanation a rejected file gets: too large, or a type we can't open."""
    too_large = error.reason == "too_large"
    return Unsupported(UnsupportedKind.FILE_TOO_LARGE if too_large else UnsupportedKind.FILE_TYPE)
