"""Each device's document-signing public key, registered by the device, so head office can check
the QR token on any policy a desk printed (`chudan-hq policy verify`).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("signing_key", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("signing_key_registered_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("signing_key_registered_at")
        batch.drop_column("signing_key")
