"""Head-office staff accounts (hq/accounts.py): the accounts, their short-lived tokens and the
audit of every log-in attempt.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("disabled_at", _TS, nullable=True),
    )
    op.create_table(
        "staff_tokens",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("issued_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
    )
    op.create_index("ix_staff_tokens_user_id", "staff_tokens", ["user_id"])
    op.create_table(
        "staff_logins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _TS, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
    )
    op.create_index("ix_staff_logins_at", "staff_logins", ["at"])
    op.create_index("ix_staff_logins_name", "staff_logins", ["name"])


def downgrade() -> None:
    op.drop_index("ix_staff_logins_name", "staff_logins")
    op.drop_index("ix_staff_logins_at", "staff_logins")
    op.drop_table("staff_logins")
    op.drop_index("ix_staff_tokens_user_id", "staff_tokens")
    op.drop_table("staff_tokens")
    op.drop_table("staff_users")
