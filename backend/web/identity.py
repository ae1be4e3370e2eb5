"""Who a web-chat visitor is: a random id in a signed cookie, plus a CSRF token bound to it."""

from __future__ import annotations

import hmac
import secrets
from hashlib import sha256

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "wi_chat"
COOKIE_MAX_AGE = 180 * 24 * 3600


class ChatIdentity:
    """Signs and reads the chat cookie; derives the CSRF token of a chat id."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._serializer = URLSafeSerializer(secret, salt="web-chat")
        self._csrf_key = sha256(f"csrf:{secret}".encode()).digest()

    @staticmethod
    def new_id() -> str:
        """A fresh, unguessable visitor id."""
        return secrets.token_urlsafe(18)

    def sign(self, chat_id: str) -> str:
        """The cookie value for `chat_id`."""
        return self._serializer.dumps(chat_id)

    def read(self, cookie: str | None) -> str | None:
        """The chat id inside a cookie, or None when it is missing or forged."""
        if not cookie:
            return None
        try:
            value = self._serializer.loads(cookie)
        except BadSignature:
            return None
        return value if isinstance(value, str) and 10 <= len(value) <= 64 else None

    def csrf_token(self, chat_id: str) -> str:
        """The token a page of this chat must send with every state-changing request."""
        return hmac.new(self._csrf_key, chat_id.encode(), sha256).hexdigest()[:32]

    def csrf_ok(self, chat_id: str, token: str | None) -> bool:
        """Whether `token` is this chat's CSRF token."""
        return bool(token) and hmac.compare_digest(self.csrf_token(chat_id), token or "")
