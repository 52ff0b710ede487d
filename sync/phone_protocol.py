"""The customer's phone, end to end: the wire between the desk, head office's relay and
the mobile page, and the sealing both ends do.

The desk opens a one-time application at head office with a one-time P-256 public key; the QR
code it shows carries the page's address with the application id, the one-time token and that
key in the URL's *fragment* (after `#`), which a browser never sends to any server. The page
makes its own one-time P-256 key, derives the shared AES-256-GCM key (ECDH, then HKDF-SHA256
salted with the application id) and seals the application; head office stores and relays only
the sealed envelope, checks the token (once, before it expires) and the envelope's size, and
cannot read it. The desk opens it with its private key, which never leaves the desk.

The page (`resources/mobile/index.html`) does the same steps with Web Crypto: the constants
below are spelled there too, and `tests/integration/phone` seals in a real browser and opens here.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.errors import ChudanError
from app.core.request_fields import Signature
from sync.protocol import API_PREFIX

PHONE_VERSION = 1
# What the page and the desk bind every envelope to: the version and the application id, so an
# envelope moved to another application (or replayed from an older protocol) does not open.
_INFO_TO_DESK = b"chudan-phone-v1 phone->desk"
_INFO_TO_PHONE = b"chudan-phone-v1 desk->phone"


class PhonePaths:
    # The desk (device token): open an application, read the inbox, acknowledge, refuse.
    APPLICATIONS = f"{API_PREFIX}/phone/applications"
    INBOX = f"{API_PREFIX}/phone/inbox"
    APPLICATION = f"{API_PREFIX}/phone/applications/{{application_id}}"
    REFUSAL = f"{API_PREFIX}/phone/applications/{{application_id}}/refusal"
    # The phone (the one-time token in the body, never in a URL a log would keep).
    SUBMIT = f"{API_PREFIX}/phone/submit"
    STATUS = f"{API_PREFIX}/phone/status"
    # The remote signature: the desk sends the schedule (POST) and reads the signature (GET);
    # the phone signs (the same one-time token, once per schedule).
    SCHEDULE = f"{API_PREFIX}/phone/applications/{{application_id}}/schedule"
    SIGN = f"{API_PREFIX}/phone/sign"
    # The outlet's printed poster: the desk registers it and deposits one-time keys signed with
    # its poster key (device token); a phone that scanned it asks for a fresh application.
    POSTERS = f"{API_PREFIX}/phone/posters"
    POSTER_KEYS = f"{API_PREFIX}/phone/posters/{{poster_id}}/keys"
    POSTER = f"{API_PREFIX}/phone/poster"
    # The mobile page itself, one self-contained file.
    PAGE = "/m/"


# --- limits (head office checks the envelope, the desk every field once opened) ---------------
TOKEN_MINUTES_DEFAULT = 10
TOKEN_MINUTES_MAX = 24 * 60
# A photo the page has resized (longest side 1600 px, JPEG) is 150-400 KB; twice that is room.
MAX_PHOTO_BYTES = 800 * 1024
MAX_SIGNATURE_BYTES = 128 * 1024
# How long head office keeps an application at all: after this even an envelope no desk took is
# deleted with its row (the customer's data is kept no longer than the relay needs it). The desk
# forgets an open application's private key after as long: nothing could arrive to open with it.
RETENTION = timedelta(days=2)
PHOTO_KINDS = ("id_front", "id_back", "vehicle_licence")
# The sealed envelope: every photo and the signature base64-encoded in the JSON, sealed, and
# base64-encoded again; anything larger was not made by the page.
MAX_PLAINTEXT_BYTES = (len(PHOTO_KINDS) * MAX_PHOTO_BYTES + MAX_SIGNATURE_BYTES) * 4 // 3 + 16_384
MAX_ENVELOPE_CHARS = (MAX_PLAINTEXT_BYTES + 16) * 4 // 3 + 4
MAX_SUBMIT_BYTES = MAX_ENVELOPE_CHARS + 1024
# Refusals the desk can send back: a code, shown on the phone in its language by the page.
REFUSAL_CODES = (
    "photo_unreadable",  # a photo cannot be read: take it again
    "documents_mismatch",  # the ID card and the 行驶证 do not belong together
    "document_expired",
    "not_insurable",  # the outlet cannot insure this vehicle
    "damaged",  # the application did not open at the desk (tampered or broken on the way)
    "other",  # the clerk will call the customer
)
PhoneStatusName = Literal["waiting", "submitted", "received", "refused", "expired"]


class PhoneProtocolError(ChudanError):
    """An envelope or application that must be refused (never carries its content)."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise PhoneProtocolError("not base64url", zh="编码无效") from exc


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


