"""Input every request must pass before a route sees it: no control characters, bounded JSON.

PostgreSQL refuses NUL in text, and nothing the product stores needs control characters, so
they are refused (422) at the edge for every engine alike. JSON nesting is bounded, so a body
nested 100,000 deep is a 422, never a RecursionError.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.types import Message, Receive, Scope, Send

from backend.controls import has_control, strip_control
from backend.web.limits import HttpMiddleware, send_error

MAX_DEPTH = 32
CONTROL_REFUSED = "control characters"
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The webhook answers Telegram itself: a malformed update is logged and acknowledged.
UNGUARDED_BODIES = ("/telegram/webhook",)


class BadInput(ValueError):
    """Input that no route accepts; the message says what was wrong."""


def _check(value: Any) -> None:
    """Walk a parsed JSON value without recursion: bounded depth, no control characters."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise BadInput("nested too deep")
        if isinstance(item, str) and has_control(item):
            raise BadInput(CONTROL_REFUSED)
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)


def _stripped(value: Any) -> Any:
    """A copy of a (depth-checked) JSON value with control characters taken out of strings."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {strip_control(k): _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(item) for item in value]
    return value


def parse_json(raw: bytes | str, strip: bool = False) -> Any:
    """The JSON value of `raw`; BadInput when malformed, too deep or holding control characters
    (or, with `strip`, those characters removed)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise BadInput("nested too deep") from None
    except ValueError:
        raise BadInput("not JSON") from None
    try:
        _check(value)
    except BadInput as error:
        if not strip or str(error) != CONTROL_REFUSED:
            raise
        return _stripped(value)
    return value


def _check_form(body: bytes) -> None:
    for key, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
        if has_control(key) or has_control(value):
            raise BadInput(CONTROL_REFUSED)


class InputGuard(HttpMiddleware):
    """Refuses control characters in paths, queries, JSON and form bodies, and deep JSON."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check or decorate one HTTP request."""
        target = unquote_to_bytes(scope.get("raw_path") or scope["path"].encode())
        if _CONTROL_BYTES.search(target + unquote_to_bytes(scope.get("query_string", b""))):
            await _refuse(send, "control characters")
            return
        kind = dict(scope.get("headers", [])).get(b"content-type", b"").split(b";")[0].strip()
        if kind not in (b"application/json", b"application/x-www-form-urlencoded"):
            await self.app(scope, receive, send)
            return
        if scope["path"] in UNGUARDED_BODIES:
            await self.app(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            body, more = body + message.get("body", b""), message.get("more_body", False)
        try:
            parse_json(body) if kind == b"application/json" and body else _check_form(body)
        except BadInput as error:
            await _refuse(send, str(error))
            return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(send: Send, reason: str) -> None:
    await send_error(send, 422, "invalid_request", f"The request is invalid: {reason}.")
