"""price and service life in the catalog, how a claim's purchase is proven

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add product price and service life, unit price, claim purchase proof."""
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("price", sa.Numeric(12, 2), nullable=True))
        batch.add_column(sa.Column("service_life_months", sa.Integer(), nullable=True))
    with op.batch_alter_table("unit") as batch:
        batch.add_column(sa.Column("price", sa.Numeric(12, 2), nullable=True))
    with op.batch_alter_table("claim") as batch:
        batch.add_column(
            sa.Column("purchase_proof", sa.String(32), nullable=False, server_default="")
        )


def downgrade() -> None:
    """Drop the columns again."""
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("purchase_proof")
    with op.batch_alter_table("unit") as batch:
        batch.drop_column("price")
    with op.batch_alter_table("product") as batch:
        batch.drop_column("service_life_months")
        batch.drop_column("price")
