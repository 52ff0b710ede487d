"""批单号: the number of an endorsement or cancellation, drawn offline like a policy number
(app/issuance/policy_numbers.py) but from a sequence of its own, marked by a kind letter where a
policy number has digits, so the two can never be confused or collide:

    DEMO01 07 20261125 E 00012 K
    outlet dev date      kind seq ISO 7064 MOD 37-36 check (python-stdnum)

Drawn inside the write transaction that binds the change, so a rolled-back change frees its
number and two never share one; head office can check a number against the device's range as it
does a policy's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from stdnum.iso7064 import mod_37_36

from app.core.errors import ChudanError
from app.core.policy_number import CHANGE_KIND_LETTER as KIND_LETTER
from app.core.policy_number import CHANGE_SEQ_DIGITS as SEQ_DIGITS
from app.core.policy_number import TRAINING_PREFIX, parse_change
from app.issuance.policy_numbers import is_training_store, prefix
from local_db.models import PolicyChange

_LAST_OF_PREFIX = select(func.max(PolicyChange.number)).where(
    PolicyChange.number >= bindparam("lo"), PolicyChange.number < bindparam("hi")
)


def format_change_number(outlet_code: str, device_number: int, day: date, seq: int) -> str:
    if not 1 <= seq < 10**SEQ_DIGITS:
        raise ChudanError(
            f"This device has made the maximum {10**SEQ_DIGITS - 1} endorsements today; use another device.",
            zh="本设备今日批单号已用尽，请在其他设备办理。",
        )
    body = prefix(outlet_code, device_number, day) + KIND_LETTER + f"{seq:0{SEQ_DIGITS}d}"
    return body + mod_37_36.calc_check_digit(body)


def is_change_number(number: str) -> bool:
    return parse_change(number) is not None


def draw_change_number(session: Session, outlet_code: str, device_number: int, day: date) -> str:
    """The next 批单号 of this device and day; a training sandbox's carry TRAINING_PREFIX as
    its policy numbers do, so no training 批单 can pass for a real one."""
    training = TRAINING_PREFIX if is_training_store(session) else ""
    p = training + prefix(outlet_code, device_number, day) + KIND_LETTER
    last = session.execute(_LAST_OF_PREFIX, {"lo": p, "hi": p + "~"}).scalar_one()
    seq = int(last[len(p) : len(p) + SEQ_DIGITS]) + 1 if last else 1
    return training + format_change_number(outlet_code, device_number, day, seq)
