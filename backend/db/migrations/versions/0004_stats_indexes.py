"""indexes for the manager statistics

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_claim_stats_status": ["status", "created_at", "product_id", "channel"],
    "ix_claim_stats_channel": ["channel", "created_at", "product_id"],
    "ix_claim_stats_defect": ["defect_category", "created_at", "product_id", "channel"],
    "ix_claim_stats_warranty": ["warranty_status", "created_at", "product_id", "channel"],
    "ix_claim_stats_product": ["product_id", "created_at", "channel", "defect_category"],
    "ix_claim_stats_rating": ["rating", "created_at", "product_id", "channel"],
    "ix_claim_stats_overdue": ["status", "statutory_due_on", "product_id", "channel"],
    "ix_claim_stats_first_action": "created_at product_id channel first_action_at id".split(),
    "ix_claim_stats_resolution": (
        "created_at product_id channel resolved_at statutory_due_on id".split()
    ),
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "claim", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="claim")
