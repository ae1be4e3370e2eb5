"""The administration's audit log: who changed what, when, with a before/after summary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.staff.models import StaffUser

Summary = dict[str, Any]


class AuditEntry(Base):
    """One change made on an administration page; rows are only ever added."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(48))
    target: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[Summary] = mapped_column(JSON, default=dict)
    after: Mapped[Summary] = mapped_column(JSON, default=dict)


async def record(
    session: AsyncSession,
    actor: StaffUser,
    action: str,
    target: str,
    now: datetime,
    before: Summary | None = None,
    after: Summary | None = None,
) -> AuditEntry:
    """Write one audit line in the caller's transaction (no commit)."""
    entry = AuditEntry(
        at=now,
        actor_id=actor.id,
        actor_name=actor.display_name or actor.login,
        action=action,
        target=target[:200],
        before=before or {},
        after=after or {},
    )
    session.add(entry)
    await session.flush()
    return entry


async def recent_entries(session: AsyncSession, limit: int = 200) -> list[AuditEntry]:
    """The newest audit lines first."""
    rows = await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return list(rows)


def changes(before: Summary, after: Summary) -> tuple[Summary, Summary]:
    """Only the fields that differ, each side with its own value."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
