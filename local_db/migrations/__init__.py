"""Alembic migrations of the outlet store.

HEAD_REVISION lets the start-up check skip importing Alembic (≈150 ms) when the store is already
current; a test keeps it equal to Alembic's own head. Update it with every new migration."""

HEAD_REVISION = "0011"
