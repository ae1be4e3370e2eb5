"""A cap on request bodies, enforced before any body is parsed or spooled to disk."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HttpMiddleware:
    """An ASGI middleware that looks only at HTTP requests; sockets and lifespan pass through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request."""
        raise NotImplementedError


class BodyLimit(HttpMiddleware):
    """Answer 413 when a request to a limited path declares or streams more than `limit` bytes."""

    def __init__(self, app: ASGIApp, limits: dict[str, int], default: int) -> None:
        super().__init__(app)
        self.limits, self.default = limits, default

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a body over the path's limit, declared or streamed."""
        limit = self.limits.get(scope["path"], self.default)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send)
            return
        received = 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    await send_error(send, 413, "too_large", "The request is too large.")


async def send_error(send: Send, status: int, code: str, message: str) -> None:
    """Answer with the API's JSON error shape before any route has run."""
    body = json.dumps({"code": code, "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
