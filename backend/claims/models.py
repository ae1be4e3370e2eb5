"""Claims, their timeline events, stored attachments and the claim-number counter."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.customers.models import Channel, Customer
from backend.db.base import Base, str_enum, utcnow


class ClaimStatus(enum.StrEnum):
    """Where a claim stands in its lifecycle."""

    NEW = "new"
    ACCEPTED = "accepted"
    AWAITING_ITEM = "awaiting_item"
    DIAGNOSIS = "diagnosis"
    EXAMINATION = "examination"
    WAITING_PARTS = "waiting_parts"
    IN_REPAIR = "in_repair"
    REPLACING = "replacing"
    PAYING = "paying"
    READY = "ready"
    CLOSED = "closed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset(set(ClaimStatus) - {ClaimStatus.CLOSED, ClaimStatus.CANCELLED})
# Claims somebody still has to act on: the queue's first page (a partial index covers them).
ACTIONABLE_STATUSES = tuple(
    s
    for s in ClaimStatus
    if s not in (ClaimStatus.CLOSED, ClaimStatus.CANCELLED, ClaimStatus.REJECTED)
)
ACTIONABLE_SQL = "status IN (" + ", ".join(f"'{s.value}'" for s in ACTIONABLE_STATUSES) + ")"


class Priority(enum.IntEnum):
    """Queue urgency; higher is served first."""

    NORMAL = 0
    HIGH = 1
    URGENT = 2


class ActorKind(enum.StrEnum):
    """Who caused a timeline event."""

    CUSTOMER = "customer"
    STAFF = "staff"
    SYSTEM = "system"


class Claim(Base):
    """A structured warranty claim made from a finished dialog or an integration."""

    __tablename__ = "claim"
    __table_args__ = (
        Index("ix_claim_queue", "status", "assignee_id", "priority", "created_at"),
        Index("ix_claim_product_created", "product_id", "created_at"),
        # The console's search (backend/claims/search.py) and its open-claims first page.
        Index("ix_claim_serial", "serial"),
        Index("ix_claim_contact_phone", "contact_phone"),
        Index(
            "ix_claim_open_due",
            "statutory_due_on",
            "id",
            sqlite_where=text(ACTIONABLE_SQL),
            postgresql_where=text(ACTIONABLE_SQL),
        ),
        # Statistics (backend/stats): one index per breakdown, led by the counted column and
        # then the period, with the filter columns inside, so each count is an index range.
        Index("ix_claim_stats_status", "status", "created_at", "product_id", "channel"),
        Index("ix_claim_stats_channel", "channel", "created_at", "product_id"),
        Index("ix_claim_stats_defect", "defect_category", "created_at", "product_id", "channel"),
        Index("ix_claim_stats_warranty", "warranty_status", "created_at", "product_id", "channel"),
        Index("ix_claim_stats_product", "product_id", "created_at", "channel", "defect_category"),
        Index("ix_claim_stats_rating", "rating", "created_at", "product_id", "channel"),
        Index("ix_claim_stats_overdue", "status", "statutory_due_on", "product_id", "channel"),
        Index(
            "ix_claim_stats_first_action",
            *("created_at", "product_id", "channel", "first_action_at", "id"),
        ),
        Index(
            "ix_claim_stats_resolution",
            *("created_at", "product_id", "channel", "resolved_at", "statutory_due_on", "id"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    serial: Mapped[str] = mapped_column(String(64), default="")
    purchase_date: Mapped[date | None]
    purchase_proof: Mapped[str] = mapped_column(String(32), default="", server_default="")
    defect_category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    requested_remedy: Mapped[str] = mapped_column(String(32))
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[ClaimStatus] = mapped_column(str_enum(ClaimStatus), default=ClaimStatus.NEW)
    priority: Mapped[int] = mapped_column(default=Priority.NORMAL)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    jurisdiction: Mapped[str] = mapped_column(String(4))
    warranty_status: Mapped[str] = mapped_column(String(32))
    statutory_due_on: Mapped[date] = mapped_column(index=True)
    due_rule: Mapped[str] = mapped_column(String(64), default="")
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    decision: Mapped[str | None] = mapped_column(String(32))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None]
    paid_repair_quote: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # accepted quote
    rating_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    first_action_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    # Bumped by every change through the ORM (`version_id_col`); staff actions carry the version
    # they saw, so an action on a claim someone changed meanwhile is refused (StaleClaim).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The latest diagnosis result (DiagnosisResult), and the recall campaign that brought it in.
    diagnosis: Mapped[str | None] = mapped_column(String(32))
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("recall_campaign.id", ondelete="SET NULL"), index=True
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it

    customer: Mapped[Customer] = relationship(lazy="raise")
    events: Mapped[list[ClaimEvent]] = relationship(
        back_populates="claim", order_by="ClaimEvent.id", lazy="raise"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="claim", order_by="Attachment.id", lazy="raise"
    )


class ClaimEvent(Base):
    """One line of a claim's timeline and audit trail."""

    __tablename__ = "claim_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_kind: Mapped[ActorKind] = mapped_column(str_enum(ActorKind))
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(48))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    claim: Mapped[Claim] = relationship(back_populates="events")


class Attachment(Base):
    """A stored file: a defect photo or video, a receipt, a document."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="SET NULL"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    path: Mapped[str] = mapped_column(String(300))
    original_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claim: Mapped[Claim | None] = relationship(back_populates="attachments")


class ClaimNumberCounter(Base):
    """The last claim number handed out per year; bumped atomically."""

    __tablename__ = "claim_number_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)
