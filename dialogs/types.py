"""The one message model every channel adapter speaks (frozen dataclasses)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

MAX_PAYLOAD_BYTES = 64


class MediaKind(enum.StrEnum):
    """What a received file is."""

    PHOTO = "photo"
    VIDEO = "video"
    DOCUMENT = "document"


@dataclass(frozen=True)
class Text:
    """Free text the customer typed."""

    text: str


@dataclass(frozen=True)
class Choice:
    """A button the customer pressed; `payload` is the button's opaque payload."""

    payload: str


@dataclass(frozen=True)
class Command:
    """A slash command such as `/start` (name without the slash, lower case)."""

    name: str
    argument: str = ""


@dataclass(frozen=True)
class Contact:
    """A phone number the customer shared through the channel."""

    phone: str
    name: str = ""


@dataclass(frozen=True)
class MediaItem:
    """A file the adapter already checked and stored under MEDIA_DIR."""

    kind: MediaKind
    path: str
    sha256: str
    size: int
    content_type: str
    original_name: str = ""


@dataclass(frozen=True)
class Media:
    """One or more files sent together (an album is one event). `album` is the channel's id of
    the album they came in (Telegram's media_group_id), "" for files sent on their own."""

    items: tuple[MediaItem, ...]
    caption: str = ""
    album: str = ""


@dataclass(frozen=True)
class Location:
    """A shared map location; used as a pickup address."""

    latitude: float
    longitude: float


class UnsupportedKind(enum.StrEnum):
    """Content the dialogs cannot use, each with its own explanation."""

    STICKER = "sticker"
    VOICE = "voice"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    IMAGE_TOO_LARGE = "image_too_large"
    NOT_SAVED = "not_saved"
    FOREIGN_CONTACT = "foreign_contact"
    DOWNLOAD_FAILED = "download_failed"
    OTHER = "other"


@dataclass(frozen=True)
class Unsupported:
    """Something the customer sent that no step can accept."""

    kind: UnsupportedKind


Content = Text | Choice | Command | Contact | Media | Location | Unsupported


@dataclass(eq=False)
class RawEvent:
    """The channel's raw event, not stored yet: its step's transaction writes `row` (an inbox row,
    processed) and sets `stored`; a row of that key already there makes the event a duplicate.
    Whoever handed the event in writes the row itself when `stored` stayed False."""

    row: dict[str, Any]
    stored: bool = False


@dataclass(frozen=True)
class Incoming:
    """One event from a customer in a channel.

    `event_id` is the channel's id of the event (a Telegram `update_id`, a web-chat frame id):
    the same id is answered once. `locale_hint` is the channel's language for a first contact.
    """

    channel: str
    user_id: str
    content: Content
    event_id: str | None = None
    locale_hint: str | None = None
    display_name: str = ""
    toasts: bool = False  # the channel shows a `Toast` about a pressed button
    raw: RawEvent | None = None


class Request(enum.StrEnum):
    """Special input a reply asks the adapter to offer."""

    NONE = "none"
    PHONE = "phone"
    MEDIA = "media"


@dataclass(frozen=True)
class Button:
    """A choice shown under a message."""

    label: str
    payload: str

    def __post_init__(self) -> None:
        # A character is at most 4 bytes in UTF-8: short payloads need no encoding to check.
        if (
            len(self.payload) * 4 > MAX_PAYLOAD_BYTES
            and len(self.payload.encode()) > MAX_PAYLOAD_BYTES
        ):
            raise ValueError(f"button payload over {MAX_PAYLOAD_BYTES} bytes: {self.payload!r}")


@dataclass(frozen=True)
class Say:
    """A text message, optionally with button rows and a special input request.

    `outbox_id` is set when the message is also stored in the outbox (a claim confirmation):
    the adapter marks it delivered after sending, and the outbox worker delivers it otherwise.
    Where every reply is an outbox row already, such a message carries its `kind` and
    `claim_id` instead, and its row is written with them (never repeated when a send's
    outcome is unknown).
    `details` are the reasons behind the text (rules and articles): a channel that folds
    details shows them behind a disclosure; the others offer a "Why?" button for them.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    request: Request = Request.NONE
    outbox_id: int | None = None
    details: str = ""
    kind: str = ""
    claim_id: int | None = None


@dataclass(frozen=True)
class SendDocument:
    """A file to send to the customer."""

    path: str
    filename: str
    caption: str = ""


@dataclass(frozen=True)
class Typing:
    """Show the customer that an answer is being prepared."""


@dataclass(frozen=True)
class Toast:
    """A short notice about the button just pressed, shown beside the chat (Telegram's callback
    answer), not as a message; only for channels whose events say `toasts`."""

    text: str


Reply = Say | SendDocument | Typing | Toast
