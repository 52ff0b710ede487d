"""Backups with SQLite's online backup API. A backup is encrypted with the store's key, so it
is as unreadable as the store; restoring checks first that the copy opens with the key, holds a
store of a schema this version knows, and is whole."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Collection
from pathlib import Path

import sqlcipher3

from local_db.keystore import StoreKey
from local_db.store import QUIET_CIPHER_LOG, Store, StoreError


def _connect(path: Path, key: StoreKey) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path))
    conn.execute(QUIET_CIPHER_LOG)
    conn.execute(key.pragma())
    return conn


def copy_into(store: Store, target: Path) -> None:
    """Copy the live store (a consistent snapshot, even while others read) into the empty file
    `target`. Raises StoreError (the caller removes `target`)."""
    raw = store.engine.raw_connection()
    try:
        conn = _connect(target, store.key)
        try:
            raw.driver_connection.backup(conn)  # type: ignore[union-attr]
        finally:
            conn.close()
    except sqlcipher3.DatabaseError as exc:
        raise StoreError(
            f"Backing up to {target.parent} failed: {exc}. Check free space and permissions."
        ) from exc
    finally:
        raw.close()


def backup_to(store: Store, dest: Path) -> Path:
    """A copy at `dest` (a new name in a folder of the desk's own, such as backups/): written
    beside it under a temporary name and renamed at the end; the temporary file never stays."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".partial")
    os.close(fd)
    tmp = Path(name)
    try:
        copy_into(store, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def verify_copy(path: Path, key: StoreKey, known_revisions: Collection[str] | None = None) -> str:
    """Raise StoreError unless `path` is a regular, non-empty file that opens with `key`, holds a
    Chudan store whose schema is one of `known_revisions` (when given) and passes
    integrity_check. Returns the copy's schema revision."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise StoreError(f"There is no backup at {path}.") from None
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path} is not a file (a folder, device or pipe); choose a backup file.")
    if st.st_size == 0:
        raise StoreError(f"{path} is empty (0 bytes): it is not a backup. Choose another file.")
    try:
        conn = _connect(path, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revisions = (
                [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in tables
                else []
            )
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlcipher3.DatabaseError as exc:
        raise StoreError(
            f"{path} cannot be opened with this store's key ({key.location}): it is not a "
            "backup of this store, or it is damaged."
        ) from exc
    if len(revisions) != 1 or "audit_event" not in tables:
        raise StoreError(
            f"{path} opens with this store's key but holds no Chudan store (no schema version); "
            "choose a backup made by `chudan db backup`."
        )
    if known_revisions is not None and revisions[0] not in known_revisions:
        raise StoreError(
            f"{path} was written by a newer Chudan (schema {revisions[0]}): install that version "
            "to restore it. Nothing was changed."
        )
    if result != "ok":
        raise StoreError(f"The backup {path} is damaged ({result}); choose another backup.")
    return str(revisions[0])


def restore_file(backup: Path, db_path: Path, key: StoreKey) -> None:
    """Put `backup` in place of the store file. The store must be closed."""
    verify_copy(backup, key)
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    for suffix in ("-wal", "-shm"):  # the old WAL belongs to the replaced file
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
