"""Where the desk keeps the one-time private keys of the phone applications it opened
(docs/phone.md): in the encrypted store (`StoredKeys`, table `phone_key`), so an application a
customer sends while the desk is closed, or after it restarted, still opens; in memory only
(`MemoryKeys`) for a desk without a store (tests, benchmarks).

A key is deleted as soon as it has done its work (the application taken or refused) and, at the
latest, once head office could no longer hold anything sealed to it (`RETENTION` after it was
made): every new key prunes the old ones."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_der_private_key,
)
from sqlalchemy import delete

from local_db.models import PhoneKey, Setting
from local_db.store import Store
from sync.phone_protocol import RETENTION

# Where the desk's poster (its id and the code its QR carries) is remembered; its signing key is
# a `phone_key` row of kind "poster".
POSTER_SETTING = "phone.poster"


class KeyRing(Protocol):
    def put(
        self,
        application_id: str,
        key: ec.EllipticCurvePrivateKey,
        kind: str = ...,
        keep: timedelta = ...,
    ) -> None: ...

    def save_poster(self, poster: dict[str, Any]) -> None: ...

    def poster(self) -> dict[str, Any] | None: ...

    def get(self, application_id: str) -> ec.EllipticCurvePrivateKey | None: ...

    def drop(self, application_id: str) -> None: ...

    def kind(self, application_id: str) -> str: ...


class MemoryKeys:
    """For as long as this object lives."""

    def __init__(self) -> None:
        self._keys: dict[str, ec.EllipticCurvePrivateKey] = {}
        self._kinds: dict[str, str] = {}
        self._poster: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def save_poster(self, poster: dict[str, Any]) -> None:
        self._poster = dict(poster)

    def poster(self) -> dict[str, Any] | None:
        return self._poster

    def put(
        self,
        application_id: str,
        key: ec.EllipticCurvePrivateKey,
        kind: str = "application",
        keep: timedelta = RETENTION,
    ) -> None:
        with self._lock:
            self._keys[application_id] = key
            self._kinds[application_id] = kind

    def kind(self, application_id: str) -> str:
        with self._lock:
            return self._kinds.get(application_id, "")

    def get(self, application_id: str) -> ec.EllipticCurvePrivateKey | None:
        with self._lock:
            return self._keys.get(application_id)

    def drop(self, application_id: str) -> None:
        with self._lock:
            self._keys.pop(application_id, None)
            self._kinds.pop(application_id, None)


class StoredKeys:
    """In the store's `phone_key` table: inside the SQLCipher file only, never in clear on disk
    (PKCS#8 without a password of its own: the file's encryption is the protection, as for the
    device token)."""

    def __init__(self, store: Store, now=lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.now = now

    def put(
        self,
        application_id: str,
        key: ec.EllipticCurvePrivateKey,
        kind: str = "application",
        keep: timedelta = RETENTION,
    ) -> None:
        now = self.now()
        der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        with self.store.write() as s:
            s.execute(delete(PhoneKey).where(PhoneKey.forget_after < now))
            s.add(
                PhoneKey(
                    application_id=application_id,
                    private_key=der,
                    kind=kind,
                    created_at=now,
                    forget_after=now + keep,
                )
            )

    def save_poster(self, poster: dict[str, Any]) -> None:
        # Not through SecureSettings: the desk's own bookkeeping, not a setting a person changes.
        with self.store.write() as s:
            row = s.get(Setting, POSTER_SETTING)
            if row is None:
                s.add(Setting(key=POSTER_SETTING, value=dict(poster)))
            else:
                row.value = dict(poster)

    def poster(self) -> dict[str, Any] | None:
        with self.store.read() as s:
            row = s.get(Setting, POSTER_SETTING)
            return dict(row.value) if row is not None and isinstance(row.value, dict) else None

    def get(self, application_id: str) -> ec.EllipticCurvePrivateKey | None:
        with self.store.read() as s:
            row = s.get(PhoneKey, application_id)
            if row is None or row.forget_after < self.now():
                return None
            der = bytes(row.private_key)
        key = load_der_private_key(der, password=None)
        return key if isinstance(key, ec.EllipticCurvePrivateKey) else None

    def kind(self, application_id: str) -> str:
        with self.store.read() as s:
            row = s.get(PhoneKey, application_id)
            return "" if row is None else row.kind

    def drop(self, application_id: str) -> None:
        with self.store.write() as s:
            s.execute(delete(PhoneKey).where(PhoneKey.application_id == application_id))

    def count(self) -> int:
        from sqlalchemy import func, select

        with self.store.read() as s:
            return int(s.scalar(select(func.count()).select_from(PhoneKey)) or 0)
