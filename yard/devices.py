"""The outlet's paired phones and tablets for the yard page: a supervisor or administrator
shows a one-time pairing code as a QR at the desk, the device trades it for a device token it
keeps, and the desk can revoke any device at once. Only the token's SHA-256 is stored (in the
store's settings, encrypted with the store), never the token; codes live in memory for minutes.

A paired device is not a log-in: the staff member still logs in with their own account on it."""

from __future__ import annotations

import hashlib
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission
from app.access.standing import require_standing
from app.core.errors import ChudanError
from local_db.models import Setting
from local_db.store import Store

DEVICES_KEY = "yard.devices"
PAIRING_MINUTES = 5
# Who pairs and revokes devices: who manages the clerks (supervisors and administrators).
PAIRING_PERMISSION = Permission.MANAGE_CLERKS
MAX_DEVICE_NAME = 40


class DeviceRefused(ChudanError):
    """A device the desk does not accept: `error` says which refusal the page shows."""

    def __init__(self, error: str, message: str, zh: str) -> None:
        super().__init__(message, zh=zh)
        self.error = error


UNPAIRED = (
    "device_unpaired",
    "This device is not paired with the desk. Ask a supervisor to pair it at the desk.",
    "此设备未与出单台配对，请主管在出单台上配对。",
)
REVOKED = (
    "device_revoked",
    "This device's pairing was revoked at the desk. Ask a supervisor to pair it again.",
    "此设备的配对已在出单台上撤销，请主管重新配对。",
)
BAD_CODE = (
    "pairing_refused",
    "This pairing code is not valid (used, expired or mistyped). Show a new one at the desk.",
    "配对码无效（已使用、已过期或有误），请在出单台上重新生成。",
)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PairedDevice:
    device_id: str
    name: str
    paired_at: datetime
    paired_by: str
    revoked_at: datetime | None


class YardDevices:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock
        self._codes: dict[str, tuple[datetime, str]] = {}  # code's hash -> (expires, by whom)
        self._lock = threading.Lock()

    # --- at the desk ------------------------------------------------------------------------

    def new_pairing_code(self, actor: CurrentUser) -> str:
        """A one-time code (72 random bits) the desk shows as a QR for PAIRING_MINUTES."""
        with self._store.write() as s:
            require_standing(s, actor, PAIRING_PERMISSION)
            self._audit.record(s, actor.audit_name, "yard.pairing_code", "yard_device", "", "")
        code = secrets.token_urlsafe(9)
        now = self._clock()
        with self._lock:
            self._codes = {k: v for k, v in self._codes.items() if v[0] > now}
            self._codes[_sha(code)] = (now + timedelta(minutes=PAIRING_MINUTES), actor.audit_name)
        return code

    def devices(self) -> list[PairedDevice]:
        return [
            PairedDevice(
                device_id,
                row["name"],
                datetime.fromisoformat(row["paired_at"]),
                row["paired_by"],
                datetime.fromisoformat(row["revoked_at"]) if row.get("revoked_at") else None,
            )
            for device_id, row in self._rows().items()
        ]

    def revoke(self, actor: CurrentUser, device_id: str) -> None:
        with self._store.write() as s:
            require_standing(s, actor, PAIRING_PERMISSION)
            row = s.get(Setting, DEVICES_KEY)
            rows = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
            if device_id not in rows:
                raise ChudanError("No such paired device.", zh="没有这台已配对的设备。")
            rows[device_id] = {**rows[device_id], "revoked_at": self._clock().isoformat()}
            assert row is not None
            row.value = rows
            self._audit.record(s, actor.audit_name, "yard.device_revoked", "yard_device", device_id)

    # --- from the device ----------------------------------------------------------------------

    def pair(self, code: str, name: str) -> tuple[str, str]:
        """(device id, device token) for a valid code, which is then used up."""
        now = self._clock()
        with self._lock:
            found = self._codes.pop(_sha(code), None)
        if found is None or found[0] <= now:
            raise DeviceRefused(*BAD_CODE)
        token = secrets.token_urlsafe(32)
        device_id = uuid.uuid4().hex[:12]
        clean = "".join(ch for ch in name if ch.isprintable())[:MAX_DEVICE_NAME].strip()
        with self._store.write() as s:
            row = s.get(Setting, DEVICES_KEY)
            rows = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
            rows[device_id] = {
                "name": clean or device_id,
                "token_sha256": _sha(token),
                "paired_at": now.isoformat(),
                "paired_by": found[1],
                "revoked_at": None,
            }
            if row is None:
                s.add(Setting(key=DEVICES_KEY, value=rows))
            else:
                row.value = rows
            self._audit.record(s, found[1], "yard.device_paired", "yard_device", device_id)
        return device_id, token

    def check(self, token: str) -> str:
        """The device id for a device token, or DeviceRefused (unpaired or revoked)."""
        digest = _sha(token)
        for device_id, row in self._rows().items():
            if secrets.compare_digest(row.get("token_sha256", ""), digest):
                if row.get("revoked_at"):
                    raise DeviceRefused(*REVOKED)
                return str(device_id)
        raise DeviceRefused(*UNPAIRED)

    def _rows(self) -> dict[str, dict[str, str]]:
        with self._store.read() as s:
            row = s.get(Setting, DEVICES_KEY)
            return dict(row.value) if row is not None and isinstance(row.value, dict) else {}
