"""Staff sign-in: one answer for every refusal, and an account lock an attacker can't use
to keep the owner out.

Every attempt runs one argon2 verify (against a dummy hash for unknown logins), so unknown
logins, wrong passwords and locked accounts take the same time and get the same refusal.
Five failures lock the account for a while; the lock stops clients that have been failing,
while the right password from a client in good standing still signs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.staff.models import Role, StaffUser
from backend.staff.service import find_staff, hash_password, password_matches
from backend.staff.totp import code_matches

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
RANK = {Role.AGENT: 1, Role.MANAGER: 2, Role.ADMIN: 3}
_DUMMY_HASH = hash_password("an unknown login is checked against this")


class SignInRefused(Exception):
    """Wrong login, password or code, or a lock that applies to this client: never says which."""


class CodeSetupRequired(SignInRefused):
    """The right password of an admin without a one-time code while codes are required."""


def has_role(user: StaffUser, needed: Role) -> bool:
    """Whether the user's role includes `needed` (admin > manager > agent)."""
    return RANK[user.role] >= RANK[needed]


def _locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


@dataclass(frozen=True)
class Attempt:
    """What a sign-in form sent, and what the process knows about the client and its rules."""

    login: str
    password: str
    now: datetime
    code: str = ""
    trusted: bool = True  # the client has no recent failures: a locked account admits it
    admin_code_required: bool = False


def _code_ok(user: StaffUser, attempt: Attempt) -> bool:
    if user.totp_secret is None:
        return True
    return code_matches(user.totp_secret, attempt.code, attempt.now)


async def sign_in(session: AsyncSession, attempt: Attempt) -> StaffUser:
    """The active account for these credentials, counting failures towards the account lock."""
    user = await find_staff(session, attempt.login)
    if user is None:
        password_matches(_DUMMY_HASH, attempt.password)
        raise SignInRefused()
    now = attempt.now
    matches = password_matches(user.password_hash, attempt.password) and _code_ok(user, attempt)
    if matches and user.is_active and (attempt.trusted or not _locked(user, now)):
        if attempt.admin_code_required and user.role is Role.ADMIN and not user.totp_secret:
            raise CodeSetupRequired()
        user.failed_logins, user.locked_until = 0, None
        await session.commit()
        return user
    if not matches:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
        await session.commit()
    raise SignInRefused()
