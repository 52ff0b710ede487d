"""What a policy number is (docs/architecture.md, "Policy numbers"): outlet code + device number +
date + per-device daily sequence + an ISO 7064 MOD 37-36 check character.

    DEMO01 07 20261125 000123 R
    outlet dev date     seq    check (python-stdnum)

The desk draws numbers (`app.issuance.policy_numbers`); head office, which assigns each outlet's
device numbers, reads them back to refuse a number outside the uploading device's range. Both use
this module, so the format is written down once.

A 批单号 (endorsement or cancellation, app.changes.numbers) has the same parts with the kind letter
`E` before a five-digit sequence, so head office checks it against the device's range the same
way and it can never be taken for a policy number:

    DEMO01 07 20261125 E 00012 K"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.iso7064 import mod_37_36

from app.core.errors import InvalidInput

SEQ_DIGITS = 6
# Check characters that read as the digits 0 and 1 on paper: a new number never ends in one (the
# desk draws the next sequence instead); numbers already issued with one stay valid.
AMBIGUOUS_CHECKS = frozenset("OI")
# A training sandbox's numbers (docs/training.md) start with this; the hyphen is outside every
# policy number's alphabet, so `parse` (and head office's intake, which uses it) refuses them.
TRAINING_PREFIX = "TR-"
# What every page of the training window and every page of a training document says.
TRAINING_WATERMARK = "培训 · TRAINING · 无效"
MAX_DEVICE_NUMBER = 99  # two digits in the number
OUTLET_CODE_PATTERN = r"^[A-Z0-9]{2,12}$"
_OUTLET_RE = re.compile(OUTLET_CODE_PATTERN)
_NUMBER_RE = re.compile(
    r"^(?P<outlet>[A-Z0-9]{2,12})(?P<device>\d{2})(?P<day>\d{8})(?P<seq>\d{6})(?P<check>[A-Z0-9])$"
)

CHANGE_KIND_LETTER = "E"  # 批单 (endorsement schedule): endorsements and cancellations alike
CHANGE_SEQ_DIGITS = 5
_CHANGE_RE = re.compile(
    r"^(?P<outlet>[A-Z0-9]{2,12})(?P<device>\d{2})(?P<day>\d{8})"
    + CHANGE_KIND_LETTER
    + r"(?P<seq>\d{5})(?P<check>[A-Z0-9])$"
)


@dataclass(frozen=True)
class PolicyNumber:
    outlet: str
    device: int
    day: date
    seq: int

    @property
    def prefix(self) -> str:
        return prefix(self.outlet, self.device, self.day)


def is_outlet_code(code: str) -> bool:
    return bool(_OUTLET_RE.match(code))


def check_outlet_code(code: str) -> str:
    """The code, or InvalidInput saying what an outlet code looks like (no paths, no spaces)."""
    if not is_outlet_code(code):
        raise InvalidInput(
            f"{code[:40]!r} is not an outlet code: 2–12 upper-case letters or digits (e.g. BJ001).",
            zh="网点代码应为 2–12 位大写字母或数字（如 BJ001）。",
        )
    return code


def prefix(outlet_code: str, device_number: int, day: date) -> str:
    if not is_outlet_code(outlet_code):
        raise ValueError(f"outlet code {outlet_code!r} must be 2–12 upper-case letters or digits")
    if not 1 <= device_number <= MAX_DEVICE_NUMBER:
        raise ValueError(f"device number {device_number} must be 1–{MAX_DEVICE_NUMBER}")
    return f"{outlet_code}{device_number:02d}{day:%Y%m%d}"


def with_check(body: str) -> str:
    return body + mod_37_36.calc_check_digit(body)


def is_training_number(number: str) -> bool:
    return number.startswith(TRAINING_PREFIX)


def parse(number: str) -> PolicyNumber | None:
    """The parts of a well-formed number (right check character, a real date), else None; a
    training number is never one."""
    return _parse(_NUMBER_RE, number)


def parse_change(number: str) -> PolicyNumber | None:
    """The parts of a well-formed 批单号, else None."""
    return _parse(_CHANGE_RE, number)


def _parse(pattern: re.Pattern[str], number: str) -> PolicyNumber | None:
    m = pattern.match(number)
    if m is None or not mod_37_36.is_valid(number):
        return None
    try:
        day = date(int(m["day"][:4]), int(m["day"][4:6]), int(m["day"][6:]))
    except ValueError:
        return None
    device = int(m["device"])
    if device < 1:
        return None
    return PolicyNumber(m["outlet"], device, day, int(m["seq"]))
