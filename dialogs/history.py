"""How events and replies are kept in a conversation's history (for the web chat's reload)."""

from __future__ import annotations

from typing import Any

from dialogs.types import (
    Choice,
    Command,
    Contact,
    Content,
    Location,
    Media,
    Reply,
    Say,
    SendDocument,
    Text,
    Unsupported,
)


def describe_incoming(content: Content) -> dict[str, Any]:
    """A JSON-able record of what the customer sent."""
    if isinstance(content, Text):
        return {"type": "text", "text": content.text[:4000]}
    if isinstance(content, Choice):
        return {"type": "choice", "payload": content.payload}
    if isinstance(content, Command):
        return {"type": "command", "name": content.name}
    if isinstance(content, Contact):
        return {"type": "contact"}
    if isinstance(content, Media):
        return {
            "type": "media",
            "count": len(content.items),
            "kinds": [item.kind.value for item in content.items],
        }
    if isinstance(content, Location):
        return {"type": "location"}
    assert isinstance(content, Unsupported)
    return {"type": "unsupported", "kind": content.kind.value}


def say_payload(reply: Say) -> dict[str, Any]:
    """A JSON-able record of a text reply with its buttons (and its details, if any)."""
    payload: dict[str, Any] = {
        "type": "say",
        "text": reply.text,
        "buttons": [
            [{"label": b.label, "payload": b.payload} for b in row] for row in reply.buttons
        ],
        "request": reply.request.value,
    }
    if reply.details:
        payload["details"] = reply.details
    return payload


def describe_replies(replies: list[Reply]) -> list[tuple[str, dict[str, Any]]]:
    """History entries for the replies that the customer will see."""
    entries: list[tuple[str, dict[str, Any]]] = []
    for reply in replies:
        if isinstance(reply, Say):
            entries.append(("out", say_payload(reply)))
        elif isinstance(reply, SendDocument):
            entries.append(
                (
                    "out",
                    {
                        "type": "document",
                        "filename": reply.filename,
                        "caption": reply.caption,
                        "path": reply.path,
                    },
                )
            )
    return entries
