"""Accepted policies keep their VIN and period, so other outlets' duplicate-insurance look-ups
find them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("policies") as batch:
        batch.add_column(sa.Column("vin", sa.String(17), nullable=True))
        batch.add_column(sa.Column("period_start", sa.String(10), nullable=True))
        batch.add_column(sa.Column("period_end", sa.String(10), nullable=True))
        batch.create_index("ix_policies_vin", ["vin"])


def downgrade() -> None:
    with op.batch_alter_table("policies") as batch:
        batch.drop_index("ix_policies_vin")
        batch.drop_column("period_end")
        batch.drop_column("period_start")
        batch.drop_column("vin")
