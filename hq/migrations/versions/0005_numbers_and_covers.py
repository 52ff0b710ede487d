"""Device numbers assigned by head office, each policy number held once, and what each policy
covers (for refusing overlapping cover across outlets).

Devices enrolled before this revision get numbers in the order they were enrolled, per outlet
(the first keeps 1, the number every desk used before). Policy numbers already stored are held
by the first policy received with each. Covers are read from the stored policies.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("device_number", sa.Integer, nullable=True))
        batch.add_column(sa.Column("replaces", sa.String(36), nullable=True))
    devices = sa.table(
        "devices",
        sa.column("id", sa.String),
        sa.column("outlet_code", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("device_number", sa.Integer),
    )
    next_number: dict[str, int] = {}
    for device_id, outlet in conn.execute(
        sa.select(devices.c.id, devices.c.outlet_code).order_by(devices.c.created_at, devices.c.id)
    ).all():
        next_number[outlet] = next_number.get(outlet, 0) + 1
        conn.execute(
            devices.update()
            .where(devices.c.id == device_id)
            .values(device_number=next_number[outlet])
        )
    with op.batch_alter_table("devices") as batch:
        batch.alter_column("device_number", existing_type=sa.Integer, nullable=False)
        batch.create_unique_constraint(
            "uq_devices_outlet_code_device_number", ["outlet_code", "device_number"]
        )

    numbers = op.create_table(
        "policy_numbers",
        sa.Column("policy_number", sa.String(64), primary_key=True),
        sa.Column("policy_id", sa.String(36), nullable=False),
    )
    covers = op.create_table(
        "policy_covers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("policy_id", sa.String(36), nullable=False),
        sa.Column("vin", sa.String(17), nullable=False),
        sa.Column("cover", sa.String(40), nullable=False),
        sa.Column("period_start", sa.String(10), nullable=False),
        sa.Column("period_end", sa.String(10), nullable=False),
    )
    op.create_index("ix_policy_covers_policy_id", "policy_covers", ["policy_id"])
    op.create_index("ix_policy_covers_vin_cover", "policy_covers", ["vin", "cover"])

    policies = sa.table(
        "policies",
        sa.column("policy_id", sa.String),
        sa.column("policy_number", sa.String),
        sa.column("content_json", sa.Text),
        sa.column("received_at", sa.DateTime),
        sa.column("vin", sa.String),
        sa.column("period_start", sa.String),
        sa.column("period_end", sa.String),
    )
    held: set[str] = set()
    rows = conn.execute(
        sa.select(
            policies.c.policy_id,
            policies.c.policy_number,
            policies.c.content_json,
            policies.c.vin,
            policies.c.period_start,
            policies.c.period_end,
        ).order_by(policies.c.received_at, policies.c.policy_id)
    )
    for pid, number, content_json, vin, start, end in rows:
        if number not in held:
            held.add(number)
            conn.execute(numbers.insert().values(policy_number=number, policy_id=pid))
        if not (vin and start and end):
            continue
        codes = {
            str(c.get("code"))
            for c in json.loads(content_json).get("quote_request", {}).get("coverages", [])
            if isinstance(c, dict) and c.get("code")
        }
        for code in sorted(codes):
            conn.execute(
                covers.insert().values(
                    policy_id=pid, vin=vin, cover=code[:40], period_start=start, period_end=end
                )
            )


def downgrade() -> None:
    op.drop_table("policy_covers")
    op.drop_table("policy_numbers")
    with op.batch_alter_table("devices") as batch:
        batch.drop_constraint("uq_devices_outlet_code_device_number", type_="unique")
        batch.drop_column("replaces")
        batch.drop_column("device_number")
