"""an index of delivered outbox messages by delivery time, for their pruning

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SENT = sa.text("status = 'sent'")


def upgrade() -> None:
    op.create_index(
        "ix_outbox_sent",
        "outbox_message",
        ["sent_at"],
        sqlite_where=SENT,
        postgresql_where=SENT,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_sent", table_name="outbox_message")
