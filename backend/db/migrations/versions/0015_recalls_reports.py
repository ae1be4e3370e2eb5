"""recall campaigns and their owners, the diagnosis and the campaign on a claim, scheduled
complaint reports and managers' linked Telegram chats

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def _recall_tables() -> None:
    op.create_table(
        "recall_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("product_ids", sa.JSON(), nullable=False),
        sa.Column("serial_from", sa.String(length=64), nullable=True),
        sa.Column("serial_to", sa.String(length=64), nullable=True),
        sa.Column("sold_from", sa.Date(), nullable=True),
        sa.Column("sold_to", sa.Date(), nullable=True),
        sa.Column("notice", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["staff_user.id"],
            name=op.f("fk_recall_campaign_created_by_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_campaign")),
    )
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("diagnosis", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_claim_campaign_id_recall_campaign"),
            "recall_campaign",
            ["campaign_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_claim_campaign_id"), ["campaign_id"], unique=False)
    op.create_table(
        "recall_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("answered_at", WHEN, nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["recall_campaign.id"],
            name=op.f("fk_recall_recipient_campaign_id_recall_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_recall_recipient_claim_id_claim"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_recall_recipient_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_recall_recipient_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_recipient")),
        sa.UniqueConstraint(
            "campaign_id", "customer_id", name=op.f("uq_recall_recipient_campaign_id")
        ),
    )
    op.create_index(
        op.f("ix_recall_recipient_campaign_id"), "recall_recipient", ["campaign_id"], unique=False
    )


def _report_tables() -> None:
    op.create_table(
        "manager_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(length=32), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("filename", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manager_report")),
        sa.UniqueConstraint("period_key", name=op.f("uq_manager_report_period_key")),
    )
    op.create_table(
        "staff_telegram_link",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("linked_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_telegram_link_staff_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_staff_telegram_link")),
        sa.UniqueConstraint("chat_id", name=op.f("uq_staff_telegram_link_chat_id")),
    )
    op.create_table(
        "staff_link_code",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_link_code_staff_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_staff_link_code")),
    )


def _backfill_diagnosis() -> None:
    """Each claim's latest recorded diagnosis, read from its timeline."""
    events = sa.table(
        "claim_event",
        sa.column("id", sa.Integer),
        sa.column("claim_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("details", sa.JSON),
    )
    claims = sa.table("claim", sa.column("id", sa.Integer), sa.column("diagnosis", sa.String))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(events.c.claim_id, events.c.details)
        .where(events.c.action == "record_diagnosis")
        .order_by(events.c.id)
    )
    latest = {claim_id: (details or {}).get("diagnosis") for claim_id, details in rows}
    found = [{"b_id": k, "b_diagnosis": v} for k, v in latest.items() if isinstance(v, str)]
    if found:
        bind.execute(
            claims.update()
            .where(claims.c.id == sa.bindparam("b_id"))
            .values(diagnosis=sa.bindparam("b_diagnosis")),
            found,
        )


def upgrade() -> None:
    _recall_tables()
    _report_tables()
    _backfill_diagnosis()


def downgrade() -> None:
    op.drop_table("staff_link_code")
    op.drop_table("staff_telegram_link")
    op.drop_table("manager_report")
    op.drop_index(op.f("ix_recall_recipient_campaign_id"), table_name="recall_recipient")
    op.drop_table("recall_recipient")
    with op.batch_alter_table("claim") as batch:
        batch.drop_index(op.f("ix_claim_campaign_id"))
        batch.drop_constraint(op.f("fk_claim_campaign_id_recall_campaign"), type_="foreignkey")
        batch.drop_column("campaign_id")
        batch.drop_column("diagnosis")
    op.drop_table("recall_campaign")
