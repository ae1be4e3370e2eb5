"""live console: change notices, read marks, saved queue filters, search indexes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONABLE = (
    "status IN ('new', 'accepted', 'awaiting_item', 'diagnosis', 'examination',"
    " 'waiting_parts', 'in_repair', 'ready')"
)


def upgrade() -> None:
    op.create_table(
        "change_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_event")),
    )
    op.create_index("ix_change_event_topic", "change_event", ["topic"], unique=False)
    op.create_table(
        "escalation_read",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("last_message_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_user.id"],
            name=op.f("fk_escalation_read_staff_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalation.id"],
            name=op.f("fk_escalation_read_escalation_id_escalation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staff_id", "escalation_id", name=op.f("pk_escalation_read")),
    )
    op.create_table(
        "saved_filter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("query", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_user.id"],
            name=op.f("fk_saved_filter_staff_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filter")),
        sa.UniqueConstraint("staff_id", "name", name=op.f("uq_saved_filter_staff_id")),
    )
    op.create_index("ix_claim_serial", "claim", ["serial"], unique=False)
    op.create_index("ix_claim_contact_phone", "claim", ["contact_phone"], unique=False)
    op.create_index(
        "ix_claim_open_due",
        "claim",
        ["statutory_due_on", "id"],
        unique=False,
        sqlite_where=sa.text(ACTIONABLE),
        postgresql_where=sa.text(ACTIONABLE),
    )
    op.create_index(op.f("ix_customer_name"), "customer", ["name"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_customer_name"), table_name="customer")
    op.drop_index("ix_claim_open_due", table_name="claim")
    op.drop_index("ix_claim_contact_phone", table_name="claim")
    op.drop_index("ix_claim_serial", table_name="claim")
    op.drop_table("saved_filter")
    op.drop_table("escalation_read")
    op.drop_index("ix_change_event_topic", table_name="change_event")
    op.drop_table("change_event")
