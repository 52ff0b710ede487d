"""exception items remember who opened them (clerks see their own)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exception_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_exception_item_created_by_user"), "user", ["created_by"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_exception_item_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exception_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exception_item_status"))
        batch_op.drop_constraint(batch_op.f("fk_exception_item_created_by_user"), type_="foreignkey")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("created_by")
