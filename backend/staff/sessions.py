"""Staff sessions kept in the database: signing out, a password change or a disabled account
ends them at once; idle and absolute time-outs end them on their own."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.staff.models import StaffSession, StaffUser

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# Recording every page view would write on every request; a minute's precision is enough.
SEEN_PRECISION = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(session: AsyncSession, user: StaffUser, now: datetime) -> str:
    """A new session for `user` (committed); the token goes into the cookie, only its hash here."""
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(token_hash=_hash(token), staff_id=user.id, created_at=now, seen_at=now)
    )
    await session.commit()
    return token


async def session_user(session: AsyncSession, token: str, now: datetime) -> StaffUser | None:
    """The active account of a live session; an expired session is deleted on the way."""
    row = await session.scalar(select(StaffSession).where(StaffSession.token_hash == _hash(token)))
    if row is None:
        return None
    if now - row.seen_at > IDLE_TIMEOUT or now - row.created_at > ABSOLUTE_TIMEOUT:
        await session.delete(row)
        await session.commit()
        return None
    user = await session.get(StaffUser, row.staff_id)
    if user is None or not user.is_active:
        return None
    if now - row.seen_at > SEEN_PRECISION:
        row.seen_at = now
        await session.commit()
    return user


async def close_session(session: AsyncSession, token: str) -> None:
    """End one session (signing out)."""
    await session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))
    await session.commit()


async def close_all_sessions(session: AsyncSession, staff_id: int) -> None:
    """End every session of one account (no commit): a new password or a disabled account."""
    await session.execute(delete(StaffSession).where(StaffSession.staff_id == staff_id))


async def purge_expired(session: AsyncSession, now: datetime) -> int:
    """Delete sessions past either time-out (no commit); how many went."""
    result = await session.execute(
        delete(StaffSession).where(
            (StaffSession.seen_at < now - IDLE_TIMEOUT)
            | (StaffSession.created_at < now - ABSOLUTE_TIMEOUT)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
