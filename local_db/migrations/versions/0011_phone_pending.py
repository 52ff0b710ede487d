"""nothing of the phone and the yard held only in memory (docs/phone.md)

`phone_pending`: applications the desk has taken (received, opened, acknowledged) but the clerk
has neither continued into a draft nor refused, with the desk's OCR readings and the yard's
photos and quote, so closing the desk loses none of them. `lan_state`: what the desk's LAN
server must still know after a restart (the local relay's applications, the yard hand-offs the
desk may still refuse, refusals not yet told to the device), each with the moment it is
forgotten.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phone_pending",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("submitted_at", sa.Text(), nullable=False),
        sa.Column("application", sa.LargeBinary(), nullable=False),
        sa.Column("phone_key", sa.Text(), nullable=False),
        sa.Column("desk_key", sa.LargeBinary(), nullable=True),
        sa.Column("vehicle_photos", sa.Text(), nullable=True),
        sa.Column("staff", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("reads", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("forget_after", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_phone_pending")),
    )
    with op.batch_alter_table("phone_pending", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_phone_pending_forget_after"), ["forget_after"], unique=False
        )
    op.create_table(
        "lan_state",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("forget_after", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_lan_state")),
    )
    with op.batch_alter_table("lan_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lan_state_forget_after"), ["forget_after"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lan_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lan_state_forget_after"))
    op.drop_table("lan_state")
    with op.batch_alter_table("phone_pending", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phone_pending_forget_after"))
    op.drop_table("phone_pending")
