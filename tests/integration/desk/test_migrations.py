"""Migrations run at start with a copy made first; a failing migration puts the copy back and
says where it is; a store from a newer Chudan is refused (docs/architecture.md, the store)."""

from __future__ import annotations

import textwrap

import pytest
from sqlalchemy import inspect, select, text

from app.desk.context import AppContext, StoreUnavailable
from cli.launcher import main as chudan
from local_db.migrate import head_revision
from local_db.models import Customer
from tests.support.accounts import add_first_admin, as_admin

GOOD_THEN_BAD = {
    "a001_add_column.py": """
        from alembic import op
        import sqlalchemy as sa
        revision = "a001"
        down_revision = "{head}"
        branch_labels = None
        depends_on = None
        def upgrade():
            with op.batch_alter_table("customer") as b:
                b.add_column(sa.Column("nickname", sa.Text()))
            op.execute("DELETE FROM customer")
        def downgrade():
            pass
    """,
    "a002_fails.py": """
        revision = "a002"
        down_revision = "a001"
        branch_labels = None
        depends_on = None
        def upgrade():
            raise RuntimeError("step a002 is broken on purpose")
        def downgrade():
            pass
    """,
}


@pytest.fixture
def failing_versions(tmp_path):
    d = tmp_path / "extra_versions"
    d.mkdir()
    for name, body in GOOD_THEN_BAD.items():
        (d / name).write_text(textwrap.dedent(body).replace("{head}", head_revision()))
    return d


def _store_with_customer(home):
    ctx = AppContext.open(home)
    add_first_admin(ctx)
    with ctx.store.write() as s:
        s.add(
            Customer(
                kind="person", name="王芳", id_type="resident_id", id_number="110105198507231238"
            )
        )
    ctx.close()


def test_up_to_date_store_opens_without_a_copy(seeded_home):
    _store_with_customer(seeded_home)
    with AppContext.open(seeded_home) as ctx:
        assert not ctx.upgrade_result.upgraded
        assert ctx.upgrade_result.backup_path is None
        assert ctx.upgrade_result.to_revision == head_revision()


def test_failed_migration_restores_the_copy_and_says_where_it_is(seeded_home, failing_versions):
    _store_with_customer(seeded_home)
    with pytest.raises(StoreUnavailable) as err:
        AppContext.open(seeded_home, extra_version_locations=(failing_versions,))
    message = str(err.value)
    assert "a002" in message or "broken on purpose" in message
    copies = list((seeded_home / "backups").glob(f"pre-migration-{head_revision()}-*.db"))
    assert len(copies) == 1 and str(copies[0]) in message
    # The first step had committed (new column, customers deleted): the copy undid it.
    with AppContext.open(seeded_home) as ctx:
        assert (
            ctx.upgrade_result.from_revision == head_revision() and not ctx.upgrade_result.upgraded
        )
        cols = {c["name"] for c in inspect(ctx.store.engine).get_columns("customer")}
        assert "nickname" not in cols
        with ctx.store.read() as s:
            assert [c.name for c in s.execute(select(Customer)).scalars()] == ["王芳"]


def test_successful_upgrade_keeps_a_copy_first(seeded_home, tmp_path):
    _store_with_customer(seeded_home)
    d = tmp_path / "v"
    d.mkdir()
    body = textwrap.dedent(GOOD_THEN_BAD["a001_add_column.py"]).replace('"a001"', '"b001"')
    (d / "b001.py").write_text(body.replace("{head}", head_revision()))
    with AppContext.open(seeded_home, extra_version_locations=(d,)) as ctx:
        r = ctx.upgrade_result
        assert (r.from_revision, r.to_revision) == (head_revision(), "b001")
        assert r.backup_path is not None and r.backup_path.exists()


def test_store_from_a_newer_chudan_is_refused_untouched(seeded_home):
    _store_with_customer(seeded_home)
    ctx = AppContext.open(seeded_home)
    with ctx.store.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num='f999'"))
    ctx.close()
    with pytest.raises(StoreUnavailable, match="newer Chudan"):
        AppContext.open(seeded_home)


def test_db_cli_backup_restore_check_round_trip(seeded_home, capsys, tmp_path, monkeypatch):
    _store_with_customer(seeded_home)
    backup = tmp_path / "b.db"
    assert chudan(["db", "backup", str(backup), *as_admin(monkeypatch)]) == 0
    with AppContext.open(seeded_home) as ctx, ctx.store.write() as s:
        s.execute(text("DELETE FROM customer"))
    assert chudan(["db", "restore", str(backup), "--json", *as_admin(monkeypatch)]) == 0
    out = capsys.readouterr().out
    assert "previous_store" in out
    with AppContext.open(seeded_home) as ctx, ctx.store.read() as s:
        assert [c.name for c in s.execute(select(Customer)).scalars()] == ["王芳"]
    assert chudan(["db", "check"]) == 0
    assert "audit chain: ok" in capsys.readouterr().out


def test_restore_of_a_foreign_file_is_refused_and_nothing_changes(
    seeded_home, tmp_path, capsys, monkeypatch
):
    _store_with_customer(seeded_home)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00" * 8192)
    assert chudan(["db", "restore", str(junk), *as_admin(monkeypatch)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chudan: ") and err.count("\n") == 1 and "cannot be opened" in err
    with AppContext.open(seeded_home) as ctx, ctx.store.read() as s:
        assert len(list(s.execute(select(Customer)).scalars())) == 1


def test_db_upgrade_cli_reports_up_to_date(seeded_home, capsys):
    _store_with_customer(seeded_home)
    assert chudan(["db", "upgrade", "--json"]) == 0
    assert '"upgraded": false' in capsys.readouterr().out
