"""the loaner pool: loaner units and their loans to customers, one open loan per claim and unit

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_LOAN = sa.text("status IN ('requested', 'issued')")
OUT = sa.text("status = 'issued'")
# A loaner already requested on a booking becomes a loan request with its deadline.
BACKFILL = """
INSERT INTO loaner_loan (claim_id, booking_id, status, rule_id, requested_on, due_by,
                         issued_by, signed_by, signature_recorded_by, returned_to,
                         return_condition, reminders, created_at, version)
SELECT b.claim_id, b.id, 'requested',
       CASE c.jurisdiction WHEN 'RU' THEN 'ru.loaner' WHEN 'KR' THEN 'kr.loaner_policy'
                           ELSE 'eu.loaner_policy' END,
       b.loaner_due_by, b.loaner_due_by, '', '', '', '', '', 0, b.created_at, 1
FROM transport_booking b JOIN claim c ON c.id = b.claim_id
WHERE b.loaner_requested AND b.loaner_due_by IS NOT NULL AND b.status != 'cancelled'
  AND c.status NOT IN ('closed', 'cancelled', 'rejected')
"""


def _units() -> None:
    op.create_table(
        "loaner_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loaner_unit")),
        sa.UniqueConstraint("serial", name=op.f("uq_loaner_unit_serial")),
    )
    op.create_index(op.f("ix_loaner_unit_category"), "loaner_unit", ["category"], unique=False)


def _loans() -> None:
    op.create_table(
        "loaner_loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("due_back_on", sa.Date(), nullable=True),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signature_recorded_by", sa.String(length=200), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_to", sa.String(length=200), nullable=False),
        sa.Column("return_condition", sa.Text(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["transport_booking.id"],
            name=op.f("fk_loaner_loan_booking_id_transport_booking"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_loaner_loan_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["loaner_unit.id"], name=op.f("fk_loaner_loan_unit_id_loaner_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loaner_loan")),
    )
    op.create_index(op.f("ix_loaner_loan_claim_id"), "loaner_loan", ["claim_id"], unique=False)
    op.create_index(
        "ix_loaner_loan_status_due", "loaner_loan", ["status", "due_back_on"], unique=False
    )
    op.create_index(
        "ix_loaner_loan_claim_open",
        "loaner_loan",
        ["claim_id"],
        unique=True,
        sqlite_where=OPEN_LOAN,
        postgresql_where=OPEN_LOAN,
    )
    op.create_index(
        "ix_loaner_loan_unit_out",
        "loaner_loan",
        ["unit_id"],
        unique=True,
        sqlite_where=OUT,
        postgresql_where=OUT,
    )


def upgrade() -> None:
    _units()
    _loans()
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_index("ix_loaner_loan_unit_out", table_name="loaner_loan")
    op.drop_index("ix_loaner_loan_claim_open", table_name="loaner_loan")
    op.drop_index("ix_loaner_loan_status_due", table_name="loaner_loan")
    op.drop_index(op.f("ix_loaner_loan_claim_id"), table_name="loaner_loan")
    op.drop_table("loaner_loan")
    op.drop_index(op.f("ix_loaner_unit_category"), table_name="loaner_unit")
    op.drop_table("loaner_unit")
