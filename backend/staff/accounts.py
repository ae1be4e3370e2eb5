"""Staff accounts as an administrator manages them; every change goes to the audit log.

Passwords are argon2 hashes (`backend.staff.service`); a new or reset password is generated and
shown once. Nobody disables their own account or changes their own role, and the last active
administrator keeps both, so the administration always has someone who can open it.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.staff.audit import changes, record
from backend.staff.models import Role, StaffUser
from backend.staff.service import add_staff, find_staff, generate_password, set_active, set_password

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MAX_NAME = 200


class AccountRefused(ValueError):
    """The change would break a rule; `code` names which one."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _summary(user: StaffUser) -> dict[str, str | bool]:
    return {
        "display_name": user.display_name,
        "role": user.role.value,
        "is_active": user.is_active,
    }


def _name(display_name: str) -> str:
    name = display_name.strip()
    if len(name) > MAX_NAME:
        raise AccountRefused("name_too_long")
    return name


async def all_accounts(session: AsyncSession) -> list[StaffUser]:
    """Every staff account by login."""
    return list(await session.scalars(select(StaffUser).order_by(StaffUser.login)))


async def create_account(
    session: AsyncSession,
    actor: StaffUser,
    login: str,
    role: Role,
    display_name: str,
    now: datetime,
) -> tuple[StaffUser, str]:
    """A new account with a generated password (returned once), audited (no commit)."""
    login = login.strip().lower()
    if not LOGIN.match(login):
        raise AccountRefused("login_invalid")
    if await find_staff(session, login) is not None:
        raise AccountRefused("login_taken")
    password = generate_password()
    user = await add_staff(session, login, role, password, _name(display_name))
    await record(session, actor, "staff.create", login, now, after=_summary(user))
    return user, password


async def _active_admins(session: AsyncSession) -> int:
    query = select(func.count()).where(StaffUser.role == Role.ADMIN, StaffUser.is_active)
    return int(await session.scalar(query) or 0)


async def _keep_an_admin(session: AsyncSession, actor: StaffUser, user: StaffUser) -> None:
    if actor.id == user.id:
        raise AccountRefused("own_account")
    if user.role is Role.ADMIN and user.is_active and await _active_admins(session) <= 1:
        raise AccountRefused("last_admin")


async def update_account(
    session: AsyncSession,
    actor: StaffUser,
    user: StaffUser,
    role: Role,
    display_name: str,
    now: datetime,
) -> None:
    """A new role and display name, audited with what changed (no commit)."""
    if role is not user.role:
        await _keep_an_admin(session, actor, user)
    before = _summary(user)
    user.role, user.display_name = role, _name(display_name) or user.login
    old, new = changes(before, _summary(user))
    if new:
        await record(session, actor, "staff.update", user.login, now, old, new)


async def reset_password(
    session: AsyncSession, actor: StaffUser, user: StaffUser, now: datetime
) -> str:
    """A generated password (returned once); the account's sessions end (no commit)."""
    password = generate_password()
    await set_password(session, user, password)
    await record(session, actor, "staff.password_reset", user.login, now)
    return password


async def set_enabled(
    session: AsyncSession, actor: StaffUser, user: StaffUser, enabled: bool, now: datetime
) -> None:
    """Enable or disable an account (disabling ends its sessions), audited (no commit)."""
    if enabled == user.is_active:
        return
    if not enabled:
        await _keep_an_admin(session, actor, user)
    await set_active(session, user, enabled)
    action = "staff.enable" if enabled else "staff.disable"
    await record(
        session, actor, action, user.login, now, {"is_active": not enabled}, {"is_active": enabled}
    )
