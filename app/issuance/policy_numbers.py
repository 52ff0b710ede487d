"""Policy numbers made offline, unique without asking anyone (docs/architecture.md):
outlet code + device number (both from provisioning) + date + sequence + check character.

    DEMO01 07 20261125 000123 R
    outlet dev date     seq    ISO 7064 MOD 37-36 check (python-stdnum)

Uniqueness: the outlet code and device number pair is unique (head office hands them out), the
date and per-device daily sequence are drawn inside the store's single-writer transaction that
also writes the policy, so a rolled-back issuance frees its number and two never share one."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from stdnum.iso7064 import mod_37_36

from app.core.errors import ChudanError
from local_db.models import Policy

SEQ_DIGITS = 6
_OUTLET_RE = re.compile(r"^[A-Z0-9]{2,12}$")
_NUMBER_RE = re.compile(
    r"^(?P<outlet>[A-Z0-9]{2,12})(?P<device>\d{2})(?P<day>\d{8})(?P<seq>\d{6})(?P<check>[A-Z0-9])$"
)


# A range on the unique index (LIKE would not use it): every number of one device and day.
_LAST_OF_PREFIX = select(func.max(Policy.policy_number)).where(
    Policy.policy_number >= bindparam("lo"), Policy.policy_number < bindparam("hi")
)


def prefix(outlet_code: str, device_number: int, day: date) -> str:
    if not _OUTLET_RE.match(outlet_code):
        raise ValueError(f"outlet code {outlet_code!r} must be 2–12 upper-case letters or digits")
    if not 1 <= device_number <= 99:
        raise ValueError(f"device number {device_number} must be 1–99")
    return f"{outlet_code}{device_number:02d}{day:%Y%m%d}"


def format_number(outlet_code: str, device_number: int, day: date, seq: int) -> str:
    if not 1 <= seq < 10**SEQ_DIGITS:
        raise ChudanError(
            f"This device has issued the maximum {10**SEQ_DIGITS - 1} policies today; issue on another device.",
            zh="本设备今日保单号已用尽，请在其他设备出单。",
        )
    body = prefix(outlet_code, device_number, day) + f"{seq:0{SEQ_DIGITS}d}"
    return body + mod_37_36.calc_check_digit(body)


def is_valid_number(number: str) -> bool:
    return bool(_NUMBER_RE.match(number)) and mod_37_36.is_valid(number)


def draw_number(session: Session, outlet_code: str, device_number: int, day: date) -> str:
    """The next number for this device and day. Call inside the write transaction that stores
    the policy with it."""
    p = prefix(outlet_code, device_number, day)
    last = session.execute(_LAST_OF_PREFIX, {"lo": p, "hi": p + "~"}).scalar_one()
    seq = int(last[len(p) : len(p) + SEQ_DIGITS]) + 1 if last else 1
    return format_number(outlet_code, device_number, day, seq)
