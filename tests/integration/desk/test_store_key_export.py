"""The store key in a passphrase-protected file: a PC whose OS keyring held the key dies, and its
backups are restored on a new PC with the exported key. Real stores, real backups, real argon2id
and AES-GCM; only the OS keyring is in memory (tests/support/memory_keyring.py says why)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.access.permissions import system_actor
from app.core.errors import ChudanError, InvalidInput
from app.desk import store_admin
from app.desk.context import AppContext
from app.desk.store_key import export_key, import_key, key_backup_note
from local_db.models import User
from tests.support.memory_keyring import MemoryKeyring, using_keyring
from tests.support.paths import REPO

PASSPHRASE = "correct horse battery staple"
ACTOR = system_actor("tester")


def _usernames(ctx: AppContext) -> set[str]:
    with ctx.store.read() as s:
        return {u.username for u in s.execute(select(User)).scalars()}


def test_a_backup_opens_on_a_new_pc_only_after_the_exported_key_is_imported(tmp_path, monkeypatch):
    monkeypatch.delenv("CHUDAN_KEYRING")
    old_pc, new_pc = tmp_path / "old-pc", tmp_path / "new-pc"
    old_pc.mkdir()
    new_pc.mkdir()
    with using_keyring(MemoryKeyring()) as old_keyring:
        with AppContext.open(old_pc) as ctx:
            ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
            (tmp_path / "usb").mkdir()  # the USB stick: backup refuses to make folders
            backup = store_admin.backup(
                ctx.store, ctx.audit, ACTOR, tmp_path / "usb" / "b.db", ctx.home
            )
            note = key_backup_note(ctx.store)
            key_file = export_key(ctx.store, ACTOR, tmp_path / "usb" / "desk.chudankey", PASSPHRASE)
            key_hex = ctx.store.key.hex
        assert not (old_pc / "chudan.db.key").exists()  # only the keyring held it
        assert note["only_in_keyring"] and "export-key" in note["en"]
        assert list(old_keyring.items.values()) == [key_hex]

    text = key_file.read_text(encoding="utf-8")
    assert key_hex not in text and bytes.fromhex(key_hex).hex().upper() not in text
    assert json.loads(text)["kdf"]["name"] == "argon2id"
    assert key_file.stat().st_mode & 0o777 == 0o600

    with using_keyring(MemoryKeyring()) as new_keyring:
        # The clerk started Chudan on the new PC first: a fresh store with its own key.
        with AppContext.open(new_pc) as ctx:
            with pytest.raises(ChudanError, match="cannot be opened with this store's key"):
                store_admin.restore(ctx.store, ACTOR, backup, new_pc)
        result = import_key(new_pc, key_file, PASSPHRASE)
        assert result.previous_store is not None and result.previous_store.exists()
        assert (result.previous_store.with_name(result.previous_store.name + ".key")).exists()
        assert list(new_keyring.items.values()) == [key_hex]
        with AppContext.open(new_pc) as ctx:
            store_admin.restore(ctx.store, ACTOR, backup, new_pc)
        with AppContext.open(new_pc) as ctx:
            assert _usernames(ctx) == {"admin"}
            assert ctx.auth.login("admin", "admin-pass-1").username == "admin"


def test_a_wrong_passphrase_or_a_changed_file_records_nothing(app_ctx, tmp_path):
    key_file = export_key(app_ctx.store, ACTOR, tmp_path / "k.chudankey", PASSPHRASE)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    with pytest.raises(InvalidInput, match="Wrong passphrase"):
        import_key(fresh, key_file, PASSPHRASE + "!")
    doc = json.loads(key_file.read_text(encoding="utf-8"))
    doc["kdf"]["time_cost"] = 1  # a cheaper stretch would be an attacker's wish
    changed = tmp_path / "changed.chudankey"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidInput, match="Wrong passphrase|changed"):
        import_key(fresh, changed, PASSPHRASE)
    garbage = tmp_path / "notes.txt"
    garbage.write_text("hello", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not a Chudan key file"):
        import_key(fresh, garbage, PASSPHRASE)
    assert list(fresh.iterdir()) == []


def test_short_passphrases_and_existing_files_are_refused(app_ctx, tmp_path):
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        export_key(app_ctx.store, ACTOR, tmp_path / "k.chudankey", "short")
    assert not (tmp_path / "k.chudankey").exists()
    (tmp_path / "taken.chudankey").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already exists"):
        export_key(app_ctx.store, ACTOR, tmp_path / "taken.chudankey", PASSPHRASE)
    assert (tmp_path / "taken.chudankey").read_text(encoding="utf-8") == "mine"


def _chudan(home, *args, stdin: str = ""):
    env = {**os.environ, "CHUDAN_HOME": str(home), "CHUDAN_KEYRING": "off", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "cli.launcher", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.live
def test_the_command_line_exports_imports_and_restores(seeded_home, tmp_path):
    with AppContext.open(seeded_home) as ctx:
        ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    backup = tmp_path / "b.db"
    r = _chudan(seeded_home, "db", "backup", str(backup), "--as", "admin", stdin="admin-pass-1\n")
    assert r.returncode == 0, r.stderr
    assert "chudan.db.key" in r.stdout and "export-key" in r.stdout  # where the key is
    key_file = tmp_path / "desk.chudankey"
    r = _chudan(seeded_home, "db", "export-key", str(key_file), "--passphrase-stdin")
    assert r.returncode == 1 and "--as" in r.stderr and not key_file.exists()  # an admin's only
    r = _chudan(
        seeded_home,
        *("db", "export-key", str(key_file), "--passphrase-stdin", "--as", "admin"),
        stdin=f"admin-pass-1\n{PASSPHRASE}",
    )
    assert r.returncode == 0 and key_file.exists(), r.stderr

    new_pc = tmp_path / "new-pc"
    new_pc.mkdir()
    r = _chudan(
        new_pc, "db", "import-key", str(key_file), "--passphrase-stdin", stdin="wrong passphrase"
    )
    assert r.returncode == 1 and "Wrong passphrase" in r.stderr and "Traceback" not in r.stderr
    assert list(new_pc.iterdir()) == []
    r = _chudan(new_pc, "db", "import-key", str(key_file), "--passphrase-stdin", stdin=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    r = _chudan(new_pc, "db", "restore", str(backup))
    assert r.returncode == 0, r.stderr
    r = _chudan(new_pc, "db", "check")
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stdout + r.stderr
    with AppContext.open(new_pc) as ctx:
        assert _usernames(ctx) == {"admin"}


def test_the_audit_seal_key_travels_with_the_store_key(tmp_path, monkeypatch):
    """A provisioned desk seals its audit log with a second key kept outside the store: a store
    moved to a new PC with only the store key verified as "seal key missing". The exported file
    now carries both, and an older file (the store key alone) still imports."""
    from app.desk.store_key import wrap_key
    from local_db.keystore import create_seal_key, load_seal_key

    monkeypatch.delenv("CHUDAN_KEYRING")
    old_pc, new_pc, older = tmp_path / "old-pc", tmp_path / "new-pc", tmp_path / "older"
    for d in (old_pc, new_pc, older):
        d.mkdir()
    with using_keyring(MemoryKeyring()):
        with AppContext.open(old_pc) as ctx:
            seal = create_seal_key(ctx.store.path)
            key_hex = ctx.store.key.hex
            key_file = export_key(ctx.store, ACTOR, tmp_path / "desk.chudankey", PASSPHRASE)
    text = key_file.read_text(encoding="utf-8")
    assert seal.hex() not in text and json.loads(text)["version"] == 2
    with using_keyring(MemoryKeyring()) as new_keyring:
        result = import_key(new_pc, key_file, PASSPHRASE)
        assert result.seal_key_recorded
        assert load_seal_key(new_pc / "chudan.db") == seal
        assert sorted(new_keyring.items.values()) == sorted([key_hex, seal.hex()])

    # A version 1 file (the store key alone), as the previous release wrote it.
    doc = json.loads(wrap_key(key_hex, PASSPHRASE).decode("utf-8"))
    assert doc["version"] == 2
    with using_keyring(MemoryKeyring()):
        v1 = tmp_path / "v1.chudankey"
        v1.write_bytes(_as_version_1(key_hex))
        result = import_key(older, v1, PASSPHRASE)
        assert not result.seal_key_recorded and load_seal_key(older / "chudan.db") is None


def _as_version_1(key_hex: str) -> bytes:
    """A key file exactly as format version 1 wrote it (the header says 1, 32 bytes inside)."""
    import secrets as _secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from app.desk import store_key as sk

    salt, nonce = _secrets.token_bytes(16), _secrets.token_bytes(12)
    header = {
        "format": sk.FORMAT,
        "version": 1,
        "kdf": {**sk.KDF_PARAMS, "salt": sk._b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": sk._b64(nonce),
        "created": "2026-11-01T08:00:00Z",
    }
    secret = AESGCM(sk._stretch(PASSPHRASE, salt, sk.KDF_PARAMS)).encrypt(
        nonce, bytes.fromhex(key_hex), sk._header_bytes(header)
    )
    return json.dumps({**header, "key": sk._b64(secret)}).encode("utf-8")
