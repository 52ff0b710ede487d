"""VIN (GB 16735 / ISO 3779), docs/regulations.md §7.4: 17 characters without I, O, Q; the
position-9 check digit is mandatory for Chinese (L…) WMIs and for North American ones (WMI 1–5,
US 49 CFR 565), a warning for other imports; position 10 is the model year; the maker comes from
the WMI (vininfo)."""

from __future__ import annotations

import re
from datetime import date

from app.core.check_result import CheckResult, bad, normalise_code, ok

VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980 … 2009, then again from 2010
LOOKALIKES = {"O": "0", "Q": "0", "I": "1"}
# WMIs whose check digit is always valid: China (L) and North America (1–5).
CHECKED_REGIONS = frozenset("L12345")


def vin_check_digit(vin17: str) -> str:
    total = sum(VALUES[c] * w for c, w in zip(vin17, WEIGHTS, strict=True))
    r = total % 11
    return "X" if r == 10 else str(r)


def model_year(code: str, *, today: date | None = None) -> int | None:
    """The latest year for the position-10 character that is not after next year (30-year cycle)."""
    if code not in YEAR_CODES:
        return None
    latest = (today or date.today()).year + 1
    year = 1980 + YEAR_CODES.index(code)
    while year + 30 <= latest:
        year += 30
    return year


def manufacturer(vin: str) -> str | None:
    """The maker from the WMI (vininfo); None when vininfo does not know the WMI, rather than its
    placeholder name 'UnsupportedBrand', which a clerk must never see as a maker."""
    from vininfo import Vin
    from vininfo.common import UnsupportedBrand
    from vininfo.exceptions import VininfoException

    try:
        decoded = Vin(vin)
        if isinstance(decoded.assembler, UnsupportedBrand):
            return None
        return decoded.manufacturer or None
    except VininfoException:  # a maker is a nicety, never a reason to fail the check
        return None


def check_vin(value: str, *, imported_ok: bool = True, today: date | None = None) -> CheckResult:
    v = normalise_code(value)
    if len(v) != 17:
        return bad(
            v,
            "bad_length",
            f"车辆识别代号（VIN）应为 17 位（当前 {len(v)} 位）。请对照行驶证或车架核对。",
            f"A VIN has 17 characters (this has {len(v)}). Check the vehicle licence or the chassis plate.",
        )
    wrong = [c for c in v if c in LOOKALIKES]
    if wrong:
        fixed = "".join(LOOKALIKES.get(c, c) for c in v)
        zh = "；".join(f"VIN 中的 {c} 应为 {LOOKALIKES[c]}" for c in dict.fromkeys(wrong))
        en = "; ".join(f"{c} in a VIN is always {LOOKALIKES[c]}" for c in dict.fromkeys(wrong))
        return bad(
            v,
            "forbidden_letter",
            f"VIN 不使用字母 I、O、Q。{zh}。",
            f"VINs never use I, O or Q. {en}.",
            suggestion_zh=fixed,
            suggestion_en=fixed,
        )
    if not re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", v):
        return bad(
            v,
            "bad_character",
            "VIN 只能包含数字和大写字母（不含 I、O、Q）。请核对。",
            "A VIN has only digits and capital letters (no I, O, Q). Check it.",
        )
    expected = vin_check_digit(v)
    year = model_year(v[9], today=today)
    details = {
        "check_digit": v[8],
        "model_year": year,
        "manufacturer": manufacturer(v),
        "wmi": v[:3],
    }
    if v[8] != expected:
        if v[0] not in CHECKED_REGIONS and imported_ok:
            return ok(
                v,
                "进口车 VIN 第 9 位不符合校验规则（部分进口车不使用校验位），请对照车辆核实。",
                "Imported VIN: position 9 is not a valid check digit (some imports do not use one); verify on the vehicle.",
                warnings=(f"check digit should be {expected}",),
                **details,
            )
        fixed = v[:8] + expected + v[9:]
        return bad(
            v,
            "bad_check_digit",
            "VIN 校验位（第 9 位）不符，可能有一位输错。请对照行驶证逐位核对。",
            "The check digit (position 9) does not match: a character is probably mistyped. Compare with the licence.",
            suggestion_zh=f"按其余各位计算，第 9 位应为 {expected}",
            suggestion_en=f"the check digit should be {expected}",
            expected_check_digit=expected,
            corrected_if_only_position_9=fixed,
        )
    return ok(v, "VIN 正确。", "The VIN is valid.", **details)
