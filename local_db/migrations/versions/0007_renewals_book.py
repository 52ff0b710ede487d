"""the outlet's book and its renewals: imported and issued policies that fall due, their notes,
customers' consent to reminders, the reminders themselves, and the plans recommended

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "book_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_already", sa.Integer(), nullable=False),
        sa.Column("rows_refused", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_import")),
    )
    with op.batch_alter_table("book_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_book_import_sha256"), ["sha256"], unique=False)

    op.create_table(
        "contact_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_number", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("text_version", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_consent")),
    )
    with op.batch_alter_table("contact_consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_consent_id_number"), ["id_number"], unique=False)

    op.create_table(
        "book_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("policy_id", sa.String(length=36), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("policy_number", sa.String(length=64), nullable=False),
        sa.Column("insurer", sa.String(length=200), nullable=False),
        sa.Column("coverage", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("premium_ctpl", sa.Integer(), nullable=True),
        sa.Column("premium_commercial", sa.Integer(), nullable=True),
        sa.Column("premium", sa.Integer(), nullable=True),
        sa.Column("vehicle_tax", sa.Integer(), nullable=True),
        sa.Column("holder_kind", sa.String(length=16), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("holder_id_type", sa.String(length=32), nullable=False),
        sa.Column("holder_id_number", sa.String(length=64), nullable=False),
        sa.Column("holder_phone", sa.String(length=32), nullable=True),
        sa.Column("holder_email", sa.String(length=254), nullable=True),
        sa.Column("holder_address", sa.Text(), nullable=True),
        sa.Column("parties", sa.Text(), nullable=True),
        sa.Column("vin", sa.String(length=17), nullable=False),
        sa.Column("plate", sa.String(length=16), nullable=True),
        sa.Column("vehicle", sa.Text(), nullable=False),
        sa.Column("covers", sa.Text(), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("lost_reason", sa.String(length=16), nullable=True),
        sa.Column("assigned_to", sa.Integer(), nullable=True),
        sa.Column("renewal_draft_id", sa.String(length=36), nullable=True),
        sa.Column("renewed_policy_id", sa.String(length=36), nullable=True),
        sa.Column("quoted_premium", sa.Integer(), nullable=True),
        sa.Column("contacted_at", sa.Text(), nullable=True),
        sa.Column("quoted_at", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["assigned_to"], ["user.id"], name=op.f("fk_book_policy_assigned_to_user")),
        sa.ForeignKeyConstraint(
            ["import_id"], ["book_import.id"], name=op.f("fk_book_policy_import_id_book_import")
        ),
        sa.ForeignKeyConstraint(["policy_id"], ["policy.id"], name=op.f("fk_book_policy_policy_id_policy")),
        sa.ForeignKeyConstraint(
            ["renewal_draft_id"], ["draft.id"], name=op.f("fk_book_policy_renewal_draft_id_draft")
        ),
        sa.ForeignKeyConstraint(
            ["renewed_policy_id"], ["policy.id"], name=op.f("fk_book_policy_renewed_policy_id_policy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_policy")),
        sa.UniqueConstraint("insurer", "policy_number", name=op.f("uq_book_policy_insurer")),
        sa.UniqueConstraint("policy_id", name=op.f("uq_book_policy_policy_id")),
    )
    with op.batch_alter_table("book_policy", schema=None) as batch_op:
        batch_op.create_index("ix_book_policy_due", ["end_date", "state", "assigned_to"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_book_policy_holder_id_number"), ["holder_id_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_book_policy_vin"), ["vin"], unique=False)

    op.create_table(
        "book_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_policy_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_policy_id"], ["book_policy.id"], name=op.f("fk_book_event_book_policy_id_book_policy")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_book_event_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_event")),
    )
    with op.batch_alter_table("book_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_book_event_book_policy_id"), ["book_policy_id"], unique=False)

    op.create_table(
        "recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=False),
        sa.Column("policy_id", sa.String(length=36), nullable=True),
        sa.Column("book_policy_id", sa.Integer(), nullable=True),
        sa.Column("table_version", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.String(length=40), nullable=False),
        sa.Column("covers", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("shown_by", sa.Integer(), nullable=True),
        sa.Column("shown_at", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("final_covers", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["book_policy_id"], ["book_policy.id"], name=op.f("fk_recommendation_book_policy_id_book_policy")
        ),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_recommendation_draft_id_draft")),
        sa.ForeignKeyConstraint(["policy_id"], ["policy.id"], name=op.f("fk_recommendation_policy_id_policy")),
        sa.ForeignKeyConstraint(["shown_by"], ["user.id"], name=op.f("fk_recommendation_shown_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation")),
    )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_recommendation_outcome"), ["outcome"], unique=False)
        batch_op.create_index(batch_op.f("ix_recommendation_policy_id"), ["policy_id"], unique=False)

    op.create_table(
        "renewal_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_policy_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("not_before", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["book_policy_id"], ["book_policy.id"], name=op.f("fk_renewal_reminder_book_policy_id_book_policy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renewal_reminder")),
        sa.UniqueConstraint(
            "book_policy_id", "channel", "lead_days", name=op.f("uq_renewal_reminder_book_policy_id")
        ),
    )
    with op.batch_alter_table("renewal_reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_renewal_reminder_book_policy_id"), ["book_policy_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_renewal_reminder_status"), ["status"], unique=False)


def downgrade() -> None:
    for table, indexes in (
        ("renewal_reminder", ("ix_renewal_reminder_status", "ix_renewal_reminder_book_policy_id")),
        (
            "recommendation",
            ("ix_recommendation_policy_id", "ix_recommendation_outcome", "ix_recommendation_draft_id"),
        ),
        ("book_event", ("ix_book_event_book_policy_id",)),
        (
            "book_policy",
            (
                "ix_book_policy_vin",
                "ix_book_policy_holder_id_number",
                "ix_book_policy_due",
            ),
        ),
        ("contact_consent", ("ix_contact_consent_id_number",)),
        ("book_import", ("ix_book_import_sha256",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in indexes:
                batch_op.drop_index(name)
        op.drop_table(table)
