"""The staff session cookie, CSRF tokens and the role checks every console route uses."""

from __future__ import annotations

import hmac
from hashlib import sha256
from typing import Annotated

from fastapi import Depends, Request

from backend.staff.auth import has_role
from backend.staff.models import Role, StaffUser
from backend.staff.sessions import ABSOLUTE_TIMEOUT, session_user
from backend.web.state import app_state

COOKIE = "wi_staff"
MAX_AGE = int(ABSOLUTE_TIMEOUT.total_seconds())


class LoginRequired(Exception):
    """No valid staff session: pages redirect to the sign-in page."""


class RoleRequired(Exception):
    """Signed in, but the role does not allow this page (403)."""


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
    """The signed-in staff member of a live server-side session, or None."""
    cookie = request.cookies.get(COOKIE)
    if not cookie or len(cookie) > 100:
        return None
    async with app_state(request.app).sessions() as session:
        return await session_user(session, cookie, app_state(request.app).clock.now())


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
