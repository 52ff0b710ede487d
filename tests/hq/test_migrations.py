"""The Alembic migrations build, from an empty database, exactly the schema the models describe,
on SQLite and PostgreSQL, and running them again changes nothing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from hq.migrate import current_revision, head_revision, upgrade
from hq.models import Base, make_engine
from tests.hq.hq_setup import migrated_engine


def test_upgrade_from_empty_matches_the_models(db_url: str) -> None:
    engine = migrated_engine(db_url, wipe=True)  # wipe then upgrade: the empty start
    try:
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert upgrade(engine) == (head_revision(), head_revision())
    finally:
        engine.dispose()


def test_make_engine_alone_creates_no_tables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        assert inspect(engine).get_table_names() == []
        assert current_revision(engine) is None
    finally:
        engine.dispose()
