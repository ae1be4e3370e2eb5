"""inbox of raw updates, shared send budget, an outbox index of pending rows only

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")
NOT_DONE = sa.text("done_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "inbox_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=128), nullable=False),
        sa.Column("chat", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_update")),
    )
    op.create_index("ux_inbox_key", "inbox_update", ["source", "dedupe_key"], unique=True)
    op.create_index(
        "ix_inbox_pending",
        "inbox_update",
        ["source", "chat", "id"],
        sqlite_where=NOT_DONE,
        postgresql_where=NOT_DONE,
    )
    op.create_index("ix_inbox_received", "inbox_update", ["received_at"])
    op.create_table(
        "send_budget",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("next_slot", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_send_budget")),
    )
    op.create_index(
        "ix_outbox_pending",
        "outbox_message",
        ["channel", "next_attempt_at", "recipient", "id"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )
    op.create_index("ix_processed_event_at", "processed_event", ["processed_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_event_at", table_name="processed_event")
    op.drop_index("ix_outbox_pending", table_name="outbox_message")
    op.drop_table("send_budget")
    op.drop_index("ix_inbox_received", table_name="inbox_update")
    op.drop_index("ix_inbox_pending", table_name="inbox_update")
    op.drop_index("ux_inbox_key", table_name="inbox_update")
    op.drop_table("inbox_update")
