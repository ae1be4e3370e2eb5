"""Spare parts, their suppliers, part requests and labour on claims, and claims to suppliers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum, utcnow


class Supplier(Base):
    """A company that supplies spare parts and answers claims about their failures."""

    __tablename__ = "supplier"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Part(Base):
    """A spare part of one product model: its cost, stock on hand, component and supplier."""

    __tablename__ = "part"
    __table_args__ = (UniqueConstraint("product_id", "part_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    part_number: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    component: Mapped[str] = mapped_column(String(200), default="")
    cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    stock: Mapped[int] = mapped_column(default=0)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("supplier.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PartState(enum.StrEnum):
    """Where a requested part stands."""

    REQUESTED = "requested"
    ORDERED = "ordered"
    RECEIVED = "received"
    FITTED = "fitted"
    CANCELLED = "cancelled"


class PartRequest(Base):
    """A part asked for a claim's repair: a catalog part, or another part named in words."""

    __tablename__ = "part_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int | None] = mapped_column(ForeignKey("part.id"), index=True)
    other_part: Mapped[str] = mapped_column(String(200), default="")
    quantity: Mapped[int]
    state: Mapped[PartState] = mapped_column(str_enum(PartState), default=PartState.REQUESTED)
    # The part's cost when it was fitted: the claim's cost keeps it if the catalog changes.
    unit_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LabourEntry(Base):
    """Hours of work on a claim entered at diagnosis or repair."""

    __tablename__ = "labour_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    stage: Mapped[str] = mapped_column(String(32))
    staff_name: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ComponentFailure(Base):
    """The component a diagnosis found failed, named by the model's part (one per claim)."""

    __tablename__ = "component_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), unique=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id"), index=True)
    recorded_on: Mapped[date] = mapped_column(index=True)


class SupplierClaimState(enum.StrEnum):
    """Where a claim to a supplier stands."""

    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class SupplierClaim(Base):
    """A claim to a supplier for the failures of one component in a period."""

    __tablename__ = "supplier_claim"
    __table_args__ = (Index("ix_supplier_claim_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id"), index=True)
    component: Mapped[str] = mapped_column(String(200))
    period_from: Mapped[date]
    period_to: Mapped[date]
    state: Mapped[SupplierClaimState] = mapped_column(
        str_enum(SupplierClaimState), default=SupplierClaimState.DRAFT
    )
    currency: Mapped[str] = mapped_column(String(3))
    labour_rate: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SupplierClaimItem(Base):
    """One unit a supplier claim covers, with its costs as they stood when it was built."""

    __tablename__ = "supplier_claim_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_claim_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_claim.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    claim_number: Mapped[str] = mapped_column(String(20))
    serial: Mapped[str] = mapped_column(String(64), default="")
    model_code: Mapped[str] = mapped_column(String(64))
    part_number: Mapped[str] = mapped_column(String(64))
    defect_category: Mapped[str] = mapped_column(String(32))
    filed_on: Mapped[date]
    failed_on: Mapped[date]
    parts_cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    labour_hours: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    labour_cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))
