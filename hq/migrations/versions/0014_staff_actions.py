"""What head-office staff did (hq.models.StaffAction): for now, finance recording a paid refund,
from the command line or the staff endpoint, and the endpoint's refusals.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("object", sa.String(48), nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_staff_actions_at", "staff_actions", ["at"])
    op.create_index("ix_staff_actions_object", "staff_actions", ["object"])


def downgrade() -> None:
    op.drop_index("ix_staff_actions_object", "staff_actions")
    op.drop_index("ix_staff_actions_at", "staff_actions")
    op.drop_table("staff_actions")
