"""Alembic migrations for the head-office database (run by `hq.migrate`)."""
