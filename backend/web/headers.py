"""Security headers on every response, set at the outermost layer so errors get them too."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

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


def _policy(path: str) -> str:
    return FILE_CSP if path.startswith(FILE_PREFIXES) else STRICT_CSP


class SecurityHeaders(HttpMiddleware):
    """Adds CSP, framing, sniffing, referrer and permissions headers; no-store where private."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check or decorate one HTTP request."""
        path: str = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON.items():
                    headers[name] = value
                # A page with a policy of its own (the API reference) keeps it.
                headers.setdefault("content-security-policy", _policy(path))
                if path.startswith(PRIVATE_PREFIXES):
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)
