"""The outbox of messages to customers, the inbox of raw inbound updates, processed event ids."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, text
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
        # Only undelivered rows: the sender's rounds cost what is pending, not what was sent.
        Index(
            "ix_outbox_pending",
            "channel",
            "next_attempt_at",
            "recipient",
            "id",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # Delivered rows by age: pruning them reads only those old enough to go.
        Index(
            "ix_outbox_sent",
            "sent_at",
            sqlite_where=text("status = 'sent'"),
            postgresql_where=text("status = 'sent'"),
        ),
        # Failed and blocked rows by age: kept a while for staff to see, then pruned.
        Index(
            "ix_outbox_ended",
            "created_at",
            sqlite_where=text("status IN ('failed', 'blocked')"),
            postgresql_where=text("status IN ('failed', 'blocked')"),
        ),
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
    __table_args__ = (Index("ix_processed_event_at", "processed_at"),)

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboxUpdate(Base):
    """A raw update as it arrived, stored before it is acknowledged and processed from here.

    `dedupe_key` names the update by what it is (chat and message id, callback query id), so a
    redelivery under a new `update_id` is recognised; rows expire once processed for a while.
    """

    __tablename__ = "inbox_update"
    __table_args__ = (
        Index("ux_inbox_key", "source", "dedupe_key", unique=True),
        Index(
            "ix_inbox_pending",
            "source",
            "chat",
            "id",
            sqlite_where=text("done_at IS NULL"),
            postgresql_where=text("done_at IS NULL"),
        ),
        Index("ix_inbox_received", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(128))
    chat: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None]


class InboxChat(Base):
    """Which process handles a chat's updates now, until when (several processes on one
    database): an update another process stores waits, unleased, for this owner."""

    __tablename__ = "inbox_chat"
    __table_args__ = (Index("ix_inbox_chat_owner", "owner"),)

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    chat: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    lease_until: Mapped[datetime]


class SendBudget(Base):
    """A send rate shared by every process on the database: the next free departure slot."""

    __tablename__ = "send_budget"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_slot: Mapped[float] = mapped_column(Float, default=0.0)
