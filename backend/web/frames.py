"""The JSON frames of the web chat: what the page sends and what it receives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backend.controls import has_control
from backend.i18n import LOCALES
from dialogs.history import say_payload
from dialogs.types import Choice, Command, Content, Reply, Say, SendDocument, Text

MAX_TEXT = 4000


class BadFrame(ValueError):
    """A frame the page should never send."""


def valid_message_id(value: object) -> bool:
    """Whether a page's message id is a short printable string (it becomes an event id)."""
    return isinstance(value, str) and 0 < len(value) <= 64 and value.isprintable()


def parse_frame(frame: Any) -> tuple[Content, str | None]:
    """(content, client message id) from a page frame; BadFrame when malformed."""
    if not isinstance(frame, dict):
        raise BadFrame("frame must be an object")
    kind, message_id = frame.get("type"), frame.get("id")
    if message_id is not None and not valid_message_id(message_id):
        raise BadFrame("id must be a short string")
    if kind == "text" and isinstance(frame.get("text"), str) and not has_control(frame["text"]):
        return Text(frame["text"][:MAX_TEXT]), message_id
    if kind == "choice" and isinstance(frame.get("payload"), str) and len(frame["payload"]) <= 64:
        return Choice(frame["payload"]), message_id
    if kind == "command" and isinstance(frame.get("name"), str) and frame["name"].isalpha():
        argument = frame.get("argument") if frame.get("argument") in LOCALES else ""
        return Command(frame["name"].lower()[:32], str(argument or "")), message_id
    raise BadFrame("unknown frame")


def reply_frames(replies: list[Reply], document_url: Callable[[str], str]) -> list[dict[str, Any]]:
    """What the page renders for the engine's replies; documents get a signed download URL."""
    frames: list[dict[str, Any]] = []
    for reply in replies:
        if isinstance(reply, Say):
            frames.append(say_payload(reply))
        elif isinstance(reply, SendDocument):
            frames.append(
                {
                    "type": "document",
                    "filename": reply.filename,
                    "caption": reply.caption,
                    "url": document_url(reply.path),
                }
            )
    return frames
