"""Staff sign-in: password check with lockout after repeated failures."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.staff.models import Role, StaffUser
from backend.staff.service import find_staff, password_matches

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
RANK = {Role.AGENT: 1, Role.MANAGER: 2, Role.ADMIN: 3}


class SignInRefused(Exception):
    """Wrong login or password, or a locked account; `locked` tells which."""

    def __init__(self, locked: bool = False) -> None:
        super().__init__("locked" if locked else "invalid")
        self.locked = locked


def has_role(user: StaffUser, needed: Role) -> bool:
    """Whether the user's role includes `needed` (admin > manager > agent)."""
    return RANK[user.role] >= RANK[needed]


async def sign_in(session: AsyncSession, login: str, password: str, now: datetime) -> StaffUser:
    """The active account for these credentials; counts failures and locks after five."""
    user = await find_staff(session, login)
    if user is None or not user.is_active:
        raise SignInRefused()
    if user.locked_until is not None and user.locked_until > now:
        raise SignInRefused(locked=True)
    if not password_matches(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
        await session.commit()
        raise SignInRefused(locked=user.locked_until is not None and user.locked_until > now)
    user.failed_logins, user.locked_until = 0, None
    await session.commit()
    return user
