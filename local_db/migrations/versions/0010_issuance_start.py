"""the issuance time starts when the wizard opens: an index finding a draft's start event

A new issuance opened in the wizard is audited as `issuance.start` on the draft id the window
made (app/issuance/drafts.py), before the draft has a row; the reports find it by that id. A
partial index keeps the look-up to those events.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_audit_event_issuance_start",
        "audit_event",
        ["object_id"],
        sqlite_where=sa.text("action = 'issuance.start'"),
    )


def downgrade() -> None:
    op.drop_index("ix_audit_event_issuance_start", "audit_event")
