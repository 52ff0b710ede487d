"""endorsements, cancellations and reprints; policy versions; their payments and documents

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_change",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("policy_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("change_kind", sa.String(length=24), nullable=False),
        sa.Column("number", sa.String(length=48), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("effective_at", sa.Text(), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("edits", sa.Text(), nullable=True),
        sa.Column("priced", sa.Text(), nullable=True),
        sa.Column("changed", sa.Text(), nullable=True),
        sa.Column("premium_difference", sa.Integer(), nullable=True),
        sa.Column("authority", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("schedule_hash", sa.String(length=64), nullable=True),
        sa.Column("signed_at", sa.Text(), nullable=True),
        sa.Column("bound_at", sa.Text(), nullable=True),
        sa.Column("confirmed_at", sa.Text(), nullable=True),
        sa.Column("confirmation_code", sa.String(length=64), nullable=True),
        sa.Column("hq_answer", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"], name=op.f("fk_policy_change_created_by_user")),
        sa.ForeignKeyConstraint(["policy_id"], ["policy.id"], name=op.f("fk_policy_change_policy_id_policy")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_change")),
        sa.UniqueConstraint("number", name=op.f("uq_policy_change_number")),
    )
    with op.batch_alter_table("policy_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_change_policy_id"), ["policy_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_policy_change_state"), ["state"], unique=False)
    op.create_table(
        "policy_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["change_id"], ["policy_change.id"], name=op.f("fk_policy_version_change_id_policy_change")),
        sa.ForeignKeyConstraint(["policy_id"], ["policy.id"], name=op.f("fk_policy_version_policy_id_policy")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_version")),
    )
    with op.batch_alter_table("policy_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_version_policy_id"), ["policy_id"], unique=False)
    for table in ("payment", "document"):
        kept = _triggers_on(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("change_id", sa.String(length=36), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_change_id_policy_change"), "policy_change", ["change_id"], ["id"]
            )
            batch_op.create_index(batch_op.f(f"ix_{table}_change_id"), ["change_id"], unique=False)
        _recreate(kept)


def _triggers_on(table: str) -> list[tuple[str, str]]:
    """SQLite rebuilds a table to add a foreign key (copy, drop, rename), and the drop takes the
    table's triggers with it (the archive's queue of documents to index): keep them to put back."""
    rows = op.get_bind().execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": table},
    )
    return [(name, sql) for name, sql in rows]


def _recreate(triggers: list[tuple[str, str]]) -> None:
    for name, sql in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(sql)


def downgrade() -> None:
    for table in ("document", "payment"):
        kept = _triggers_on(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_change_id"))
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_change_id_policy_change"), type_="foreignkey")
            batch_op.drop_column("change_id")
        _recreate(kept)
    with op.batch_alter_table("policy_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_version_policy_id"))
    op.drop_table("policy_version")
    with op.batch_alter_table("policy_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_change_state"))
        batch_op.drop_index(batch_op.f("ix_policy_change_policy_id"))
    op.drop_table("policy_change")