B64Url = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]*$")]


class Envelope(_Model):
    """What head office stores and relays: opaque to it."""

    v: Literal[1] = 1
    epk: Annotated[B64Url, Field(min_length=87, max_length=87)]  # 65-byte uncompressed P-256
    iv: Annotated[B64Url, Field(min_length=16, max_length=16)]  # 12 bytes
    ct: Annotated[B64Url, Field(min_length=22, max_length=MAX_ENVELOPE_CHARS)]


class OpenRequest(_Model):
    desk_key: Annotated[B64Url, Field(min_length=87, max_length=87)]


class OpenAnswer(_Model):
    application_id: str
    token: str
    expires_at: datetime


class SubmitRequest(_Model):
    token: Annotated[str, Field(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    application_id: Annotated[str, Field(max_length=36)]
    envelope: Envelope


class StatusRequest(_Model):
    token: Annotated[str, Field(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class StatusAnswer(_Model):
    status: PhoneStatusName
    refusal: str = ""
    # The schedule the desk sent to sign, sealed to the phone's one-time key; `signed` once the
    # phone's signature over it is at head office.
    schedule: Envelope | None = None
    signed: bool = False


class SignRequest(_Model):
    token: Annotated[str, Field(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    envelope: Envelope


class SignatureAnswer(_Model):
    signature: Envelope | None = None


class RefusalRequest(_Model):
    code: Literal[REFUSAL_CODES]  # type: ignore[valid-type]


class ScheduleLine(_Model):
    zh: Annotated[str, Field(max_length=200)]
    en: Annotated[str, Field(max_length=200)]
    value_zh: Annotated[str, Field(max_length=400)]
    value_en: Annotated[str, Field(max_length=400)]


class RemoteSchedule(_Model):
    """What the desk sends the phone to sign: the rows a person reads (both languages), and the
    hash of the schedule they stand for (app.issuance.schedule.canonical_hash)."""

    schedule_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    lines: Annotated[list[ScheduleLine], Field(max_length=80)]
    total: Annotated[str, Field(max_length=32)]


class RemoteSignature(_Model):
    """The phone's answer: the customer's strokes (in a 0..1 box, as the desk's pad keeps them)
    over the schedule with this hash."""

    schedule_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    strokes: Signature


class InboxItem(_Model):
    application_id: str
    submitted_at: datetime
    envelope: Envelope
    # The desk's one-time key it was sealed to: how the desk finds the private half of a key it
    # deposited for its poster (the application id was made when a phone scanned it).
    desk_key: str = ""


class Inbox(_Model):
    items: list[InboxItem]


P256Key = Annotated[B64Url, Field(min_length=87, max_length=87)]
# An ECDSA P-256 signature as Web Crypto makes and checks it: r and s, 32 bytes each (86 chars).
RawSignature = Annotated[B64Url, Field(min_length=86, max_length=86)]
PosterCode = Annotated[str, Field(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
# At most this many unused keys wait at head office per poster (each serves one phone), and
# for at most this long: head office hands out no older key, the desk forgets it after that
# (and RETENTION, for an application made with it on its last day).
POSTER_KEYS_MAX = 100
POSTER_KEY_LIFE = timedelta(days=30)


class PosterRequest(_Model):
    sign_key: P256Key  # the desk's poster signing key (ECDSA P-256, public)


class PosterAnswer(_Model):
    poster_id: str
    code: str


class PosterKey(_Model):
    desk_key: P256Key
    signature: RawSignature  # by the poster's key over poster_key_message(desk_key)


class PosterKeysRequest(_Model):
    keys: Annotated[list[PosterKey], Field(max_length=POSTER_KEYS_MAX)]


class PosterKeysAnswer(_Model):
    unused: int  # keys waiting for phones, after this deposit


class PosterOpenRequest(_Model):
    code: PosterCode


class PosterOpenAnswer(_Model):
    """A fresh one-time application for a phone that scanned the poster: what a desk's own QR
    code would carry, and the desk's signature over its key (the page checks it with the poster
    key from the QR code, so head office cannot slip in a key of its own)."""

    application_id: str
    token: str
    expires_at: datetime
    desk_key: P256Key
    signature: RawSignature


def poster_key_message(desk_key: str) -> bytes:
    """What the poster key signs for each one-time key (the page checks the same bytes)."""
    return f"chudan-phone-v{PHONE_VERSION}|poster|{desk_key}".encode()


def poster_url(base_url: str, code: str, sign_key_b64: str) -> str:
    """The poster's QR code: the code (head office hands out applications for it) and the
    poster's public signing key, both after `#`."""
    return f"{base_url.rstrip('/')}{PhonePaths.PAGE}#p={code}&s={sign_key_b64}"


class PendingAnswer(_Model):
    """One application of this desk, as the inbox would list it, or None until a phone sent it
    (the wizard waiting for the phone of a signature link asks for its own only)."""

    item: InboxItem | None = None


class SignHello(_Model):
    """What the page sends on a signature link (no form to fill): only its one-time key, in the
    envelope's `epk`, for the schedule to be sealed to, and the language it reads."""

    v: Literal[1] = 1
    purpose: Literal["sign"] = "sign"
    language: Literal["zh", "en"] = "zh"


# --- the application as the customer sent it (only the desk ever sees this) -----------------


class Consent(_Model):
    version: Annotated[str, Field(min_length=1, max_length=32)]
    personal: bool  # processing personal information (PIPL art. 13)
    sensitive: bool  # the separate consent for sensitive personal information (PIPL art. 29)


class PhoneApplication(_Model):
    language: Literal["zh", "en"] = "zh"
    consent: Consent
    mobile: Annotated[str, Field(max_length=32)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    photos: dict[Literal["id_front", "id_back", "vehicle_licence"], str] = {}
    signature: str = ""  # a PNG, base64, or empty

    @field_validator("consent")
    @classmethod
    def _consented(cls, value: Consent) -> Consent:
        # The page cannot submit without both; an application without them is not the page's.
        if not (value.personal and value.sensitive):
            raise ValueError("both consents are required")
        return value

    @field_validator("photos")
    @classmethod
    def _photos(cls, value: dict[str, str]) -> dict[str, str]:
        for kind, data in value.items():
            _check_image(data, b"\xff\xd8\xff", MAX_PHOTO_BYTES, f"photo {kind}")
        return value

    @field_validator("signature")
    @classmethod
    def _signature(cls, value: str) -> str:
        if value:
            _check_image(value, b"\x89PNG\r\n\x1a\n", MAX_SIGNATURE_BYTES, "signature")
        return value

    def photo(self, kind: str) -> bytes:
        return base64.b64decode(self.photos[kind]) if kind in self.photos else b""

    def signature_png(self) -> bytes:
        return base64.b64decode(self.signature) if self.signature else b""


def _check_image(data: str, magic: bytes, limit: int, what: str) -> None:
    if len(data) > (limit + 2) * 4 // 3 + 4:
        raise ValueError(f"{what} is larger than {limit:,} bytes")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"{what} is not base64") from exc
    if len(raw) > limit:
        raise ValueError(f"{what} is larger than {limit:,} bytes")
    if not raw.startswith(magic):
        raise ValueError(f"{what} is not of an accepted type")


# --- sealing ---------------------------------------------------------------------------------


def new_desk_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_b64url(key: ec.EllipticCurvePrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return b64url(key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def _public_from(text: str) -> ec.EllipticCurvePublicKey:
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(text))
    except ValueError as exc:
        raise PhoneProtocolError("not a P-256 public key", zh="公钥无效") from exc


def _aes_key(
    own: ec.EllipticCurvePrivateKey, other: ec.EllipticCurvePublicKey, app_id: str, info: bytes
) -> bytes:
    shared = own.exchange(ec.ECDH(), other)
    return HKDF(hashes.SHA256(), 32, salt=app_id.encode("utf-8"), info=info).derive(shared)


def _aad(application_id: str, purpose: str = "") -> bytes:
    # The application itself has no purpose suffix (the page seals it so); a schedule or a
    # signature names itself, so none can be passed off as another.
    suffix = f"|{purpose}" if purpose else ""
    return f"chudan-phone-v{PHONE_VERSION}|{application_id}{suffix}".encode()


def seal_for_desk(
    plaintext: bytes,
    desk_key_b64: str,
    application_id: str,
    phone_key: ec.EllipticCurvePrivateKey | None = None,
    purpose: str = "",
) -> Envelope:
    """What the page does (Web Crypto); here for tests and the benchmark. `phone_key`: the
    phone's one-time key (a new one unless the phone answers with the key it applied with)."""
    mine = phone_key or ec.generate_private_key(ec.SECP256R1())
    key = _aes_key(mine, _public_from(desk_key_b64), application_id, _INFO_TO_DESK)
    iv = os.urandom(12)
    ct = AESGCM(key).encrypt(iv, plaintext, _aad(application_id, purpose))
    return Envelope(epk=public_b64url(mine), iv=b64url(iv), ct=b64url(ct))


def open_envelope(
    envelope: Envelope, desk_key: ec.EllipticCurvePrivateKey, app_id: str, purpose: str = ""
) -> bytes:
    """The plaintext, or PhoneProtocolError for an envelope not sealed to this key and this
    application, or changed on the way (AES-GCM's tag)."""
    try:
        key = _aes_key(desk_key, _public_from(envelope.epk), app_id, _INFO_TO_DESK)
        aad = _aad(app_id, purpose)
        return AESGCM(key).decrypt(unb64url(envelope.iv), unb64url(envelope.ct), aad)
    except (InvalidTag, ValueError) as exc:
        raise PhoneProtocolError(
            "The application does not open with this desk's key: it was changed on the way or "
            "not sealed for this application.",
            zh="该申请无法用本机密钥打开：传输中被篡改，或并非为此申请加密。",
        ) from exc


def seal_for_phone(
    plaintext: bytes, desk_key: ec.EllipticCurvePrivateKey, phone_epk: str, app_id: str
) -> Envelope:
    """The desk's answer to the phone (the schedule to sign), sealed to the phone's one-time key
    from its envelope; `epk` then carries the desk's public key."""
    key = _aes_key(desk_key, _public_from(phone_epk), app_id, _INFO_TO_PHONE)
    iv = os.urandom(12)
    ct = AESGCM(key).encrypt(iv, plaintext, _aad(app_id, "schedule"))
    return Envelope(epk=public_b64url(desk_key), iv=b64url(iv), ct=b64url(ct))


def open_from_desk(envelope: Envelope, phone_key: ec.EllipticCurvePrivateKey, app_id: str) -> bytes:
    """What the page does with the schedule; here for tests."""
    try:
        key = _aes_key(phone_key, _public_from(envelope.epk), app_id, _INFO_TO_PHONE)
        aad = _aad(app_id, "schedule")
        return AESGCM(key).decrypt(unb64url(envelope.iv), unb64url(envelope.ct), aad)
    except (InvalidTag, ValueError) as exc:
        raise PhoneProtocolError("The schedule does not open.", zh="报价单无法解密。") from exc


def parse_application(plaintext: bytes) -> PhoneApplication:
    if len(plaintext) > MAX_PLAINTEXT_BYTES:
        raise PhoneProtocolError(
            "The application is larger than the page sends.", zh="申请内容超过手机页面的上限。"
        )
    try:
        data: Any = json.loads(plaintext)
        return PhoneApplication.model_validate(data)
    except (ValueError, ValidationError) as exc:
        # The fields broken, never their values (personal data).
        where = (
            "; ".join(".".join(map(str, e["loc"])) for e in exc.errors()[:3])
            if isinstance(exc, ValidationError)
            else "not JSON"
        )
        raise PhoneProtocolError(
            f"The application does not match the phone protocol ({where}).",
            zh=f"申请内容不符合手机端协议（{where}）。",
        ) from exc


# The page's modes, named in the fragment (`m=`): the application form (none), or a signature
# link for an issuance started at the desk (the page only says hello and waits for the schedule).
SIGN_MODE = "sign"
# The purpose the hello is sealed with (its associated data), so an application cannot be passed
# off as a hello nor a hello as an application.
HELLO_PURPOSE = "hello"


def page_url(
    base_url: str, application_id: str, token: str, desk_key_b64: str, mode: str = ""
) -> str:
    """The address the QR code carries; the part after `#` never reaches a server."""
    url = f"{base_url.rstrip('/')}{PhonePaths.PAGE}#a={application_id}&t={token}&k={desk_key_b64}"
    return f"{url}&m={mode}" if mode else url
