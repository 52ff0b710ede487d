"""Backups with SQLite's online backup API. A backup is encrypted with the store's key, so it
is as unreadable as the store; restoring checks the copy opens and is whole first."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import sqlcipher3

from local_db.keystore import StoreKey
from local_db.store import Store, StoreError


def _connect(path: Path, key: StoreKey) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path))
    conn.execute(key.pragma())
    return conn


def backup_to(store: Store, dest: Path) -> Path:
    """Copy the live store (a consistent snapshot, even while others read) to `dest`."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    raw = store.engine.raw_connection()
    try:
        target = _connect(tmp, store.key)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    except sqlcipher3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(
            f"Backing up to {dest} failed: {exc}. Check free space and permissions."
        ) from exc
    finally:
        raw.close()
    os.replace(tmp, dest)
    return dest


def verify_copy(path: Path, key: StoreKey) -> None:
    """Raise StoreError unless `path` opens with `key` and passes integrity_check."""
    if not path.exists():
        raise StoreError(f"There is no backup at {path}.")
    try:
        conn = _connect(path, key)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlcipher3.DatabaseError as exc:
        raise StoreError(
            f"{path} cannot be opened with this store's key ({key.location}): it is not a "
            "backup of this store, or it is damaged."
        ) from exc
    if result != "ok":
        raise StoreError(f"The backup {path} is damaged ({result}); choose another backup.")


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
