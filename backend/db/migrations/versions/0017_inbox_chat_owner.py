"""the owner of each chat's Telegram updates when several processes share the database

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_chat",
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("chat", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "chat", name=op.f("pk_inbox_chat")),
    )
    op.create_index("ix_inbox_chat_owner", "inbox_chat", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_inbox_chat_owner", table_name="inbox_chat")
    op.drop_table("inbox_chat")
