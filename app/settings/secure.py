"""Settings kept inside the encrypted store because they are secrets or outlet-wide (the SMTP
account, later the device token). Changing one is an admin action and audited (never its value)."""

from __future__ import annotations

from typing import Any

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from local_db.models import Setting
from local_db.store import Store


class SecureSettings:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._audit = audit

    def get(self, key: str, default: Any = None) -> Any:
        with self._store.read() as s:
            row = s.get(Setting, key)
            return default if row is None else row.value

    def set(self, actor: CurrentUser, key: str, value: Any) -> None:
        require(actor, Permission.MANAGE_SETTINGS)
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_SETTINGS)
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
            self._audit.record(
                s, actor.audit_name, "settings.change", "setting", key, "value changed"
            )
