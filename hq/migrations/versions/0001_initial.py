"""Initial head-office schema: devices, policies, intake events, rate tables, look-ups,
settings, referrals.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=True, unique=True),
        sa.Column("enrolment_code_sha256", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS, nullable=True),
    )
    op.create_table(
        "policies",
        sa.Column("policy_id", sa.String(36), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("policy_number", sa.String(64), nullable=False),
        sa.Column("confirmation_code", sa.String(32), nullable=False),
        sa.Column("content_json", sa.Text, nullable=False),
        sa.Column("received_at", _TS, nullable=False),
    )
    op.create_table(
        "intake_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("policy_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason_code", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_index("ix_intake_events_outcome", "intake_events", ["outcome"])
    op.create_table(
        "rate_tables",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("signed_json", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("published_at", _TS, nullable=False),
    )
    op.create_table(
        "lookup_vehicles",
        sa.Column("vin", sa.String(17), primary_key=True),
        sa.Column("plate", sa.String(16), nullable=False),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("usage_nature", sa.String(32), nullable=False),
        sa.Column("owner_name", sa.String(100), nullable=False),
        sa.Column("registered_on", sa.String(10), nullable=False),
    )
    op.create_index("ix_lookup_vehicles_plate", "lookup_vehicles", ["plate"])
    op.create_table(
        "lookup_violations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("plate", sa.String(16), nullable=False),
        sa.Column("occurred_on", sa.String(10), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("fine", sa.String(16), nullable=False),
    )
    op.create_index("ix_lookup_violations_plate", "lookup_violations", ["plate"])
    op.create_table(
        "lookup_prior_policies",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("vin", sa.String(17), nullable=False),
        sa.Column("policy_number", sa.String(64), nullable=False),
        sa.Column("insurer", sa.String(100), nullable=False),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("coverage", sa.String(16), nullable=False),
        sa.Column("start", sa.String(10), nullable=False),
        sa.Column("end", sa.String(10), nullable=False),
    )
    op.create_index("ix_lookup_prior_policies_vin", "lookup_prior_policies", ["vin"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "referrals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("draft_id", sa.String(64), nullable=False),
        sa.Column("policy_number", sa.String(64), nullable=False),
        sa.Column("reasons_json", sa.Text, nullable=False),
        sa.Column("submitted_json", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decision_note", sa.Text, nullable=False),
        sa.Column("submitted_at", _TS, nullable=False),
        sa.Column("decided_at", _TS, nullable=True),
    )
    op.create_index("ix_referrals_status", "referrals", ["status"])


def downgrade() -> None:
    for table in (
        "referrals",
        "settings",
        "lookup_prior_policies",
        "lookup_violations",
        "lookup_vehicles",
        "rate_tables",
        "intake_events",
        "policies",
        "devices",
    ):
        op.drop_table(table)
