"""The store is encrypted as a whole (docs/architecture.md, security rules): on a lost machine neither the
.db nor its WAL shows the SQLite header or any personal value."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import select

from app.desk.context import AppContext, StoreUnavailable
from local_db.backup import backup_to
from local_db.models import Customer

SQLITE_HEADER = b"SQLite format 3\x00"
PEOPLE = [
    ("张伟", "110105198507231238", "13812345678", "北京市朝阳区建国路88号"),
    ("李娜", "11010519491231002X", "13987654321", "上海市浦东新区世纪大道100号"),
]


def _add_customers(ctx: AppContext) -> None:
    with ctx.store.write() as s:
        for name, idn, phone, addr in PEOPLE:
            s.add(
                Customer(
                    kind="person",
                    name=name,
                    id_type="resident_id",
                    id_number=idn,
                    phone=phone,
                    address=addr,
                )
            )


def _plaintexts() -> list[bytes]:
    """What a reader of the file would search for, in UTF-8 and UTF-16. A needle of fewer than 6
    bytes (a two-character name in UTF-16 is 4) turns up in a megabyte of ciphertext by chance
    about once in a thousand runs (CI saw it once), so it proves nothing and is left out; the
    same name is still looked for in UTF-8 (6 bytes)."""
    out: list[bytes] = []
    for name, idn, phone, addr in PEOPLE:
        for v in (name, idn, phone, addr):
            out += [raw for raw in (v.encode("utf-8"), v.encode("utf-16-le")) if len(raw) >= 6]
    return out


def test_db_and_wal_show_no_header_and_no_personal_data(app_ctx, chudan_home):
    _add_customers(app_ctx)
    db = chudan_home / "chudan.db"
    wal = chudan_home / "chudan.db-wal"
    # Read while the store is open, so the fresh rows are still in the WAL, not only the main file.
    assert wal.exists() and wal.stat().st_size > 0
    for path in (db, wal):
        raw = path.read_bytes()
        assert SQLITE_HEADER not in raw, path
        for value in _plaintexts():
            assert value not in raw, (path, value)
    with app_ctx.store.read() as s:  # and the data is really there
        assert {c.id_number for c in s.execute(select(Customer)).scalars()} == {
            p[1] for p in PEOPLE
        }


def test_backup_stays_encrypted(app_ctx, chudan_home, tmp_path):
    _add_customers(app_ctx)
    copy = backup_to(app_ctx.store, tmp_path / "copy.db")
    raw = copy.read_bytes()
    assert not raw.startswith(SQLITE_HEADER)
    assert all(v not in raw for v in _plaintexts())


def test_wrong_key_gives_a_clear_error_naming_the_key_location(seeded_home):
    key_file = seeded_home / "chudan.db.key"
    key_file.write_text("ab" * 32)
    with pytest.raises(StoreUnavailable) as err:
        AppContext.open(seeded_home)
    assert str(key_file) in str(err.value)
    assert "key" in str(err.value) and "restore" in str(err.value)


def test_missing_key_gives_a_clear_error_and_no_new_empty_store(seeded_home):
    ctx = AppContext.open(seeded_home)
    ctx.auth.create_first_admin("admin", "password123", "A")
    ctx.close()
    (seeded_home / "chudan.db.key").unlink()
    with pytest.raises(StoreUnavailable) as err:
        AppContext.open(seeded_home)
    assert "No key found" in str(err.value)
    assert not (seeded_home / "chudan.db.key").exists()  # no silent new key over old data


def test_damaged_key_file_is_named(seeded_home):
    (seeded_home / "chudan.db.key").write_text("not a key")
    with pytest.raises(StoreUnavailable, match="damaged"):
        AppContext.open(seeded_home)


def test_key_file_is_readable_by_the_user_alone(chudan_home):
    AppContext.open(chudan_home).close()
    mode = (chudan_home / "chudan.db.key").stat().st_mode & 0o777
    assert mode == 0o600


class MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


def test_key_goes_to_the_os_keyring_when_one_is_usable(chudan_home, monkeypatch):
    monkeypatch.delenv("CHUDAN_KEYRING")
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        ctx = AppContext.open(chudan_home)
        _add_customers(ctx)
        ctx.close()
        assert not (chudan_home / "chudan.db.key").exists()
        assert len(backend.items) == 1
        (stored,) = backend.items.values()
        assert len(stored) == 64
        with AppContext.open(chudan_home) as again:  # reopens with the keyring's key
            with again.store.read() as s:
                assert len(list(s.execute(select(Customer)).scalars())) == len(PEOPLE)
    finally:
        keyring.set_keyring(previous)


class RefusingKeyring(MemoryKeyring):
    """A keyring that is there but refuses writes (a locked or broken Secret Service)."""

    def set_password(self, service, username, password):
        from keyring.errors import PasswordSetError

        raise PasswordSetError("locked")


def test_without_a_usable_keyring_the_key_goes_to_a_file_only_the_user_can_read(
    chudan_home, monkeypatch
):
    """Headless Linux: keyring's own fail backend (every call raises NoKeyringError), then a keyring
    that refuses writes; both times the store opens with a 0600 key file beside it."""
    from keyring.backends import fail

    monkeypatch.delenv("CHUDAN_KEYRING")
    previous = keyring.get_keyring()
    try:
        for backend, home in (
            (fail.Keyring(), chudan_home / "nokeyring"),
            (RefusingKeyring(), chudan_home / "refusing"),
        ):
            keyring.set_keyring(backend)
            home.mkdir()
            ctx = AppContext.open(home)
            _add_customers(ctx)
            ctx.close()
            key_file = home / "chudan.db.key"
            assert key_file.exists() and (key_file.stat().st_mode & 0o777) == 0o600
            with AppContext.open(home) as again:
                with again.store.read() as s:
                    assert len(list(s.execute(select(Customer)).scalars())) == len(PEOPLE)
    finally:
        keyring.set_keyring(previous)
