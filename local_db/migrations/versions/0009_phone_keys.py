"""the desk's one-time private keys for phone applications still open (docs/phone.md)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phone_key",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("forget_after", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_phone_key")),
    )
    with op.batch_alter_table("phone_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phone_key_forget_after"), ["forget_after"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("phone_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phone_key_forget_after"))
    op.drop_table("phone_key")
