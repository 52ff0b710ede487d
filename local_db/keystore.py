"""Where the store's encryption key lives: the OS keyring when one is usable, else a key
file (64 hex characters, mode 0600) beside — never inside — the database file.

The key is 256 random bits used as a raw SQLCipher key (no passphrase derivation), so opening
stays fast; its secrecy rests on the keyring or the file's permissions."""

from __future__ import annotations

import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

KEYRING_SERVICE = "chudan-store"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class StoreKeyError(Exception):
    """The key is missing, unreadable or malformed; the message names where it was looked for."""


@dataclass(frozen=True)
class StoreKey:
    hex: str
    location: str  # human-readable: "OS keyring (chudan-store/<db>)" or the key file path

    def pragma(self) -> str:
        return f"PRAGMA key = \"x'{self.hex}'\""


def _keyring_backend():
    """The usable keyring backend, or None (headless Linux has none: NoKeyringError)."""
    try:
        import keyring
        from keyring.backends import fail
        from keyring.errors import KeyringError
    except ImportError:
        return None
    if os.environ.get("CHUDAN_KEYRING", "") == "off":
        return None
    try:
        backend = keyring.get_keyring()
    except KeyringError:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return backend


def key_file_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".key")


def store_files(db_path: Path) -> list[Path]:
    """The files that are the store (the database, its WAL and shared memory, its key file):
    never the destination of anything a person asks to write."""
    return [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), key_file_for(db_path)]


def _read_key_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii").strip().lower()
    except OSError as exc:
        raise StoreKeyError(f"cannot read the store key file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise StoreKeyError(
            f"the store key file {path} is not a key (expected 64 hex characters)"
        ) from exc
    if not _HEX64.match(text):
        raise StoreKeyError(f"the store key file {path} is damaged (expected 64 hex characters)")
    return text


def _write_key_file(path: Path, hex_key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    try:
        os.write(fd, (hex_key + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def load_key(db_path: Path) -> StoreKey | None:
    """The key for an existing store, or None when none is recorded anywhere."""
    backend = _keyring_backend()
    account = str(db_path.resolve())
    if backend is not None:
        from keyring.errors import KeyringError

        try:
            value = backend.get_password(KEYRING_SERVICE, account)
        except KeyringError:
            value = None
        if value:
            if not _HEX64.match(value):
                raise StoreKeyError(
                    f"the store key in the OS keyring ({KEYRING_SERVICE}) is damaged"
                )
            return StoreKey(value, f"OS keyring ({KEYRING_SERVICE}: {account})")
    path = key_file_for(db_path)
    if path.exists():
        return StoreKey(_read_key_file(path), str(path))
    return None


def create_key(db_path: Path) -> StoreKey:
    """Make and record a new key for a store that does not exist yet."""
    hex_key = secrets.token_hex(32)
    backend = _keyring_backend()
    if backend is not None:
        from keyring.errors import KeyringError

        account = str(db_path.resolve())
        try:
            backend.set_password(KEYRING_SERVICE, account, hex_key)
            return StoreKey(hex_key, f"OS keyring ({KEYRING_SERVICE}: {account})")
        except KeyringError:
            pass  # fall through to the key file: a keyring that refuses writes is not usable
    path = key_file_for(db_path)
    _write_key_file(path, hex_key)
    return StoreKey(hex_key, str(path))


def key_in_keyring(key: StoreKey) -> bool:
    """True when the key lives only in the OS keyring: no file holds it, so copying the data
    folder or a backup does not copy the key (`chudan db export-key` does)."""
    return key.location.startswith("OS keyring")


def save_key(db_path: Path, hex_key: str) -> StoreKey:
    """Record `hex_key` as the store's key where create_key would put it (an imported key)."""
    if not _HEX64.match(hex_key):
        raise StoreKeyError("not a store key (expected 64 hex characters)")
    backend = _keyring_backend()
    if backend is not None:
        from keyring.errors import KeyringError

        account = str(db_path.resolve())
        try:
            backend.set_password(KEYRING_SERVICE, account, hex_key)
            key_file_for(db_path).unlink(missing_ok=True)  # a stale file must not disagree
            return StoreKey(hex_key, f"OS keyring ({KEYRING_SERVICE}: {account})")
        except KeyringError:
            pass
    path = key_file_for(db_path)
    _write_key_file(path, hex_key)
    return StoreKey(hex_key, str(path))


def write_key_file(path: Path, hex_key: str) -> None:
    """A key file (0600) for a store copy kept aside, e.g. before an imported key replaces it."""
    _write_key_file(path, hex_key)


# --- the audit seal key ---------------------------------------------------------------------
# A second secret, kept like the store key (the OS keyring, else a 0600 file beside the store)
# but never inside the store: the audit log's seal is an HMAC with it, so rewriting the log
# takes this key as well as the store's. Made when the desk is provisioned (it is the desk's
# credential as a device of head office); a desk never provisioned has none and no seal.
SEAL_KEYRING_SERVICE = "chudan-audit-seal"


def seal_key_file_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".audit-key")


def load_seal_key(db_path: Path) -> bytes | None:
    backend = _keyring_backend()
    if backend is not None:
        from keyring.errors import KeyringError

        try:
            value = backend.get_password(SEAL_KEYRING_SERVICE, str(db_path.resolve()))
        except KeyringError:
            value = None
        if value and _HEX64.match(value):
            return bytes.fromhex(value)
    path = seal_key_file_for(db_path)
    if path.exists():
        try:
            return bytes.fromhex(_read_key_file(path))
        except StoreKeyError:
            return None  # damaged: the seal then fails to verify, which says so
    return None


def create_seal_key(db_path: Path) -> bytes:
    """The desk's seal key, made (and recorded) if it has none yet."""
    existing = load_seal_key(db_path)
    if existing is not None:
        return existing
    return save_seal_key(db_path, secrets.token_hex(32))


def save_seal_key(db_path: Path, hex_key: str) -> bytes:
    """Record `hex_key` as the store's seal key (an imported one), keyring first, like the
    store key; a stale key file must not disagree with it."""
    if not _HEX64.match(hex_key):
        raise StoreKeyError("not a seal key (expected 64 hex characters)")
    backend = _keyring_backend()
    if backend is not None:
        from keyring.errors import KeyringError

        try:
            backend.set_password(SEAL_KEYRING_SERVICE, str(db_path.resolve()), hex_key)
            seal_key_file_for(db_path).unlink(missing_ok=True)
            return bytes.fromhex(hex_key)
        except KeyringError:
            pass
    _write_key_file(seal_key_file_for(db_path), hex_key)
    return bytes.fromhex(hex_key)
