"""Payment QRs the gateway reported paid, for outlets to learn without the clerk typing it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qr_payments",
        sa.Column("reference", sa.String(64), primary_key=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("amount", sa.String(20), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("qr_payments")
