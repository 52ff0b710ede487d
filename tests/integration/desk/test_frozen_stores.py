"""Every released schema's store upgrades to the current one with its data intact
(docs/architecture.md, conventions: keep a frozen database from every released schema and upgrade each in CI)."""

from __future__ import annotations

import shutil

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from app.desk.context import AppContext
from local_db.migrate import head_revision
from local_db.models import Base, Customer, Policy, WorkItem
from tests.support.paths import FROZEN_STORES

FROZEN = sorted(FROZEN_STORES.glob("schema-*.db"))


@pytest.mark.parametrize("frozen", FROZEN, ids=lambda p: p.stem)
def test_frozen_store_upgrades_with_data_intact(frozen, chudan_home):
    shutil.copyfile(frozen, chudan_home / "chudan.db")
    shutil.copyfile(frozen.with_name(frozen.name + ".key"), chudan_home / "chudan.db.key")
    with AppContext.open(chudan_home) as ctx:
        r = ctx.upgrade_result
        assert r.to_revision == head_revision()
        assert r.backup_path is not None and r.backup_path.exists()
        with ctx.store.read() as s:
            assert s.execute(select(Customer.id_number)).scalar_one() == "110105198507231238"
            p = s.execute(select(Policy)).scalar_one()
            assert str(p.premium_total) == "3945.00" and p.payments[0].amount == p.premium_total
            assert s.execute(select(WorkItem.reason)).scalar_one().startswith("offline")
        assert ctx.audit.verify().ok
        assert ctx.auth.login("clerk", "demo-clerk-2026").username == "clerk"


def _not_full_text(name, type_, _parent) -> bool:
    """The archive's FTS5 table and its shadow tables are made by the migration, not modelled."""
    return not (type_ == "table" and name.startswith("archive_fts"))


def test_migrations_build_exactly_the_models(app_ctx):
    """The migrations and the models agree: no column the code expects is missing."""
    with app_ctx.store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_full_text})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
