"""Head office's phone relay, answered by the desk itself on the LAN (docs/phone.md): the
same paths and answers (`sync.phone_protocol`), kept in memory for the desk's own one-time
applications. The desk's `PhoneInbox` speaks to it exactly as to head office (over HTTPS to
its own address, with a per-run secret as its token), so a phone's envelope lands straight in
the desk's inbox, sealed, and is opened only there.

Given the store (`yard.state.LanMemory`), every application is written through to it, so a desk
restart loses none: a phone's envelope not yet fetched is fetched after it (the desk's one-time
keys are in the store too), a refusal is still told to the phone, a schedule still signed. Each
row is forgotten two days after it was opened (`KEEP`), as at head office."""

from __future__ import annotations

import hashlib
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sync.phone_protocol import (
    TOKEN_MINUTES_DEFAULT,
    Envelope,
    InboxItem,
    OpenAnswer,
    StatusAnswer,
)
from yard.state import RELAY, LanMemory

# How long after applying the customer may still sign a schedule on the phone (as head office).
SIGNING_WINDOW = timedelta(hours=2)
INBOX_PAGE = 20
KEEP = timedelta(days=2)  # nothing older is kept, as at head office (its RETENTION)


@dataclass(frozen=True)
class Refused(Exception):
    status: int
    error: str
    message: str
    message_zh: str


UNKNOWN = Refused(
    404,
    "phone_unknown",
    "This link is not valid. Ask the outlet for a new QR code.",
    "该链接无效，请向网点索取新的二维码。",
)
USED = Refused(
    409,
    "phone_used",
    "This QR code has already been used. Ask the outlet for a new one.",
    "该二维码已使用过，请向网点索取新的二维码。",
)
EXPIRED = Refused(
    410,
    "phone_expired",
    "This QR code has expired. Ask the outlet for a new one.",
    "该二维码已过期，请向网点索取新的二维码。",
)
NOTHING_TO_SIGN = Refused(
    409,
    "phone_nothing_to_sign",
    "There is nothing to sign on this phone now, or it is signed already.",
    "当前没有需要在手机上签署的内容，或已签署。",
)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class _Application:
    id: str
    token_sha256: str
    created_at: datetime
    expires_at: datetime
    submitted_at: datetime | None = None
    received_at: datetime | None = None
    envelope: Envelope | None = None
    refusal: str = ""
    to_phone: Envelope | None = None
    signature: Envelope | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "token_sha256": self.token_sha256}
        out["refusal"] = self.refusal
        for name in ("created_at", "expires_at", "submitted_at", "received_at"):
            when = getattr(self, name)
            out[name] = when.isoformat() if when is not None else None
        for name in ("envelope", "to_phone", "signature"):
            envelope = getattr(self, name)
            out[name] = envelope.model_dump() if envelope is not None else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Application:
        def when(name: str) -> datetime | None:
            return datetime.fromisoformat(data[name]) if data.get(name) else None

        def envelope(name: str) -> Envelope | None:
            return Envelope.model_validate(data[name]) if data.get(name) else None

        created, expires = when("created_at"), when("expires_at")
        assert created is not None and expires is not None
        return cls(
            id=data["id"],
            token_sha256=data["token_sha256"],
            created_at=created,
            expires_at=expires,
            submitted_at=when("submitted_at"),
            received_at=when("received_at"),
            envelope=envelope("envelope"),
            refusal=data.get("refusal") or "",
            to_phone=envelope("to_phone"),
            signature=envelope("signature"),
        )


