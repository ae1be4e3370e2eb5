"""Queue filters a staff member saved under a name (the query string of the queue page)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base

MAX_SAVED = 20


class SavedFilter(Base):
    """One named queue filter of one staff account."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("staff_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    query: Mapped[str] = mapped_column(String(500))


async def saved_filters(session: AsyncSession, staff_id: int) -> list[SavedFilter]:
    """The staff member's saved filters by name."""
    return list(
        await session.scalars(
            select(SavedFilter).where(SavedFilter.staff_id == staff_id).order_by(SavedFilter.name)
        )
    )


async def save_filter(session: AsyncSession, staff_id: int, name: str, query: str) -> bool:
    """Save (or replace) a named filter; False when the account already has too many."""
    current = await saved_filters(session, staff_id)
    same = next((f for f in current if f.name == name), None)
    if same is not None:
        same.query = query
        return True
    if len(current) >= MAX_SAVED:
        return False
    session.add(SavedFilter(staff_id=staff_id, name=name, query=query))
    return True


async def forget_filter(session: AsyncSession, staff_id: int, filter_id: int) -> None:
    """Delete one of the staff member's saved filters."""
    await session.execute(
        delete(SavedFilter).where(SavedFilter.id == filter_id, SavedFilter.staff_id == staff_id)
    )
