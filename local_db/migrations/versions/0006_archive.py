"""the archive: categories and links of every document, exact keys, full text (FTS5 trigram)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Full text over OCR text and document contents. Trigram: Chinese has no spaces between words,
# and any three characters of a name, an address or a number find it. Contentless (the text is
# in `document`), with deletes, so a purge can take a document out.
FTS = (
    "CREATE VIRTUAL TABLE archive_fts USING fts5("
    "body, tokenize='trigram', content='', contentless_delete=1)"
)
TRIGGERS = {
    "archive_pending_on_insert": (
        "AFTER INSERT ON document "
        "BEGIN INSERT OR IGNORE INTO archive_pending (document_id) VALUES (NEW.id); END"
    ),
    # A draft's scans are linked to the policy when it is issued: indexed again with the link.
    "archive_pending_on_link": (
        "AFTER UPDATE OF policy_id, customer_id ON document "
        "BEGIN INSERT OR IGNORE INTO archive_pending (document_id) VALUES (NEW.id); END"
    ),
}


def upgrade() -> None:
    op.create_table(
        "archive_entry",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("doc_date", sa.String(length=10), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("policy_id", sa.String(length=36), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("vehicle_id", sa.Integer(), nullable=True),
        sa.Column("transaction_ref", sa.String(length=64), nullable=True),
        sa.Column("review", sa.Integer(), nullable=False),
        sa.Column("purged_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_archive_entry_document_id_document")),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_archive_entry")),
    )
    op.create_index(op.f("ix_archive_entry_category"), "archive_entry", ["category"], unique=False)
    op.create_index(op.f("ix_archive_entry_doc_date"), "archive_entry", ["doc_date"], unique=False)
    op.create_index(op.f("ix_archive_entry_policy_id"), "archive_entry", ["policy_id"], unique=False)
    op.create_table(
        "archive_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_archive_key_document_id_document")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_key")),
    )
    op.create_index(op.f("ix_archive_key_digest"), "archive_key", ["digest"], unique=False)
    op.create_index(op.f("ix_archive_key_document_id"), "archive_key", ["document_id"], unique=False)
    op.create_table(
        "archive_pending",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_archive_pending_document_id_document")),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_archive_pending")),
    )
    op.execute(FTS)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # Every document already kept is indexed the first time the archive is opened.
    op.execute("INSERT INTO archive_pending (document_id) SELECT id FROM document")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS archive_fts")
    op.drop_table("archive_pending")
    op.drop_index(op.f("ix_archive_key_document_id"), table_name="archive_key")
    op.drop_index(op.f("ix_archive_key_digest"), table_name="archive_key")
    op.drop_table("archive_key")
    op.drop_index(op.f("ix_archive_entry_policy_id"), table_name="archive_entry")
    op.drop_index(op.f("ix_archive_entry_doc_date"), table_name="archive_entry")
    op.drop_index(op.f("ix_archive_entry_category"), table_name="archive_entry")
    op.drop_table("archive_entry")
