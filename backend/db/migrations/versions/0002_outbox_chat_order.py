"""outbox index for per-chat ordering

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_chat_order", "outbox_message", ["channel", "recipient", "status", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_chat_order", table_name="outbox_message")
