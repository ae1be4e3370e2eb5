"""Complaint reports kept for the console, and managers' Telegram chats with their link codes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, utcnow


class ManagerReport(Base):
    """One scheduled report; `period_key` is unique, so each period is reported once."""

    __tablename__ = "manager_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_key: Mapped[str] = mapped_column(String(32), unique=True)
    period_from: Mapped[date]
    period_to: Mapped[date]
    filename: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffTelegramLink(Base):
    """The Telegram chat a staff member linked, where their reports go."""

    __tablename__ = "staff_telegram_link"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[str] = mapped_column(String(64), unique=True)
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffLinkCode(Base):
    """A one-time code (only its sha256 kept) that links the chat it is sent from."""

    __tablename__ = "staff_link_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
