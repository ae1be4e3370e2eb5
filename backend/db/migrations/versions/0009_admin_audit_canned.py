"""the administration's audit log, canned replies per language, and the open-claims index
covering the statuses of a decided replacement or payment

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here (not imported) so this revision keeps meaning what it meant when written.
OPEN_BEFORE = (
    "status IN ('new', 'accepted', 'awaiting_item', 'diagnosis', 'examination',"
    " 'waiting_parts', 'in_repair', 'ready')"
)
OPEN_NOW = (
    "status IN ('new', 'accepted', 'awaiting_item', 'diagnosis', 'examination',"
    " 'waiting_parts', 'in_repair', 'replacing', 'paying', 'ready')"
)


def _open_due_index(condition: str) -> None:
    op.drop_index("ix_claim_open_due", table_name="claim")
    op.create_index(
        "ix_claim_open_due",
        "claim",
        ["statutory_due_on", "id"],
        unique=False,
        sqlite_where=sa.text(condition),
        postgresql_where=sa.text(condition),
    )


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["staff_user.id"],
            name=op.f("fk_audit_log_actor_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"], unique=False)
    op.create_table(
        "canned_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_reply")),
    )
    op.create_index(op.f("ix_canned_reply_locale"), "canned_reply", ["locale"], unique=False)
    _open_due_index(OPEN_NOW)


def downgrade() -> None:
    _open_due_index(OPEN_BEFORE)
    op.drop_index(op.f("ix_canned_reply_locale"), table_name="canned_reply")
    op.drop_table("canned_reply")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
