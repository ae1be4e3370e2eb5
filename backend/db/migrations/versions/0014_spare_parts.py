"""spare parts catalog, part requests, labour, supplier claims

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "supplier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier")),
        sa.UniqueConstraint("name", name=op.f("uq_supplier_name")),
    )
    op.create_table(
        "part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("part_number", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("component", sa.String(length=200), nullable=False),
        sa.Column("cost", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_part_product_id_product")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["supplier.id"], name=op.f("fk_part_supplier_id_supplier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_part")),
        sa.UniqueConstraint("product_id", "part_number", name=op.f("uq_part_product_id")),
    )
    op.create_index(op.f("ix_part_product_id"), "part", ["product_id"], unique=False)
    op.create_index(op.f("ix_part_supplier_id"), "part", ["supplier_id"], unique=False)
    op.create_table(
        "supplier_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("component", sa.String(length=200), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "sent",
                "accepted",
                "rejected",
                name="supplierclaimstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("labour_rate", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["supplier.id"], name=op.f("fk_supplier_claim_supplier_id_supplier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_claim")),
        sa.UniqueConstraint("number", name=op.f("uq_supplier_claim_number")),
    )
    op.create_index(
        "ix_supplier_claim_state_created", "supplier_claim", ["state", "created_at"], unique=False
    )
    op.create_index(
        op.f("ix_supplier_claim_supplier_id"), "supplier_claim", ["supplier_id"], unique=False
    )
    op.create_table(
        "component_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_component_failure_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["part.id"], name=op.f("fk_component_failure_part_id_part")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_component_failure")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_component_failure_claim_id")),
    )
    op.create_index(
        op.f("ix_component_failure_part_id"), "component_failure", ["part_id"], unique=False
    )
    op.create_index(
        op.f("ix_component_failure_recorded_on"), "component_failure", ["recorded_on"], unique=False
    )
    op.create_table(
        "labour_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("staff_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_labour_entry_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labour_entry")),
    )
    op.create_index(op.f("ix_labour_entry_claim_id"), "labour_entry", ["claim_id"], unique=False)
    op.create_table(
        "part_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=True),
        sa.Column("other_part", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "requested",
                "ordered",
                "received",
                "fitted",
                "cancelled",
                name="partstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("unit_cost", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_part_request_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["part.id"], name=op.f("fk_part_request_part_id_part")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_part_request")),
    )
    op.create_index(op.f("ix_part_request_claim_id"), "part_request", ["claim_id"], unique=False)
    op.create_index(op.f("ix_part_request_part_id"), "part_request", ["part_id"], unique=False)
    op.create_table(
        "supplier_claim_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_claim_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("claim_number", sa.String(length=20), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("model_code", sa.String(length=64), nullable=False),
        sa.Column("part_number", sa.String(length=64), nullable=False),
        sa.Column("defect_category", sa.String(length=32), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("failed_on", sa.Date(), nullable=False),
        sa.Column("parts_cost", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("labour_hours", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("labour_cost", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_supplier_claim_item_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_claim_id"],
            ["supplier_claim.id"],
            name=op.f("fk_supplier_claim_item_supplier_claim_id_supplier_claim"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_claim_item")),
    )
    op.create_index(
        op.f("ix_supplier_claim_item_claim_id"), "supplier_claim_item", ["claim_id"], unique=False
    )
    op.create_index(
        op.f("ix_supplier_claim_item_supplier_claim_id"),
        "supplier_claim_item",
        ["supplier_claim_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_supplier_claim_item_supplier_claim_id"), table_name="supplier_claim_item"
    )
    op.drop_index(op.f("ix_supplier_claim_item_claim_id"), table_name="supplier_claim_item")
    op.drop_table("supplier_claim_item")
    op.drop_index(op.f("ix_part_request_part_id"), table_name="part_request")
    op.drop_index(op.f("ix_part_request_claim_id"), table_name="part_request")
    op.drop_table("part_request")
    op.drop_index(op.f("ix_labour_entry_claim_id"), table_name="labour_entry")
    op.drop_table("labour_entry")
    op.drop_index(op.f("ix_component_failure_recorded_on"), table_name="component_failure")
    op.drop_index(op.f("ix_component_failure_part_id"), table_name="component_failure")
    op.drop_table("component_failure")
    op.drop_index(op.f("ix_supplier_claim_supplier_id"), table_name="supplier_claim")
    op.drop_index("ix_supplier_claim_state_created", table_name="supplier_claim")
    op.drop_table("supplier_claim")
    op.drop_index(op.f("ix_part_supplier_id"), table_name="part")
    op.drop_index(op.f("ix_part_product_id"), table_name="part")
    op.drop_table("part")
    op.drop_table("supplier")
