"""A customer's written claim on a claim, and the answer staff sent."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, utcnow


class AnswerDecision(enum.StrEnum):
    """What the answer to a written claim decides."""

    GRANTED = "granted"
    PARTLY = "partly"
    REFUSED = "refused"


class WrittenClaim(Base):
    """A written claim received on `received_on`, due an answer by `due_on`."""

    __tablename__ = "written_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    received_on: Mapped[date]
    demand: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(16))  # console, telegram, web
    due_on: Mapped[date] = mapped_column(index=True)
    due_rule: Mapped[str] = mapped_column(String(64))
    answered_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(String(16))
    answer_text: Mapped[str] = mapped_column(Text, default="")
    refund_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    letter_path: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
