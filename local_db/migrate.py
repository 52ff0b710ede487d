"""Upgrading the store at start, the Picard/Electrum way: refuse a newer store, copy the file
with SQLite's backup API, run Alembic in-process, and restore the copy if a step fails."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from local_db.backup import backup_to, restore_file
from local_db.migrations import HEAD_REVISION
from local_db.store import Store, StoreError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class MigrationFailed(StoreError):
    """A migration failed and the store was put back from the copy named in the message."""


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None  # None when nothing had to run

    @property
    def upgraded(self) -> bool:
        return self.from_revision != self.to_revision


def _config(extra_version_locations: Sequence[Path] = ()) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    locations = [str(MIGRATIONS_DIR / "versions"), *map(str, extra_version_locations)]
    # Alembic splits version_locations on this separator; os.pathsep never occurs in our paths.
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    return cfg


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except OperationalError:  # no table yet: a new store
            return None
    return rows[0] if len(rows) == 1 else None


def known_revisions(extra_version_locations: Sequence[Path] = ()) -> set[str]:
    """Every schema this version can open (and upgrade from)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config(extra_version_locations))
    return {s.revision for s in script.walk_revisions()}


def head_revision(extra_version_locations: Sequence[Path] = ()) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(extra_version_locations)).get_current_head()
    assert head is not None
    return head


def upgrade(
    store: Store,
    backups_dir: Path,
    *,
    extra_version_locations: Sequence[Path] = (),
) -> UpgradeResult:
    """Bring the store to the newest schema this program knows."""
    current = current_revision(store)
    if current == HEAD_REVISION and not extra_version_locations:
        return UpgradeResult(current, HEAD_REVISION, None)  # the common case, without Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = _config(extra_version_locations)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    if current == head:
        return UpgradeResult(current, head, None)
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise StoreError(
            f"The store {store.path} was written by a newer Chudan (schema {current}). "
            "Install the newer version of Chudan; this one will not touch the data."
        )
    backup_path: Path | None = None
    if current is not None:  # a brand-new store has nothing worth copying
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup_path = backups_dir / f"pre-migration-{current}-{stamp}.db"
        log.info(
            "migration: copying the store to %s before upgrading from %s", backup_path, current
        )
        backup_to(store, backup_path)
    log.info("migration: upgrading %s -> %s", current, head)
    try:
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:  # any failing step: put the copy back, then report
        log.error("migration: failed (%s: %s)", type(exc).__name__, exc)
        store.close()
        if backup_path is None:
            raise MigrationFailed(
                f"Creating the store failed ({type(exc).__name__}). Nothing was stored yet; "
                "report this to support."
            ) from exc
        restore_file(backup_path, store.path, store.key)
        raise MigrationFailed(
            f"Upgrading the store failed ({type(exc).__name__}: {exc}). The data was put back "
            f"as it was from the copy {backup_path}; keep that file and contact support."
        ) from exc
    log.info("migration: store at %s", head)
    return UpgradeResult(current, head, backup_path)
