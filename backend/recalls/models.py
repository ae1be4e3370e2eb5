"""A recall campaign (which units, the notice in each language) and the owners it reached."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, utcnow


class RecallCampaign(Base):
    """Models and a serial or sale-date range, and the notice the owners read."""

    __tablename__ = "recall_campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    product_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    serial_from: Mapped[str | None] = mapped_column(String(64))
    serial_to: Mapped[str | None] = mapped_column(String(64))
    sold_from: Mapped[date | None]
    sold_to: Mapped[date | None]
    notice: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # locale -> text
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class RecallRecipient(Base):
    """One owner of a recalled unit: the channel reached, the message, the answer, the claim."""

    __tablename__ = "recall_recipient"
    __table_args__ = (UniqueConstraint("campaign_id", "customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("recall_campaign.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    channel: Mapped[str | None] = mapped_column(String(16))  # None: no channel reaches them
    outbox_id: Mapped[int | None]  # delivered rows are pruned later: no foreign key
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None]
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id", ondelete="SET NULL"))
