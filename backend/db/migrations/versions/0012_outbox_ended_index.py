"""an index of failed and blocked outbox messages by age, for their pruning

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENDED = sa.text("status IN ('failed', 'blocked')")


def upgrade() -> None:
    op.create_index(
        "ix_outbox_ended",
        "outbox_message",
        ["created_at"],
        sqlite_where=ENDED,
        postgresql_where=ENDED,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_ended", table_name="outbox_message")
