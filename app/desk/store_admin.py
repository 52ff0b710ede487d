"""Backup, restore and check of the outlet store (admins; each one audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.access.audit import AuditLog, VerifyResult
from app.access.permissions import CurrentUser, Permission, require
from app.core.errors import ChudanError
from local_db.backup import backup_to, restore_file, verify_copy
from local_db.integrity import IntegrityReport, check_integrity
from local_db.store import Store, StoreError


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
    return home / "backups" / f"chudan-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.db"


def backup(store: Store, audit: AuditLog, actor: CurrentUser, dest: Path) -> Path:
    require(actor, Permission.MANAGE_STORE)
    try:
        path = backup_to(store, dest)
    except StoreError as exc:
        raise ChudanError(str(exc), zh=f"备份失败：{exc}") from exc
    audit.log(actor.audit_name, "db.backup", "store", "", str(path))
    return path


def check(store: Store, audit: AuditLog) -> CheckReport:
    return CheckReport(check_integrity(store), audit.verify())


def restore(store: Store, actor: CurrentUser, source: Path, home: Path) -> Path:
    """Replace the store with `source` after keeping a copy of the current one. The store is
    closed afterwards; open a new context. Returns the safety copy's path."""
    require(actor, Permission.MANAGE_STORE)
    try:
        verify_copy(source, store.key)
        safety = backup_to(
            store,
            home / "backups" / f"pre-restore-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.db",
        )
        store.close()
        restore_file(source, store.path, store.key)
    except StoreError as exc:
        raise ChudanError(str(exc), zh=f"恢复失败：{exc}") from exc
    return safety
