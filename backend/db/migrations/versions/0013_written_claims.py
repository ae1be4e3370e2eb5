"""written claims with their answer deadlines and letters; the accepted paid repair quote

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 03:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the written_claim table and claim.paid_repair_quote."""
    op.create_table(
        "written_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("demand", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_rule", sa.String(length=64), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("refund_amount", sa.Numeric(12, 2), nullable=True),
        sa.Column("letter_path", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_written_claim_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_written_claim_attachment_id_attachment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_written_claim")),
    )
    op.create_index(op.f("ix_written_claim_claim_id"), "written_claim", ["claim_id"])
    op.create_index(op.f("ix_written_claim_due_on"), "written_claim", ["due_on"])
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("paid_repair_quote", sa.Numeric(12, 2), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("paid_repair_quote")
    op.drop_index(op.f("ix_written_claim_due_on"), table_name="written_claim")
    op.drop_index(op.f("ix_written_claim_claim_id"), table_name="written_claim")
    op.drop_table("written_claim")
