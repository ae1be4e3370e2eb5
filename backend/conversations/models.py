"""Conversation state keyed by channel and external id, and its message history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.customers.models import Channel, Customer
from backend.db.base import Base, str_enum, utcnow


class Conversation(Base):
    """Where one customer is in a dialog: flow, step, collected data; versioned."""

    __tablename__ = "conversation"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    external_id: Mapped[str] = mapped_column(String(128))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    flow: Mapped[str] = mapped_column(String(32), default="menu")
    step: Mapped[str] = mapped_column(String(32), default="start")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    screen: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=0)
    with_staff: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    customer: Mapped[Customer | None] = relationship(lazy="joined")

    # Optimistic locking: a flush from a stale copy raises StaleDataError and the event retries.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it


class ConversationMessage(Base):
    """One message in a conversation's history, as the customer saw it."""

    __tablename__ = "conversation_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[str] = mapped_column(String(3))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
