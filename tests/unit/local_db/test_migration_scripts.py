"""The migration scripts themselves, read without opening a store."""

from __future__ import annotations

from local_db.migrate import head_revision


def test_head_revision_constant_matches_alembic():
    """The start-up fast path trusts HEAD_REVISION: it must name Alembic's real head."""
    from local_db.migrations import HEAD_REVISION

    assert HEAD_REVISION == head_revision()
