"""Linking a staff member's Telegram chat: a one-time code shown in the console, sent to the
bot as `/link CODE`. Only the code's sha256 is stored; it expires after `CODE_LIFETIME` and
works once (an atomic `UPDATE ... WHERE used_at IS NULL`)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.reports.models import StaffLinkCode, StaffTelegramLink
from backend.staff.models import Role, StaffUser

CODE_LIFETIME = timedelta(minutes=10)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 10


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


async def new_link_code(session: AsyncSession, staff_id: int, now: datetime) -> str:
    """A fresh code for the staff member (their earlier unused codes stop working; no commit)."""
    await session.execute(delete(StaffLinkCode).where(StaffLinkCode.staff_id == staff_id))
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    session.add(
        StaffLinkCode(code_hash=_hash(code), staff_id=staff_id, expires_at=now + CODE_LIFETIME)
    )
    await session.flush()
    return code


async def redeem_link_code(
    session: AsyncSession, code: str, chat_id: str, now: datetime
) -> StaffUser | None:
    """Link `chat_id` to the code's staff member (a manager or admin still active); None for a
    wrong, used or expired code. No commit."""
    if not code.strip() or len(code) > 64:
        return None
    taken = (
        update(StaffLinkCode)
        .where(
            StaffLinkCode.code_hash == _hash(code),
            StaffLinkCode.used_at.is_(None),
            StaffLinkCode.expires_at > now,
        )
        .values(used_at=now)
        .returning(StaffLinkCode.staff_id)
    )
    staff_id = await session.scalar(taken)
    staff = await session.get(StaffUser, staff_id) if staff_id is not None else None
    if staff is None or not staff.is_active or staff.role is Role.AGENT:
        return None
    await session.execute(
        delete(StaffTelegramLink).where(
            (StaffTelegramLink.staff_id == staff.id) | (StaffTelegramLink.chat_id == chat_id)
        )
    )
    session.add(StaffTelegramLink(staff_id=staff.id, chat_id=chat_id, linked_at=now))
    await session.flush()
    return staff


async def linked_chat(session: AsyncSession, staff_id: int) -> str | None:
    """The Telegram chat the staff member linked, if any."""
    return await session.scalar(
        select(StaffTelegramLink.chat_id).where(StaffTelegramLink.staff_id == staff_id)
    )
