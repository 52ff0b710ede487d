"""What sync remembers between runs, inside the encrypted store (`setting` rows): the device's
provisioning (head office's address, device id, outlet) and its token, and the last sync
status, so a restart shows the last success and the last error straight away."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from local_db.models import Setting
from local_db.store import Store

DEVICE_KEY = "sync.device"
TOKEN_KEY = "sync.device_token"
STATUS_KEY = "sync.status"


def ca_path(home: Path) -> Path:
    return home / "keys" / "hq_ca.pem"


def public_key_path(home: Path) -> Path:
    return home / "keys" / "hq_public.pem"


@dataclass(frozen=True)
class DeviceConfig:
    hq_url: str
    device_id: str
    outlet_code: str
    provisioned_at: str
    method: str  # "online" | "file"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeviceConfig:
        return cls(
            str(data["hq_url"]),
            str(data["device_id"]),
            str(data["outlet_code"]),
            str(data.get("provisioned_at", "")),
            str(data.get("method", "online")),
        )


def _get(store: Store, key: str) -> Any:
    with store.read() as s:
        row = s.get(Setting, key)
        return None if row is None else row.value


def load_device(store: Store) -> DeviceConfig | None:
    data = _get(store, DEVICE_KEY)
    return DeviceConfig.from_json(data) if isinstance(data, dict) else None


def device_token(store: Store) -> str:
    return str(_get(store, TOKEN_KEY) or "")


@dataclass
class SyncStatus:
    online: bool | None = None  # None: never tried
    last_attempt: str = ""
    last_success: str = ""
    last_error: str = ""
    last_error_zh: str = ""
    revoked: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def load_status(store: Store) -> SyncStatus:
    data = _get(store, STATUS_KEY)
    if not isinstance(data, dict):
        return SyncStatus()
    known = {k: v for k, v in data.items() if k in SyncStatus.__dataclass_fields__}
    return SyncStatus(**known)


def save_status(store: Store, status: SyncStatus) -> None:
    # Not through SecureSettings: this is the worker's own bookkeeping, written on every run, not
    # a setting a person changes (which is audited).
    with store.write() as s:
        row = s.get(Setting, STATUS_KEY)
        if row is None:
            s.add(Setting(key=STATUS_KEY, value=status.to_json()))
        else:
            row.value = status.to_json()


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


__all__ = [
    "DeviceConfig",
    "SyncStatus",
    "ca_path",
    "device_token",
    "load_device",
    "load_status",
    "public_key_path",
    "save_status",
]
