"""Device enrolment and token checks. Tokens and codes are high-entropy random strings, so a
plain SHA-256 is enough to store them; the clear value is shown once and never kept."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.models import Device, utcnow

# No look-alikes (0/O, 1/I/l) in a code a person may copy by hand.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def create_enrolment(session: Session, outlet_code: str) -> tuple[str, str]:
    """A new device row waiting for its one-time code; returns (device_id, code)."""
    # Letters and digits only, read aloud or typed at the desk: a code starting with "-" would be
    # taken for an option by `chudan sync provision --code`. 16 characters of 57: about 93 bits.
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    device = Device(
        id=str(uuid.uuid4()), outlet_code=outlet_code, enrolment_code_sha256=sha256_hex(code)
    )
    session.add(device)
    return device.id, code


def redeem_code(session: Session, code: str) -> tuple[Device, str] | None:
    """Trade a one-time code for a device token (the code stops working)."""
    device = session.scalars(
        select(Device).where(Device.enrolment_code_sha256 == sha256_hex(code))
    ).first()
    if device is None or device.revoked_at is not None:
        return None
    token = secrets.token_urlsafe(32)
    device.enrolment_code_sha256 = None
    device.token_sha256 = sha256_hex(token)
    return device, token


def device_for_token(session: Session, token: str) -> Device | None:
    device = session.scalars(select(Device).where(Device.token_sha256 == sha256_hex(token))).first()
    if device is None or device.revoked_at is not None:
        return None
    return device


def revoke(session: Session, device_id: str) -> bool:
    device = session.get(Device, device_id)
    if device is None:
        return False
    device.revoked_at = utcnow()
    return True


def create_with_token(session: Session, outlet_code: str) -> tuple[str, str]:
    """A device enrolled at once (for a signed provisioning file): returns (device_id, token)."""
    token = secrets.token_urlsafe(32)
    device = Device(id=str(uuid.uuid4()), outlet_code=outlet_code, token_sha256=sha256_hex(token))
    session.add(device)
    return device.id, token


def register_signing_key(session: Session, device_id: str, public_key_b64: str) -> bool:
    """Keep the device's document-signing public key: the first one registered stays (a desk
    whose identity changes is provisioned as a new device). False when another key is already
    registered for this device."""
    device = session.get(Device, device_id)
    if device is None:
        return False
    if device.signing_key is None:
        device.signing_key = public_key_b64
        device.signing_key_registered_at = utcnow()
        return True
    return device.signing_key == public_key_b64
