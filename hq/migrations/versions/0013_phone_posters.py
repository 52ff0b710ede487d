"""The outlet's printed poster for the customer's phone: a desk registers a poster (its code's
hash and the desk's poster signing key) and deposits one-time public keys it signed with that
key; a phone that scans the poster gets a fresh one-time application made with one of them.
Head office still holds no key that opens anything (docs/phone.md).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "phone_posters",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("code_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("sign_key", sa.String(88), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_index("ix_phone_posters_device_id", "phone_posters", ["device_id"])
    op.create_table(
        "phone_poster_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("poster_id", sa.String(36), nullable=False),
        sa.Column("desk_key", sa.String(88), nullable=False),
        sa.Column("key_signature", sa.String(88), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        # The application it was given to (a phone scanned the poster); NULL while unused.
        sa.Column("application_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_phone_poster_keys_poster_id", "phone_poster_keys", ["poster_id"])


def downgrade() -> None:
    op.drop_index("ix_phone_poster_keys_poster_id", "phone_poster_keys")
    op.drop_table("phone_poster_keys")
    op.drop_index("ix_phone_posters_device_id", "phone_posters")
    op.drop_table("phone_posters")
