"""Bring a head-office database to the newest schema with its Alembic migrations. Run at
`serve` start and by `chudan-hq db upgrade`; safe to run again (a no-op when current)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from hq.personal_data import DataKey

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return str(ScriptDirectory.from_config(_config()).get_current_head())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def revisions() -> list[str]:
    """Every revision, oldest first."""
    return [
        str(r.revision)
        for r in reversed(list(ScriptDirectory.from_config(_config()).walk_revisions()))
    ]


def upgrade(
    engine: Engine, target: str = "head", *, data_key: DataKey | None = None
) -> tuple[str | None, str]:
    """Upgrade to `target` (head unless a test steps through the revisions); returns (revision
    before, revision after). A migration that seals personal data uses `data_key`, else the data
    dir's key (made there on first use)."""
    before = current_revision(engine)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["data_key"] = data_key
        command.upgrade(cfg, target)
    return before, head_revision() if target == "head" else target
