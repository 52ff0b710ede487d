"""payments recorded as they happen: a part belongs to the draft until the policy exists

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite cannot alter a column in place: batch mode copies the table (inside the migration's
    # transaction, after the pre-migration backup).
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.alter_column("policy_id", existing_type=sa.String(length=36), nullable=True)
        batch_op.add_column(sa.Column("draft_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_payment_draft_id_draft"), "draft", ["draft_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_payment_draft_id"), ["draft_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_draft_id"))
        batch_op.drop_constraint(batch_op.f("fk_payment_draft_id_draft"), type_="foreignkey")
        batch_op.drop_column("draft_id")
        batch_op.alter_column("policy_id", existing_type=sa.String(length=36), nullable=False)