class LocalRelay:
    """One desk's applications (the desk is the only device: no device ids), written through to
    `memory` when given (the desk's store) and read back from it when made."""

    def __init__(
        self, token_minutes: int = TOKEN_MINUTES_DEFAULT, memory: LanMemory | None = None
    ) -> None:
        self.token_minutes = token_minutes
        self.memory = memory
        self._rows: dict[str, _Application] = {}
        if memory is not None:
            for key, value in memory.all(RELAY).items():
                self._rows[key] = _Application.from_json(value)
        self._lock = threading.Lock()

    def _save(self, row: _Application) -> None:
        """Called with the lock held: the store's copy follows each change in order."""
        if self.memory is not None:
            self.memory.put(RELAY, row.id, row.to_json(), row.created_at + KEEP)

    def _by_token(self, token: str) -> _Application:
        digest = _digest(token)
        for row in self._rows.values():
            if secrets.compare_digest(row.token_sha256, digest):
                return row
        raise UNKNOWN

    def _own(self, application_id: str) -> _Application:
        row = self._rows.get(application_id)
        if row is None:
            raise UNKNOWN
        return row

    def open_application(self, now: datetime) -> OpenAnswer:
        token = secrets.token_urlsafe(24)
        with self._lock:
            # Nothing older than two days is kept, as at head office.
            for key in [k for k, r in self._rows.items() if r.created_at < now - KEEP]:
                del self._rows[key]
            row = _Application(
                str(uuid.uuid4()),
                _digest(token),
                now,
                now + timedelta(minutes=self.token_minutes),
            )
            self._rows[row.id] = row
            self._save(row)
        return OpenAnswer(application_id=row.id, token=token, expires_at=row.expires_at)

    def submit(self, token: str, application_id: str, envelope: Envelope, now: datetime) -> None:
        with self._lock:  # one at a time: two phones racing with one token cannot both succeed
            row = self._by_token(token)
            if row.id != application_id:
                raise UNKNOWN
            if row.submitted_at is not None:
                raise USED
            if row.expires_at <= now:
                raise EXPIRED
            row.submitted_at, row.envelope = now, envelope
            self._save(row)

    def status(self, token: str, now: datetime) -> StatusAnswer:
        with self._lock:
            row = self._by_token(token)
            if row.refusal:
                return StatusAnswer(status="refused", refusal=row.refusal)
            if row.received_at is not None:
                return StatusAnswer(
                    status="received", schedule=row.to_phone, signed=row.signature is not None
                )
            if row.submitted_at is not None:
                return StatusAnswer(status="submitted")
            if row.expires_at <= now:
                return StatusAnswer(status="expired")
            return StatusAnswer(status="waiting")

    def inbox(self) -> list[InboxItem]:
        with self._lock:
            rows = sorted(
                (r for r in self._rows.values() if r.envelope is not None),
                key=lambda r: r.submitted_at or r.created_at,
            )[:INBOX_PAGE]
            return [
                InboxItem(
                    application_id=r.id,
                    submitted_at=r.submitted_at or r.created_at,
                    envelope=r.envelope,
                )
                for r in rows
                if r.envelope is not None
            ]

    def received(self, application_id: str, now: datetime) -> None:
        with self._lock:
            row = self._own(application_id)
            row.envelope = None
            row.received_at = row.received_at or now
            self._save(row)

    def refuse(self, application_id: str, code: str, now: datetime) -> None:
        with self._lock:
            row = self._own(application_id)
            row.envelope = None
            row.refusal = code
            row.received_at = row.received_at or now
            row.submitted_at = row.submitted_at or now
            self._save(row)

    def send_schedule(self, application_id: str, envelope: Envelope) -> None:
        with self._lock:
            row = self._own(application_id)
            if row.refusal or row.received_at is None:
                raise NOTHING_TO_SIGN
            row.to_phone, row.signature = envelope, None
            self._save(row)

    def sign(self, token: str, envelope: Envelope, now: datetime) -> None:
        with self._lock:
            row = self._by_token(token)
            if (row.submitted_at or row.created_at) + SIGNING_WINDOW <= now:
                raise EXPIRED
            if row.to_phone is None or row.signature is not None or row.refusal:
                raise NOTHING_TO_SIGN
            row.signature = envelope
            self._save(row)

    def signature_of(self, application_id: str) -> Envelope | None:
        with self._lock:
            return self._own(application_id).signature


def utc_now() -> datetime:
    return datetime.now(UTC)
