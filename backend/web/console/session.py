"""The staff session cookie, CSRF tokens and the role checks every console route uses."""

from __future__ import annotations

import hmac
from hashlib import sha256
from typing import Annotated

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from backend.staff.auth import has_role
from backend.staff.models import Role, StaffUser
from backend.web.state import app_state

COOKIE = "wi_staff"
MAX_AGE = 12 * 3600


class LoginRequired(Exception):
    """No valid staff session: pages redirect to the sign-in page."""


class RoleRequired(Exception):
    """Signed in, but the role does not allow this page (403)."""


def _serializer(request: Request) -> URLSafeTimedSerializer:
    secret = app_state(request.app).identity.secret
    return URLSafeTimedSerializer(secret, salt="staff-session")


def session_value(request: Request, user: StaffUser) -> str:
    """The cookie value for a signed-in user; a password change ends old sessions."""
    return _serializer(request).dumps({"id": user.id, "v": user.password_hash[-16:]})


def csrf_token(request: Request) -> str:
    """The CSRF token bound to the current staff cookie."""
    secret = app_state(request.app).identity.secret
    cookie = request.cookies.get(COOKIE, "")
    return hmac.new(
        sha256(f"staff-csrf:{secret}".encode()).digest(), cookie.encode(), sha256
    ).hexdigest()[:32]


def csrf_ok(request: Request, token: str | None) -> bool:
    """Whether a submitted form token matches the session."""
    return bool(token) and hmac.compare_digest(csrf_token(request), token or "")


async def current_staff(request: Request) -> StaffUser | None:
    """The signed-in staff member, or None."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    try:
        data = _serializer(request).loads(cookie, max_age=MAX_AGE)
    except BadSignature:
        return None
    async with app_state(request.app).sessions() as session:
        user = await session.get(StaffUser, int(data.get("id", 0)))
    if user is None or not user.is_active or user.password_hash[-16:] != data.get("v"):
        return None
    return user


def require(role: Role):  # type: ignore[no-untyped-def]
    """A dependency that lets through staff whose role includes `role`."""

    async def dependency(request: Request) -> StaffUser:
        user = await current_staff(request)
        if user is None:
            raise LoginRequired()
        if not has_role(user, role):
            raise RoleRequired()
        return user

    return dependency


Agent = Annotated[StaffUser, Depends(require(Role.AGENT))]
Manager = Annotated[StaffUser, Depends(require(Role.MANAGER))]
