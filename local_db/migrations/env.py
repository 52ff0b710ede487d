"""Alembic environment: always run programmatically on the store's own connection
(see local_db/migrate.py); batch mode because SQLite cannot ALTER most things."""

from alembic import context

from local_db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through local_db.migrate (the store is encrypted)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
