"""Security headers on every response, set at the outermost layer so errors get them too."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.web.limits import HttpMiddleware

# No inline script or style anywhere: every page loads its code and CSS from /static.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Customer files never run as active content in the console's origin, even if opened directly.
FILE_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox"
COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    ),
    "cross-origin-opener-policy": "same-origin",
}
# Staff pages, customer files and personal data are never kept by a browser or proxy cache.
PRIVATE_PREFIXES = ("/staff", "/chat/files", "/chat/history", "/chat/events", "/api/v1/claims")
FILE_PREFIXES = ("/staff/attachments", "/chat/files")
EMBEDDABLE = "/"  # the customer chat, which the widget shows in a frame on the allowed sites


def _policy(path: str) -> str:
    return FILE_CSP if path.startswith(FILE_PREFIXES) else STRICT_CSP


def embeddable_policy(origins: tuple[str, ...]) -> str:
    """The strict policy, framed only by this site and the sites allowed to embed the chat."""
    ancestors = " ".join(("'self'", *origins))
    return STRICT_CSP.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")


class SecurityHeaders(HttpMiddleware):
    """Adds CSP, framing, sniffing, referrer and permissions headers; no-store where private.

    `embed_origins` are the sites (WIDGET_ALLOWED_ORIGINS) that may frame the chat page; every
    other page keeps `frame-ancestors 'none'`."""

    def __init__(self, app: ASGIApp, embed_origins: tuple[str, ...] = ()) -> None:
        super().__init__(app)
        self.embedded = embeddable_policy(embed_origins) if embed_origins else None

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check or decorate one HTTP request."""
        path: str = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON.items():
                    headers[name] = value
                if path == EMBEDDABLE and self.embedded:  # X-Frame-Options can't list sites
                    del headers["x-frame-options"]
                    headers["content-security-policy"] = self.embedded
                # A page with a policy of its own (the API reference) keeps it.
                headers.setdefault("content-security-policy", _policy(path))
                if path.startswith(PRIVATE_PREFIXES):
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)
