"""Refunds head office has paid: finance's payment reference and the moment it was paid, kept on
the change that owed the refund, so the outlet learns of it at its next sync (docs/changes.md).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("policy_changes") as batch:
        batch.add_column(sa.Column("refund_reference", sa.String(64), nullable=True))
        batch.add_column(sa.Column("refund_paid_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("policy_changes") as batch:
        batch.drop_column("refund_paid_at")
        batch.drop_column("refund_reference")
