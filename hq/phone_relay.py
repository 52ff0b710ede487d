"""Head office's relay for the customer's phone (docs/phone.md). It never sees an
application in clear: it keeps the hash of the one-time token, the desk's one-time public key
and the sealed envelope until the desk takes it, then drops the envelope.

- A token works once: the submit is one conditional UPDATE (not used, not expired), so two
  phones racing with the same token cannot both succeed, on SQLite or PostgreSQL.
- A token expires after `phone.token_minutes` minutes (a settings row, read at every open;
  default sync.phone_protocol.TOKEN_MINUTES_DEFAULT).
- The phone's calls are rate-limited per client address (`RateLimit`), so guessing tokens costs
  a stranger far more than it could ever find.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from hq.devices import sha256_hex
from hq.lookups import get_setting
from hq.models import Device, PhoneApplication
from sync.phone_protocol import (
    RETENTION,
    TOKEN_MINUTES_DEFAULT,
    TOKEN_MINUTES_MAX,
    Envelope,
    InboxItem,
    OpenAnswer,
    StatusAnswer,
)

TOKEN_MINUTES_KEY = "phone.token_minutes"
# How long an answered application's status stays readable by the phone after it expired.
STATUS_GRACE = timedelta(hours=1)


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


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def token_minutes(session: Session) -> int:
    value = get_setting(session, TOKEN_MINUTES_KEY)
    try:
        wanted = TOKEN_MINUTES_DEFAULT if value is None else int(value)
    except ValueError:
        wanted = TOKEN_MINUTES_DEFAULT  # a row written by hand: the default stands
    return min(max(wanted, 1), TOKEN_MINUTES_MAX)


def open_application(session: Session, device: Device, desk_key: str, now: datetime) -> OpenAnswer:
    session.execute(delete(PhoneApplication).where(PhoneApplication.created_at < now - RETENTION))
    token = secrets.token_urlsafe(24)
    row = PhoneApplication(
        id=str(uuid.uuid4()),
        device_id=device.id,
        token_sha256=sha256_hex(token),
        desk_key=desk_key,
        created_at=now,
        expires_at=now + timedelta(minutes=token_minutes(session)),
        refusal="",
    )
    session.add(row)
    session.flush()
    return OpenAnswer(application_id=row.id, token=token, expires_at=row.expires_at)


def submit(
    session: Session, token: str, application_id: str, envelope: Envelope, now: datetime
) -> None:
    """Store the sealed envelope once; Refused for an unknown, used or expired token."""
    digest = sha256_hex(token)
    done = session.execute(
        update(PhoneApplication)
        .where(
            PhoneApplication.token_sha256 == digest,
            PhoneApplication.id == application_id,
            PhoneApplication.submitted_at.is_(None),
            PhoneApplication.expires_at > now,
        )
        .values(submitted_at=now, envelope=envelope.model_dump_json())
    )
    if done.rowcount == 1:  # type: ignore[attr-defined]
        return
    row = session.scalar(select(PhoneApplication).where(PhoneApplication.token_sha256 == digest))
    if row is None or row.id != application_id:
        raise UNKNOWN
    if row.submitted_at is not None:
        raise USED
    raise EXPIRED


def status(session: Session, token: str, now: datetime) -> StatusAnswer:
    row = session.scalar(
        select(PhoneApplication).where(PhoneApplication.token_sha256 == sha256_hex(token))
    )
    if row is None:
        raise UNKNOWN
    if row.refusal:
        return StatusAnswer(status="refused", refusal=row.refusal)
    if row.received_at is not None:
        schedule = Envelope.model_validate_json(row.to_phone) if row.to_phone else None
        return StatusAnswer(status="received", schedule=schedule, signed=row.signature is not None)
    if row.submitted_at is not None:
        return StatusAnswer(status="submitted")
    if _aware(row.expires_at) <= now:
        return StatusAnswer(status="expired")
    return StatusAnswer(status="waiting")


# Sealed envelopes per inbox answer (each up to a few hundred KB): the desk asks again for more.
INBOX_PAGE = 20


def inbox(session: Session, device: Device) -> list[InboxItem]:
    """The oldest INBOX_PAGE applications submitted for this desk and not yet taken."""
    rows = session.scalars(
        select(PhoneApplication)
        .where(
            PhoneApplication.device_id == device.id,
            PhoneApplication.envelope.is_not(None),
        )
        .order_by(PhoneApplication.submitted_at)
        .limit(INBOX_PAGE)
    ).all()
    return [
        InboxItem(
            application_id=row.id,
            submitted_at=_aware(row.submitted_at or row.created_at),
            envelope=Envelope.model_validate_json(row.envelope or "{}"),
        )
        for row in rows
    ]


def pending_of(session: Session, device: Device, application_id: str) -> InboxItem | None:
    """One application of this desk as `inbox` lists it, or None while nothing waits in it."""
    row = _own(session, device, application_id)
    if row.envelope is None:
        return None
    return InboxItem(
        application_id=row.id,
        submitted_at=_aware(row.submitted_at or row.created_at),
        envelope=Envelope.model_validate_json(row.envelope),
    )


def _own(session: Session, device: Device, application_id: str) -> PhoneApplication:
    row = session.get(PhoneApplication, application_id)
    if row is None or row.device_id != device.id:
        raise UNKNOWN
    return row


def received(session: Session, device: Device, application_id: str, now: datetime) -> None:
    """The desk has the application: the ciphertext is dropped."""
    row = _own(session, device, application_id)
    row.envelope = None
    row.received_at = row.received_at or now


def refuse(session: Session, device: Device, application_id: str, code: str, now: datetime) -> None:
    row = _own(session, device, application_id)
    row.envelope = None
    row.refusal = code
    row.received_at = row.received_at or now
    # A refused application cannot be submitted afterwards either.
    row.submitted_at = row.submitted_at or now


# How long after the application the customer may still sign a schedule on the phone.
SIGNING_WINDOW = timedelta(hours=2)
NOTHING_TO_SIGN = Refused(
    409,
    "phone_nothing_to_sign",
    "There is nothing to sign on this phone now, or it is signed already.",
    "当前没有需要在手机上签署的内容，或已签署。",
)


def send_schedule(
    session: Session, device: Device, application_id: str, envelope: Envelope
) -> None:
    """The desk's schedule for the phone to sign (sealed to the phone's key); a new one replaces
    the last and clears its signature."""
    row = _own(session, device, application_id)
    if row.refusal or row.received_at is None:
        raise NOTHING_TO_SIGN
    row.to_phone = envelope.model_dump_json()
    row.signature = None


def sign(session: Session, token: str, envelope: Envelope, now: datetime) -> None:
    """The phone's sealed signature over the schedule it was sent: once per schedule."""
    row = session.scalar(
        select(PhoneApplication).where(PhoneApplication.token_sha256 == sha256_hex(token))
    )
    if row is None:
        raise UNKNOWN
    if _aware(row.submitted_at or row.created_at) + SIGNING_WINDOW <= now:
        raise EXPIRED
    done = session.execute(
        update(PhoneApplication)
        .where(
            PhoneApplication.id == row.id,
            PhoneApplication.to_phone.is_not(None),
            PhoneApplication.signature.is_(None),
            PhoneApplication.refusal == "",
        )
        .values(signature=envelope.model_dump_json())
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise NOTHING_TO_SIGN


def signature_of(session: Session, device: Device, application_id: str) -> Envelope | None:
    row = _own(session, device, application_id)
    return Envelope.model_validate_json(row.signature) if row.signature else None


class RateLimit:
    """At most `per_minute` calls per client address in any sliding minute (in memory, per
    process: a multi-worker head office multiplies it by the workers, still far below what
    guessing a 192-bit token would need)."""

    def __init__(self, per_minute: int = 120) -> None:
        self.per_minute = per_minute
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            calls = self._calls.setdefault(client, deque())
            while calls and now - calls[0] > 60:
                calls.popleft()
            if len(calls) >= self.per_minute:
                return False
            calls.append(now)
            if len(self._calls) > 100_000:  # forget the quiet ones, never grow without bound
                for key in [k for k, v in self._calls.items() if not v]:
                    del self._calls[key]
            return True
