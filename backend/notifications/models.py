"""The outbox of messages to customers and the record of processed inbound events."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.customers.models import Channel
from backend.db.base import Base, str_enum, utcnow


class OutboxStatus(enum.StrEnum):
    """Delivery state of one outbox message."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class OutboxMessage(Base):
    """A message for one customer in one channel, already rendered in their language."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_due", "status", "channel", "next_attempt_at"),
        Index("ix_outbox_chat_order", "channel", "recipient", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    recipient: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    external_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class ProcessedEvent(Base):
    """An inbound event id already handled, so a redelivery is answered once."""

    __tablename__ = "processed_event"

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)
