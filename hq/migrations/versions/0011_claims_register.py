"""The claims register (hq/claims.py): claims imported from the claims system, VIN and plate
sealed with a blind index, each claim number once.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_number", sa.String(40), nullable=False, unique=True),
        sa.Column("vin_idx", sa.String(64), nullable=False),
        sa.Column("vin", sa.Text, nullable=False),
        sa.Column("plate_idx", sa.String(64), nullable=True),
        sa.Column("plate", sa.Text, nullable=True),
        sa.Column("loss_date", sa.String(10), nullable=False),
        sa.Column("paid_fen", sa.BigInteger, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_claims_vin_idx", "claims", ["vin_idx"])
    op.create_index("ix_claims_plate_idx", "claims", ["plate_idx"])


def downgrade() -> None:
    op.drop_index("ix_claims_plate_idx", "claims")
    op.drop_index("ix_claims_vin_idx", "claims")
    op.drop_table("claims")
