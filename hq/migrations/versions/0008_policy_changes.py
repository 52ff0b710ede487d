"""Endorsements and cancellations at head office: the changes outlets upload (each stored once,
with head office's answer), the policy versions they make, and the claims system's total losses
that refunds need.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "policy_changes",
        sa.Column("change_id", sa.String(36), primary_key=True),
        sa.Column("policy_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("change_kind", sa.String(24), nullable=False),
        sa.Column("number", sa.String(48), nullable=False),
        sa.Column("base_version", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("content_json", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason_code", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("confirmation_code", sa.String(32), nullable=False),
        sa.Column("priced_json", sa.Text, nullable=False),
        sa.Column("difference", sa.String(20), nullable=False),
        sa.Column("refund", sa.String(20), nullable=True),
        sa.Column("refund_state", sa.String(16), nullable=False),
        sa.Column("received_at", _TS, nullable=False),
    )
    op.create_index("ix_policy_changes_policy_id", "policy_changes", ["policy_id"])
    op.create_table(
        "policy_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("policy_id", sa.String(36), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("change_id", sa.String(36), nullable=False),
        sa.Column("terms_json", sa.Text, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.UniqueConstraint("policy_id", "number", name="uq_policy_versions_number"),
    )
    op.create_index("ix_policy_versions_policy_id", "policy_versions", ["policy_id"])
    op.create_table(
        "lookup_total_losses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("policy_number", sa.String(64), nullable=False),
        sa.Column("cover", sa.String(40), nullable=False),
    )
    op.create_index(
        "ix_lookup_total_losses_policy_number", "lookup_total_losses", ["policy_number"]
    )


def downgrade() -> None:
    op.drop_index("ix_lookup_total_losses_policy_number", "lookup_total_losses")
    op.drop_table("lookup_total_losses")
    op.drop_index("ix_policy_versions_policy_id", "policy_versions")
    op.drop_table("policy_versions")
    op.drop_index("ix_policy_changes_policy_id", "policy_changes")
    op.drop_table("policy_changes")
