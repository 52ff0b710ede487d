"""reports: draft step events, per-policy facts kept by triggers, the complaint register

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TRIGGERS = {
    # A policy is bound (by issuing, by a resubmission, or written bound by an import): its facts
    # are to be taken, or taken again.
    "report_pending_on_insert": (
        "AFTER INSERT ON policy WHEN NEW.bound_at IS NOT NULL "
        "BEGIN INSERT OR IGNORE INTO report_pending (policy_id) VALUES (NEW.id); END"
    ),
    "report_pending_on_bind": (
        "AFTER UPDATE OF bound_at ON policy WHEN NEW.bound_at IS NOT NULL "
        "BEGIN INSERT OR IGNORE INTO report_pending (policy_id) VALUES (NEW.id); END"
    ),
    # The facts follow the policy's state in the same transaction as the change.
    "policy_fact_state": (
        "AFTER UPDATE OF state ON policy "
        "BEGIN UPDATE policy_fact SET state = NEW.state WHERE policy_id = NEW.id; END"
    ),
}


def upgrade() -> None:
    op.create_table(
        "draft_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("from_step", sa.String(length=32), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("parked_from", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_draft_event_draft_id_draft")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_event")),
    )
    op.create_index(op.f("ix_draft_event_draft_id"), "draft_event", ["draft_id"], unique=False)
    op.create_table(
        "policy_fact",
        sa.Column("policy_id", sa.String(length=36), nullable=False),
        sa.Column("issued_on", sa.String(length=10), nullable=False),
        sa.Column("bound_at", sa.Text(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("ctpl_fen", sa.Integer(), nullable=False),
        sa.Column("commercial_fen", sa.Integer(), nullable=False),
        sa.Column("tax_fen", sa.Integer(), nullable=False),
        sa.Column("purchase_price_fen", sa.Integer(), nullable=True),
        sa.Column("has_ctpl", sa.Integer(), nullable=False),
        sa.Column("has_commercial", sa.Integer(), nullable=False),
        sa.Column("own_damage", sa.Integer(), nullable=False),
        sa.Column("tp_limit_fen", sa.Integer(), nullable=True),
        sa.Column("covers", sa.Integer(), nullable=False),
        sa.Column("extra_covers", sa.String(length=400), nullable=True),
        sa.Column("starts_on", sa.String(length=10), nullable=True),
        sa.Column("ends_on", sa.String(length=10), nullable=True),
        sa.Column("vin", sa.String(length=17), nullable=True),
        sa.Column("issue_s", sa.Integer(), nullable=True),
        sa.Column("customer_s", sa.Integer(), nullable=True),
        sa.Column("vehicle_s", sa.Integer(), nullable=True),
        sa.Column("coverage_s", sa.Integer(), nullable=True),
        sa.Column("review_s", sa.Integer(), nullable=True),
        sa.Column("payment_s", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["policy.id"], name=op.f("fk_policy_fact_policy_id_policy"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("policy_id", name=op.f("pk_policy_fact")),
    )
    op.create_index(op.f("ix_policy_fact_issued_on"), "policy_fact", ["issued_on"], unique=False)
    op.create_index(op.f("ix_policy_fact_ends_on"), "policy_fact", ["ends_on"], unique=False)
    op.create_index(op.f("ix_policy_fact_vin"), "policy_fact", ["vin"], unique=False)
    op.create_table(
        "report_pending",
        sa.Column("policy_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["policy.id"], name=op.f("fk_report_pending_policy_id_policy"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("policy_id", name=op.f("pk_report_pending")),
    )
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("against", sa.String(length=8), nullable=False),
        sa.Column("policy_id", sa.String(length=36), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["policy_id"], ["policy.id"], name=op.f("fk_complaint_policy_id_policy")),
        sa.ForeignKeyConstraint(["clerk_id"], ["user.id"], name=op.f("fk_complaint_clerk_id_user")),
        sa.ForeignKeyConstraint(["recorded_by"], ["user.id"], name=op.f("fk_complaint_recorded_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
    )
    op.create_index(op.f("ix_complaint_received_on"), "complaint", ["received_on"], unique=False)
    op.create_index(op.f("ix_complaint_policy_id"), "complaint", ["policy_id"], unique=False)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # Policies bound before this version: their facts are taken the first time a report is read.
    op.execute(
        "INSERT INTO report_pending (policy_id) SELECT id FROM policy WHERE bound_at IS NOT NULL"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index(op.f("ix_complaint_policy_id"), table_name="complaint")
    op.drop_index(op.f("ix_complaint_received_on"), table_name="complaint")
    op.drop_table("complaint")
    op.drop_table("report_pending")
    op.drop_index(op.f("ix_policy_fact_vin"), table_name="policy_fact")
    op.drop_index(op.f("ix_policy_fact_ends_on"), table_name="policy_fact")
    op.drop_index(op.f("ix_policy_fact_issued_on"), table_name="policy_fact")
    op.drop_table("policy_fact")
    op.drop_index(op.f("ix_draft_event_draft_id"), table_name="draft_event")
    op.drop_table("draft_event")
