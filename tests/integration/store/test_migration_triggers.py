"""A later migration that rebuilds a table (SQLite does so to add a foreign key) must not lose an
earlier migration's triggers on it: the archive's index and the reports' facts are fed by
triggers, and a lost one silently stops documents being found and policies being counted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import text

import local_db

VERSIONS = Path(local_db.__file__).parent / "migrations" / "versions"


def _triggers_created_by_migrations() -> set[str]:
    names: set[str] = set()
    for path in sorted(VERSIONS.glob("[0-9]*.py")):
        spec = importlib.util.spec_from_file_location(f"_migration_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        names |= set(getattr(module, "TRIGGERS", {}))
    return names


def test_every_trigger_a_migration_creates_is_there_at_the_head(app_ctx):
    wanted = _triggers_created_by_migrations()
    assert {"archive_pending_on_insert", "archive_pending_on_link"} <= wanted
    with app_ctx.store.read() as s:
        present = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert wanted <= present, f"triggers lost by a later migration: {sorted(wanted - present)}"
