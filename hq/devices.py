"""Device enrolment and token checks. Tokens and codes are high-entropy random strings, so a
plain SHA-256 is enough to store them; the clear value is shown once and never kept."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import ChudanError, NotFound
from app.core.policy_number import MAX_DEVICE_NUMBER, check_outlet_code
from hq.models import Device, Policy, utcnow
from sync.protocol import DeviceState

# No look-alikes (0/O, 1/I/l) in a code a person may copy by hand.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_enrolment_code() -> str:
    # Letters and digits only, read aloud or typed at the desk: a code starting with "-" would be
    # taken for an option by `chudan sync provision --code`. 16 characters of 57: about 93 bits.
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))


def _new_device(session: Session, outlet_code: str, replaces: str | None) -> Device:
    """A device row with the outlet's next device number (never one used before, even by a
    revoked device: its policy numbers stay its own). The unique constraint settles two
    provisionings racing for the same number: the second fails and is run again."""
    check_outlet_code(outlet_code)
    if replaces is not None:
        old = session.get(Device, replaces)
        if old is None or old.outlet_code != outlet_code:
            raise NotFound(
                f"No device {replaces} of outlet {outlet_code} to replace; see `chudan-hq stats`.",
                zh=f"网点 {outlet_code} 没有设备 {replaces}，无法替换。",
            )
    last = session.scalar(
        select(func.max(Device.device_number)).where(Device.outlet_code == outlet_code)
    )
    number = (last or 0) + 1
    if number > MAX_DEVICE_NUMBER:
        raise ChudanError(
            f"Outlet {outlet_code} has had {MAX_DEVICE_NUMBER} devices, as many as policy numbers "
            "can tell apart; open a new outlet code for further desks.",
            zh=f"网点 {outlet_code} 的设备编号已用尽（{MAX_DEVICE_NUMBER} 台），请为新设备开设新的网点代码。",
        )
    device = Device(
        id=str(uuid.uuid4()), outlet_code=outlet_code, device_number=number, replaces=replaces
    )
    session.add(device)
    return device


def create_enrolment(
    session: Session, outlet_code: str, *, replaces: str | None = None
) -> tuple[str, str]:
    """A new device row waiting for its one-time code; returns (device_id, code)."""
    code = new_enrolment_code()
    device = _new_device(session, outlet_code, replaces)
    device.enrolment_code_sha256 = sha256_hex(code)
    session.flush()
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


def create_with_token(
    session: Session, outlet_code: str, *, replaces: str | None = None
) -> tuple[str, str]:
    """A device enrolled at once (for a signed provisioning file): returns (device_id, token)."""
    token = secrets.token_urlsafe(32)
    device = _new_device(session, outlet_code, replaces)
    device.token_sha256 = sha256_hex(token)
    session.flush()
    return device.id, token


def number_ranges(session: Session, device: Device) -> set[tuple[str, int]]:
    """(outlet code, device number) of every number this device may upload: its own, and those of
    the devices it replaced (a rebuilt desk still sends what the old one bound)."""
    ranges = {(device.outlet_code, device.device_number)}
    seen = {device.id}
    current = device.replaces
    while current is not None and current not in seen:
        seen.add(current)
        old = session.get(Device, current)
        if old is None:
            break
        ranges.add((old.outlet_code, old.device_number))
        current = old.replaces
    return ranges


def state_of(session: Session, device: Device) -> DeviceState:
    """The device's number and the last policy number head office holds from its range (numbers
    of one device sort by date, then sequence)."""
    prefix = f"{device.outlet_code}{device.device_number:02d}"
    last = session.scalar(
        select(func.max(Policy.policy_number)).where(
            Policy.policy_number >= prefix, Policy.policy_number < prefix + "~"
        )
    )
    return DeviceState(
        device_id=device.id,
        outlet_code=device.outlet_code,
        device_number=device.device_number,
        last_policy_number=last,
    )


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
