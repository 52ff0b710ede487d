"""Unified social credit codes (GB 32100-2015), docs/regulations.md §7.2. python-stdnum
requires digits in positions 1–2, which the standard does not: the checksum here follows the
standard."""

from __future__ import annotations

import re

from app.core.check_result import CheckResult, bad, normalise_code, ok

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I O Z S V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
AUTHORITIES = {"1": "机构编制", "5": "民政", "9": "市场监督管理", "Y": "其他"}


def uscc_check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def _org_code_check(code9: str) -> bool:
    """GB 11714 organisation code in positions 9–17 (warn only, docs/regulations.md §7.2)."""

    def val(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 55

    try:
        total = sum(val(c) * w for c, w in zip(code9[:8], ORG_WEIGHTS, strict=True))
    except ValueError:
        return False
    c = 11 - total % 11
    return code9[8] == {10: "X", 11: "0"}.get(c, str(c))


def check_uscc(value: str) -> CheckResult:
    v = normalise_code(value)
    if len(v) != 18:
        return bad(
            v,
            "bad_length",
            f"统一社会信用代码应为 18 位（当前 {len(v)} 位）。请对照营业执照核对。",
            f"A unified social credit code has 18 characters (this has {len(v)}). Check the business licence.",
        )
    wrong = sorted({c for c in v if c not in ALPHABET})
    if wrong:
        hint = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U"}
        sug = "、".join(f"{c}→{hint[c]}" for c in wrong if c in hint)
        return bad(
            v,
            "bad_character",
            f"统一社会信用代码不使用字母 {'、'.join(wrong)}。请核对营业执照。",
            f"Unified social credit codes never use {', '.join(wrong)}. Check the business licence.",
            suggestion_zh=f"可能是：{sug}" if sug else None,
            suggestion_en=f"probably: {sug}" if sug else None,
        )
    if not re.fullmatch(r"\d{6}", v[2:8]):
        return bad(
            v,
            "bad_region",
            "第 3–8 位应为行政区划代码（数字）。请核对营业执照。",
            "Positions 3–8 are the region code (digits). Check the business licence.",
        )
    expected = uscc_check_character(v[:17])
    if v[17] != expected:
        return bad(
            v,
            "bad_check_character",
            "统一社会信用代码校验位不符，可能有一位输错。请对照营业执照逐位核对。",
            "The check character does not match: a character is probably mistyped. Compare with the licence.",
            suggestion_zh=f"校验位应为 {expected}",
            suggestion_en=f"the check character should be {expected}",
        )
    warnings = (
        ()
        if _org_code_check(v[8:17])
        else ("organisation code (positions 9–17) fails its own GB 11714 check",)
    )
    return ok(
        v,
        "统一社会信用代码正确。",
        "The code is valid.",
        authority=AUTHORITIES.get(v[0], v[0]),
        region_code=v[2:8],
        organisation_code=v[8:17],
        warnings=warnings,
    )
