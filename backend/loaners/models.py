"""Loaner units of the pool and their loans to customers, one loan per claim.

A loan starts as the customer's request (made while booking transport, with the deadline the
law or the company's policy sets), becomes `issued` when staff hand over a unit, and `returned`
when the unit comes back. Both rows carry a version, so two people issuing the same unit, or
acting on a page that is out of date, are refused instead of overwriting each other.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum, utcnow


class LoanerState(enum.StrEnum):
    """Where a loaner unit is."""

    AVAILABLE = "available"
    ISSUED = "issued"
    IN_SERVICE = "in_service"
    RETIRED = "retired"


class LoanStatus(enum.StrEnum):
    """Where one claim's loan stands."""

    REQUESTED = "requested"
    ISSUED = "issued"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


OPEN_LOAN_SQL = "status IN ('requested', 'issued')"
OUT_SQL = "status = 'issued'"


class LoanerUnit(Base):
    """One unit of the loaner pool."""

    __tablename__ = "loaner_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    model: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[LoanerState] = mapped_column(str_enum(LoanerState), default=LoanerState.AVAILABLE)
    location: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it


class Loan(Base):
    """A loaner requested for a claim, the unit issued, its signature and its return."""

    __tablename__ = "loaner_loan"
    __table_args__ = (
        # One open loan per claim and one per unit: a backstop behind the version checks.
        Index(
            "ix_loaner_loan_claim_open",
            "claim_id",
            unique=True,
            sqlite_where=text(OPEN_LOAN_SQL),
            postgresql_where=text(OPEN_LOAN_SQL),
        ),
        Index(
            "ix_loaner_loan_unit_out",
            "unit_id",
            unique=True,
            sqlite_where=text(OUT_SQL),
            postgresql_where=text(OUT_SQL),
        ),
        Index("ix_loaner_loan_status_due", "status", "due_back_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("transport_booking.id"))
    status: Mapped[LoanStatus] = mapped_column(str_enum(LoanStatus), default=LoanStatus.REQUESTED)
    rule_id: Mapped[str] = mapped_column(String(64), default="")
    requested_on: Mapped[date]
    due_by: Mapped[date]  # the unit is owed by this day (RU art. 20 p.2: 3 days)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("loaner_unit.id"))
    issued_at: Mapped[datetime | None]
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    due_back_on: Mapped[date | None]
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    signed_at: Mapped[datetime | None]
    signature_recorded_by: Mapped[str] = mapped_column(String(200), default="")
    returned_at: Mapped[datetime | None]
    returned_to: Mapped[str] = mapped_column(String(200), default="")
    return_condition: Mapped[str] = mapped_column(Text, default="")
    reminded_on: Mapped[date | None]
    reminders: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it
