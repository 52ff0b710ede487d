"""Alembic environment for head office. Always run programmatically (`hq.migrate.upgrade`),
which hands over an open connection; there is no alembic.ini."""

from __future__ import annotations

from alembic import context

from hq.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
