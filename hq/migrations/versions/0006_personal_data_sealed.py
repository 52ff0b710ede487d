"""Personal data sealed at rest: policy contents (they name the parties), vehicle owners' names
in the look-up table and referrals' requests and notes are encrypted with the data key outside
the database (hq.personal_data); policies gain a blind index of the policyholder's ID number.

The key comes from the caller (`hq.migrate.upgrade(engine, data_key=...)`) or the data dir, and
is made there on first use. A database with nothing to seal needs no key.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from hq.personal_data import DataKey, is_sealed, load_for, record_key_id

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

policies = sa.table(
    "policies",
    sa.column("policy_id", sa.String),
    sa.column("content_json", sa.Text),
    sa.column("holder_idx", sa.String),
)
vehicles = sa.table(
    "lookup_vehicles", sa.column("vin", sa.String), sa.column("owner_name", sa.Text)
)
referrals = sa.table(
    "referrals",
    sa.column("id", sa.String),
    sa.column("submitted_json", sa.Text),
    sa.column("note", sa.Text),
)


def _key(conn: sa.Connection) -> DataKey:
    config = op.get_context().config
    given = config.attributes.get("data_key") if config is not None else None
    return given if given is not None else load_for(conn)


def holder_index(key: DataKey, content: dict) -> str | None:
    holder = content.get("customer")
    if not isinstance(holder, dict) or not holder.get("id_number"):
        return None
    return key.blind_index(str(holder.get("id_type") or ""), str(holder["id_number"]))


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("policies") as batch:
        batch.add_column(sa.Column("holder_idx", sa.String(64), nullable=True))
        batch.create_index("ix_policies_holder_idx", ["holder_idx"])
    with op.batch_alter_table("lookup_vehicles") as batch:
        batch.alter_column("owner_name", existing_type=sa.String(100), type_=sa.Text)

    pending = [
        conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
        for t in (policies, vehicles, referrals)
    ]
    if not any(pending):
        return
    key = _key(conn)
    record_key_id(conn, key)
    for pid, text in conn.execute(sa.select(policies.c.policy_id, policies.c.content_json)).all():
        if is_sealed(text):
            continue
        conn.execute(
            policies.update()
            .where(policies.c.policy_id == pid)
            .values(
                content_json=key.seal(text, f"policies.content_json:{pid}"),
                holder_idx=holder_index(key, json.loads(text)),
            )
        )
    for vin, name in conn.execute(sa.select(vehicles.c.vin, vehicles.c.owner_name)).all():
        if not is_sealed(name):
            conn.execute(
                vehicles.update()
                .where(vehicles.c.vin == vin)
                .values(owner_name=key.seal(name, f"lookup_vehicles.owner_name:{vin}"))
            )
    for rid, submitted, note in conn.execute(
        sa.select(referrals.c.id, referrals.c.submitted_json, referrals.c.note)
    ).all():
        if not is_sealed(submitted):
            conn.execute(
                referrals.update()
                .where(referrals.c.id == rid)
                .values(
                    submitted_json=key.seal(submitted, f"referrals.submitted_json:{rid}"),
                    note=key.seal(note or "", f"referrals.note:{rid}"),
                )
            )


def downgrade() -> None:
    raise NotImplementedError("sealed personal data is not unsealed by a downgrade")
