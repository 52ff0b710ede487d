"""`chudan db backup PATH` never destroys anything: not the store, not its key (by any path),
not an existing file unless --force, nothing in the data directory but backups/; a failure leaves
no temporary file. `chudan db restore` refuses what is not a Chudan store of a known schema
before it touches the current one."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.desk.context import AppContext
from cli.launcher import main as chudan
from local_db.models import Customer, Policy
from tests.support.accounts import stdin_lines


def _as_admin(monkeypatch) -> list[str]:
    stdin_lines(monkeypatch, "demo-admin-2026")
    return ["--as", "admin"]


def _policies(home: Path) -> int:
    with AppContext.open(home) as ctx, ctx.store.read() as s:
        return s.execute(select(func.count()).select_from(Policy)).scalar_one()


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("chudan: ") and "Traceback" not in err
    return err


def test_the_key_and_the_store_are_never_overwritten_by_any_path(
    demo_desk, tmp_path, monkeypatch, capsys
):
    key = demo_desk / "chudan.db.key"
    before = key.read_bytes()
    link = tmp_path / "backup.db"
    link.symlink_to(key)
    os.link(key, tmp_path / "hard.db")
    for target in (key, link, tmp_path / "hard.db", demo_desk / "chudan.db"):
        assert chudan(["db", "backup", str(target), "--force", *_as_admin(monkeypatch)]) == 1
        assert "never written over it" in _one_line(capsys)
    assert key.read_bytes() == before
    with AppContext.open(demo_desk) as ctx:  # the store still opens with its key
        assert ctx.audit.verify().ok


def test_an_existing_file_is_replaced_only_with_force(demo_desk, tmp_path, monkeypatch, capsys):
    old = tmp_path / "old.db"
    old.write_bytes(b"somebody's file")
    assert chudan(["db", "backup", str(old), *_as_admin(monkeypatch)]) == 1
    assert "exists already" in _one_line(capsys) and old.read_bytes() == b"somebody's file"
    assert chudan(["db", "backup", str(old), "--force", *_as_admin(monkeypatch)]) == 0
    assert old.read_bytes() != b"somebody's file" and oct(old.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "old.db"]  # nothing beside it


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (lambda home, tmp: home / "mine.db", "inside the data directory"),
        (lambda home, tmp: home / "rates" / "v9.json", "inside the data directory"),
        (lambda home, tmp: tmp, "is a folder"),
        (lambda home, tmp: Path("/proc/chudan-backup.db"), "Cannot write the backup"),
        (lambda home, tmp: tmp / "missing" / "b.db", "does not exist"),
        (lambda home, tmp: Path("/dev/null"), "not a regular file"),
    ],
)
def test_wrong_places_are_one_line_and_leave_nothing(
    demo_desk, tmp_path, monkeypatch, capsys, target, says
):
    before = sorted(p.name for p in tmp_path.iterdir())
    dest = target(demo_desk, tmp_path)
    assert chudan(["db", "backup", str(dest), "--force", *_as_admin(monkeypatch)]) == 1
    assert says in _one_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not list(demo_desk.rglob("*.partial"))


def test_a_backup_that_fails_midway_leaves_no_partial_file(
    demo_desk, tmp_path, monkeypatch, capsys
):
    import local_db.backup as backup_module

    def full_disk(store, target):
        target.write_bytes(b"x" * 4096)  # part of the copy was written
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module, "copy_into", full_disk)
    monkeypatch.setattr("app.desk.store_admin.copy_into", full_disk)
    dest = tmp_path / "b.db"
    assert chudan(["db", "backup", str(dest), *_as_admin(monkeypatch)]) == 1
    assert "No space left on device" in _one_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk"]


def test_the_default_goes_into_backups_and_restores(demo_desk, tmp_path, monkeypatch, capsys):
    assert chudan(["db", "backup", "--json", *_as_admin(monkeypatch)]) == 0
    made = Path(__import__("json").loads(capsys.readouterr().out)["backup"])
    assert made.parent == (demo_desk / "backups").resolve() and made.stat().st_size > 0
    assert chudan(["db", "restore", str(made), *_as_admin(monkeypatch)]) == 0


def _restore_refused(demo_desk, monkeypatch, capsys, source: Path, says: str) -> None:
    before = (_policies(demo_desk), sorted(p.name for p in (demo_desk / "backups").glob("*")))
    assert chudan(["db", "restore", str(source), *_as_admin(monkeypatch)]) == 1
    assert says in _one_line(capsys)
    after = (_policies(demo_desk), sorted(p.name for p in (demo_desk / "backups").glob("*")))
    assert after == before  # not even the safety copy: nothing was touched


def test_an_empty_file_is_not_a_backup(demo_desk, tmp_path, monkeypatch, capsys):
    empty = tmp_path / "empty.db"
    empty.touch()
    _restore_refused(demo_desk, monkeypatch, capsys, empty, "is empty (0 bytes)")


def test_a_foreign_file_is_not_a_backup(demo_desk, tmp_path, monkeypatch, capsys):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    _restore_refused(demo_desk, monkeypatch, capsys, junk, "cannot be opened with this store's key")
    plain = tmp_path / "plain.db"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.commit()
    conn.close()
    _restore_refused(
        demo_desk, monkeypatch, capsys, plain, "cannot be opened with this store's key"
    )


def test_a_store_without_chudan_tables_or_of_an_unknown_schema_is_refused(
    demo_desk, tmp_path, monkeypatch, capsys
):
    """Opens with the key, but is not a store this version can use."""
    import sqlcipher3

    key = (demo_desk / "chudan.db.key").read_text().strip()
    other = tmp_path / "other.db"
    conn = sqlcipher3.connect(str(other))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("CREATE TABLE notes (t TEXT)")
    conn.commit()
    conn.close()
    _restore_refused(demo_desk, monkeypatch, capsys, other, "holds no Chudan store")

    newer = tmp_path / "newer.db"
    assert chudan(["db", "backup", str(newer), *_as_admin(monkeypatch)]) == 0
    capsys.readouterr()
    conn = sqlcipher3.connect(str(newer))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("UPDATE alembic_version SET version_num = 'f999'")
    conn.commit()
    conn.close()
    _restore_refused(demo_desk, monkeypatch, capsys, newer, "written by a newer Chudan")


def test_restore_brings_back_what_the_backup_holds(demo_desk, tmp_path, monkeypatch, capsys):
    backup = tmp_path / "b.db"
    assert chudan(["db", "backup", str(backup), *_as_admin(monkeypatch)]) == 0
    with AppContext.open(demo_desk) as ctx, ctx.store.write() as s:
        s.add(Customer(kind="person", name="王芳", id_type="resident_id", id_number="x"))
    assert chudan(["db", "restore", str(backup), *_as_admin(monkeypatch)]) == 0
    with AppContext.open(demo_desk) as ctx, ctx.store.read() as s:
        assert s.execute(select(func.count()).select_from(Customer)).scalar_one() == 0
