"""Head office's relay for the customer's phone (docs/phone.md). It never sees an
application in clear: it keeps the hash of the one-time token, the desk's one-time public key
and the sealed envelope until the desk takes it, then drops the envelope.

- A token works once: the submit is one conditional UPDATE (not used, not expired), so two
  phones racing with the same token cannot both succeed, on SQLite or PostgreSQL.
- A token expires after `phone.token_minutes` minutes (a settings row, read at every open;
  default sync.phone_protocol.TOKEN_MINUTES_DEFAULT).
- The phone's calls are rate-limited per client address (`sync.rate_limit.RateLimit`), so guessing tokens costs
  a stranger far more than it could ever find.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from hq.devices import sha256_hex
from hq.lookups import get_setting
from hq.models import Device, PhoneApplication, PhonePoster, PhonePosterKey
from sync.phone_protocol import (
    POSTER_KEY_LIFE,
    POSTER_KEYS_MAX,
    RETENTION,
    TOKEN_MINUTES_DEFAULT,
    TOKEN_MINUTES_MAX,
    Envelope,
    InboxItem,
    OpenAnswer,
    PosterAnswer,
    PosterKey,
    PosterOpenAnswer,
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
            desk_key=row.desk_key,
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
        desk_key=row.desk_key,
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


# --- the outlet's printed poster (docs/phone.md) -----------------------------------------------

NO_POSTER_KEYS = Refused(
    503,
    "phone_poster_empty",
    "The outlet has no codes ready just now. Ask at the desk for a QR code.",
    "网点暂无可用的二维码，请到柜台索取二维码。",
)


def register_poster(session: Session, device: Device, sign_key: str, now: datetime) -> PosterAnswer:
    """One poster per desk: a new one replaces the last (its code stops working, its unused keys
    go with it)."""
    old = session.scalars(select(PhonePoster.id).where(PhonePoster.device_id == device.id)).all()
    if old:
        session.execute(delete(PhonePosterKey).where(PhonePosterKey.poster_id.in_(old)))
        session.execute(delete(PhonePoster).where(PhonePoster.id.in_(old)))
    code = secrets.token_urlsafe(24)
    row = PhonePoster(
        id=str(uuid.uuid4()),
        device_id=device.id,
        code_sha256=sha256_hex(code),
        sign_key=sign_key,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return PosterAnswer(poster_id=row.id, code=code)


def _unused(session: Session, poster_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(PhonePosterKey)
            .where(PhonePosterKey.poster_id == poster_id, PhonePosterKey.application_id.is_(None))
        )
        or 0
    )


def deposit_keys(
    session: Session, device: Device, poster_id: str, keys: list[PosterKey], now: datetime
) -> int:
    """The desk's signed one-time keys for its poster (at most POSTER_KEYS_MAX unused at once);
    returns how many wait now. Head office cannot check the signatures' meaning: the page does,
    with the poster key from the QR code."""
    poster = session.get(PhonePoster, poster_id)
    if poster is None or poster.device_id != device.id:
        raise UNKNOWN
    unused = _unused(session, poster_id)
    room = max(POSTER_KEYS_MAX - unused, 0)
    for key in keys[:room]:
        session.add(
            PhonePosterKey(
                poster_id=poster_id,
                desk_key=key.desk_key,
                key_signature=key.signature,
                created_at=now,
            )
        )
    session.flush()
    return unused + min(len(keys), room)


def poster_application(session: Session, code: str, now: datetime) -> PosterOpenAnswer:
    """A phone scanned the poster: a fresh one-time application made with the next unused key
    the desk deposited (each key serves one phone)."""
    poster = session.scalar(select(PhonePoster).where(PhonePoster.code_sha256 == sha256_hex(code)))
    device = session.get(Device, poster.device_id) if poster is not None else None
    if poster is None or device is None or device.revoked_at is not None:
        raise UNKNOWN
    # Keys older than the desk keeps their private halves are of no use to anyone.
    session.execute(
        delete(PhonePosterKey).where(
            PhonePosterKey.poster_id == poster.id,
            PhonePosterKey.application_id.is_(None),
            PhonePosterKey.created_at < now - POSTER_KEY_LIFE,
        )
    )
    for _ in range(5):
        key = session.scalar(
            select(PhonePosterKey)
            .where(PhonePosterKey.poster_id == poster.id, PhonePosterKey.application_id.is_(None))
            .order_by(PhonePosterKey.id)
            .limit(1)
        )
        if key is None:
            raise NO_POSTER_KEYS
        answer = open_application(session, device, key.desk_key, now)
        # Conditional, so two phones never get one key (PostgreSQL without the SQLite lock).
        taken = session.execute(
            update(PhonePosterKey)
            .where(PhonePosterKey.id == key.id, PhonePosterKey.application_id.is_(None))
            .values(application_id=answer.application_id)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return PosterOpenAnswer(
                application_id=answer.application_id,
                token=answer.token,
                expires_at=answer.expires_at,
                desk_key=key.desk_key,
                signature=key.key_signature,
            )
        session.execute(
            delete(PhoneApplication).where(PhoneApplication.id == answer.application_id)
        )
    raise NO_POSTER_KEYS
