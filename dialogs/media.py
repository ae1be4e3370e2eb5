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


REJECTIONS = {
    "too_large": UnsupportedKind.FILE_TOO_LARGE,
    "too_many_pixels": UnsupportedKind.IMAGE_TOO_LARGE,
    "not_saved": UnsupportedKind.NOT_SAVED,
}


def rejected(error: UploadRejected) -> Unsupported:
    """The explanation a rejected file gets: too large, a type we can't open, or not saved."""
    return Unsupported(REJECTIONS.get(error.reason, UnsupportedKind.FILE_TYPE))
