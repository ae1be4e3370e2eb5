"""Escalation threads between a customer and service staff."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.claims.models import Claim
from backend.db.base import Base, str_enum, utcnow
from backend.db.notify import ChangeEvent, watch

__all__ = ["ChangeEvent", "Escalation", "EscalationMessage", "EscalationRead"]


class EscalationStatus(enum.StrEnum):
    """Whether a person is still handling the conversation."""

    OPEN = "open"
    CLOSED = "closed"


class Escalation(Base):
    """A customer's request to talk to a person."""

    __tablename__ = "escalation"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    status: Mapped[EscalationStatus] = mapped_column(
        str_enum(EscalationStatus), default=EscalationStatus.OPEN, index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_staff_reply_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class EscalationMessage(Base):
    """One message in an escalation thread."""

    __tablename__ = "escalation_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    author: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EscalationRead(Base):
    """How far one staff member has read a thread (for the inbox's unread marks)."""

    __tablename__ = "escalation_read"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("escalation.id", ondelete="CASCADE"), primary_key=True
    )
    last_message_id: Mapped[int] = mapped_column(default=0)


# Every process that writes these rows announces them to the live console (backend.db.notify).
watch(Escalation, lambda row: ("escalation", str(row.id)))
watch(EscalationMessage, lambda row: ("escalation", str(row.escalation_id)))
watch(Claim, lambda row: ("claim", str(row.id)))
