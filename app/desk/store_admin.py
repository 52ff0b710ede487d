"""Backup, restore and check of the outlet store (admins; each one audited).

A backup goes where the administrator says, judged by app.core.output_files: never over the store
or its key, never into the data directory except its backups/ folder, an existing file only with
`force`. A restore checks the file first (a regular, non-empty file that opens with this store's
key, holds a Chudan store of a schema this version knows, and is whole), and only then keeps a
copy of the current store and puts the backup in its place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.access.audit import AuditLog, VerifyResult
from app.access.permissions import CurrentUser, Permission, require
from app.core.errors import ChudanError
from app.core.output_files import checked_destination, replacing
from local_db.backup import backup_to, copy_into, restore_file, verify_copy
from local_db.integrity import IntegrityReport, check_integrity
from local_db.keystore import store_files as files_of_store
from local_db.migrate import known_revisions
from local_db.store import Store, StoreError

BACKUPS_FOLDER = "backups"


@dataclass(frozen=True)
class CheckReport:
    integrity: IntegrityReport
    audit: VerifyResult

    @property
    def ok(self) -> bool:
        return self.integrity.ok and self.audit.ok

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "integrity_check": self.integrity.integrity,
            "foreign_key_violations": self.integrity.foreign_key_violations,
            "audit": self.audit.to_json(),
        }


def default_backup_path(home: Path) -> Path:
    return home / BACKUPS_FOLDER / f"chudan-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.db"


def store_files(store: Store) -> list[Path]:
    """The files that are the store: never a backup's destination."""
    return files_of_store(store.path)


def backup(
    store: Store,
    audit: AuditLog,
    actor: CurrentUser,
    dest: Path | None,
    home: Path,
    *,
    force: bool = False,
) -> Path:
    """A copy of the store at `dest` (default: a new file in <data>/backups)."""
    require(actor, Permission.MANAGE_STORE)
    if dest is None:
        dest = default_backup_path(home)
        dest.parent.mkdir(parents=True, exist_ok=True)
    target = checked_destination(
        dest,
        home=home,
        force=force,
        what="a backup",
        protected=store_files(store),
        allowed_in_home=[home / BACKUPS_FOLDER],
    )
    try:
        with replacing(target, "the backup") as tmp:
            copy_into(store, tmp)
    except StoreError as exc:
        raise ChudanError(str(exc), zh=f"备份失败：{exc}") from exc
    audit.log(actor.audit_name, "db.backup", "store", "", str(target))
    return target


def check(store: Store, audit: AuditLog) -> CheckReport:
    return CheckReport(check_integrity(store), audit.verify())


def restore(store: Store, actor: CurrentUser, source: Path, home: Path) -> Path:
    """Replace the store with `source` after keeping a copy of the current one. The store is
    closed afterwards; open a new context. Returns the safety copy's path."""
    require(actor, Permission.MANAGE_STORE)
    real = source.expanduser().resolve()
    if any(real == p.resolve() for p in store_files(store)):
        raise ChudanError(
            f"{source} is the store itself (or its key), not a backup; choose a backup file.",
            zh=f"{source} 是当前数据库本身（或其密钥），不是备份文件，请选择备份文件。",
        )
    try:
        verify_copy(real, store.key, known_revisions())
        safety = backup_to(
            store,
            home
            / BACKUPS_FOLDER
            / f"pre-restore-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.db",
        )
        store.close()
        restore_file(real, store.path, store.key)
    except StoreError as exc:
        raise ChudanError(str(exc), zh=f"恢复失败：{exc}") from exc
    return safety
