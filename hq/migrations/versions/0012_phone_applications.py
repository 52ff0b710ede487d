"""The customer's phone: one-time applications a desk opens and head office relays.
Head office keeps the token's hash, the desk's one-time public key and, until the desk has taken
it, the sealed envelope it cannot open; for a remote signature, the sealed schedule and the sealed
signature.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "phone_applications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("desk_key", sa.String(88), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("submitted_at", _TS, nullable=True),
        sa.Column("received_at", _TS, nullable=True),
        sa.Column("envelope", sa.Text, nullable=True),
        sa.Column("refusal", sa.String(32), nullable=False, server_default=""),
        # The remote signature: the schedule the desk sealed for the phone, and the phone's
        # sealed signature over it (one per schedule; a new schedule clears it).
        sa.Column("to_phone", sa.Text, nullable=True),
        sa.Column("signature", sa.Text, nullable=True),
    )
    op.create_index("ix_phone_applications_device_id", "phone_applications", ["device_id"])
    # Rows past keeping are deleted by age at every new application.
    op.create_index("ix_phone_applications_created_at", "phone_applications", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_phone_applications_created_at", "phone_applications")
    op.drop_index("ix_phone_applications_device_id", "phone_applications")
    op.drop_table("phone_applications")
