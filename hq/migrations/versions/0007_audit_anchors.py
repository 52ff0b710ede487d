"""Audit anchoring: the chain heads desks send at every sync, the ones refused (shrank or
forked), and the administrator recoveries reported with them.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_anchors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("sealed_from", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audit_anchors_device_id", "audit_anchors", ["device_id"])
    op.create_table(
        "audit_anchor_refusals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("reason_code", sa.String(32), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audit_anchor_refusals_device_id", "audit_anchor_refusals", ["device_id"])
    op.create_table(
        "recovery_reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("device_id", "event_id", name="uq_recovery_reports_device_id_event_id"),
    )


def downgrade() -> None:
    op.drop_table("recovery_reports")
    op.drop_index("ix_audit_anchor_refusals_device_id", "audit_anchor_refusals")
    op.drop_table("audit_anchor_refusals")
    op.drop_index("ix_audit_anchors_device_id", "audit_anchors")
    op.drop_table("audit_anchors")
