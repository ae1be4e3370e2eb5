"""Staff accounts: creating them and checking passwords with argon2."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.staff.models import Role, StaffUser
from backend.staff.sessions import close_all_sessions

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether `password` matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A random password that is easy to type once."""
    return secrets.token_urlsafe(12)


async def find_staff(session: AsyncSession, login: str) -> StaffUser | None:
    """The staff account with this login (case-insensitive), or None."""
    return await session.scalar(select(StaffUser).where(StaffUser.login == login.strip().lower()))


async def add_staff(
    session: AsyncSession, login: str, role: Role, password: str, display_name: str = ""
) -> StaffUser:
    """Create a staff account (no commit); the login is stored in lower case."""
    user = StaffUser(
        login=login.strip().lower(),
        role=role,
        password_hash=hash_password(password),
        display_name=display_name or login,
    )
    session.add(user)
    await session.flush()
    return user


async def set_password(session: AsyncSession, user: StaffUser, password: str) -> None:
    """A new password (no commit); every open session of the account ends."""
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    await close_all_sessions(session, user.id)


async def set_active(session: AsyncSession, user: StaffUser, active: bool) -> None:
    """Enable or disable an account (no commit); disabling ends its sessions."""
    user.is_active = active
    if not active:
        await close_all_sessions(session, user.id)
