"""Resident ID numbers (GB 11643), Hong Kong/Macao/Taiwan residence permits, and foreign
permanent-residence ID numbers. docs/regulations.md §7.1.

python-stdnum does the checksum (`stdnum.iso7064.mod_11_2`) and holds the region code list
(`stdnum.cn.ric`'s data); its own RIC check is not used where docs/regulations.md §7.1 differs: a
county code not in use in the birth year is NOT a reason to refuse (the code records where the card
was first issued), a birth date in the future is, and so is a first two digits that name no
province. An 18-digit number starting with 9 is a foreign permanent-residence ID number and is
checked as one."""

from __future__ import annotations

import re
from datetime import date

from stdnum.iso7064 import mod_11_2

from app.core.check_result import CheckResult, bad, normalise_code, ok

PERMIT_PREFIXES = {
    "810000": "hk_residence_permit",
    "820000": "macao_residence_permit",
    "830000": "taiwan_residence_permit",
}
DOCUMENT_NAMES_ZH = {
    "resident_id": "居民身份证",
    "hk_residence_permit": "港澳居民居住证（香港）",
    "macao_residence_permit": "港澳居民居住证（澳门）",
    "taiwan_residence_permit": "台湾居民居住证",
    "foreign_permanent_residence": "外国人永久居留身份证",
}
# Resident ID numbers never start with these: Hong Kong, Macao and Taiwan residents' numbers are
# the residence permits' (the full prefixes above).
_PERMIT_PROVINCES = ("81", "82", "83")


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits ('X' for 10)."""
    return mod_11_2.calc_check_digit(first17)


def _birth_date(digits8: str) -> date | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def _province(code2: str) -> str | None:
    from stdnum import numdb

    return numdb.get("cn/loc").info(code2 + "0000")[0][1].get("province")


def _period(entry: str) -> tuple[int | None, int | None, str]:
    """'[1992-]浦东新区' → (1992, None, '浦东新区'); stdnum's list marks codes used only for a time."""
    if not entry.startswith("["):
        return None, None, entry
    span, name = entry[1:].split("]", 1)
    start, end = span.split("-")
    return (int(start) if start else None), (int(end) if end else None), name


def _region(number: str, birth_year: int) -> tuple[str, tuple[str, ...]] | None:
    """The region the code names, with a warning when it is only a historical county code; None
    when the first two digits are not a province. Region data: python-stdnum's code list, read
    here because stdnum refuses a county code not in use in the birth year (docs/regulations.md
    §7.1: never refuse on that; the code records where the card was first issued, often years
    after birth) and fails outright on a county it does not list."""
    from stdnum import numdb

    info = {k: v for _, props in numdb.get("cn/loc").info(number[:6]) for k, v in props.items()}
    province = info.get("province")
    if province is None:
        return None
    county = info.get("county")
    if county is None:
        return province, (
            f"county code {number[:6]} is not in the code list for {province} (kept: the list may "
            "lack it; compare the number with the card)",
        )
    periods = [_period(entry) for entry in county.split(",")]

    def named(name: str) -> str:
        return province + info.get("prefecture", "") + (name if name != province else "")

    for start, end, name in periods:
        if (start is None or birth_year >= start) and (end is None or birth_year <= end):
            return named(name), ()
    later = [
        (start, name) for start, _, name in periods if start is not None and start > birth_year
    ]
    if (
        later
    ):  # numbers of people born before 1984 were given when their first card was, years later
        start, name = min(later)
        return named(name), (
            f"county code {number[:6]} ({name}) came into use in {start}, after the birth year "
            f"{birth_year}: normal when the first card was issued there later (kept)",
        )
    _, end, name = periods[-1]
    return named(name), (
        f"county code {number[:6]} ({name}) went out of use in {end}, before the birth year "
        f"{birth_year}: unusual, compare the number with the card (kept)",
    )


def convert_first_generation_id(id15: str) -> str:
    """15-digit first-generation number → 18 digits (insert 19 before the year, add the check
    character). Only to match old records: such cards stopped being valid on 2013-01-01."""
    v = normalise_code(id15)
    if not re.fullmatch(r"\d{15}", v):
        raise ValueError("a first-generation ID number has 15 digits")
    body = v[:6] + "19" + v[6:]
    return body + id_check_character(body)


def check_resident_id(
    value: str, *, today: date | None = None, allow_first_generation: bool = False
) -> CheckResult:
    """A person's ID number issued in China: resident ID card, HK/Macao/Taiwan residence permit,
    or foreign permanent-residence ID card (`document_type` says which)."""
    today = today or date.today()
    v = normalise_code(value)
    if re.fullmatch(r"9\d{16}[\dX]|[A-Z]{3}\d{12}", v):  # no province code starts with 9
        return check_foreign_permanent_residence_id(v, today=today)
    if re.fullmatch(r"\d{15}", v):
        if allow_first_generation:
            return ok(
                convert_first_generation_id(v),
                "第一代身份证号码，已转换为 18 位用于比对旧记录。",
                "First-generation number, converted to 18 digits to match old records.",
                document_type="resident_id_first_generation",
            )
        return bad(
            v,
            "first_generation",
            "这是第一代（15 位）身份证号码，2013 年起已停止使用。请客户出示现行的 18 位身份证。",
            "This is a first-generation 15-digit number, no longer valid since 2013. Ask for the current 18-digit card.",
        )
    if not re.fullmatch(r"\d{17}[\dX]", v):
        if re.fullmatch(r"\d{17}[A-Z]", v):
            return bad(
                v,
                "bad_check_letter",
                "身份证号码最后一位只能是数字或 X。请核对证件后重新输入。",
                "The last character can only be a digit or X. Check the card and type it again.",
                suggestion_zh=f"校验位应为 {id_check_character(v[:17])}",
                suggestion_en=f"the check character should be {id_check_character(v[:17])}",
            )
        return bad(
            v,
            "bad_format",
            f"身份证号码应为 18 位（当前 {len(v)} 位），前 17 位为数字。请核对证件。",
            f"An ID number has 18 characters, the first 17 digits (this has {len(v)}). Check the card.",
        )
    birth = _birth_date(v[6:14])
    if birth is None:
        return bad(
            v,
            "bad_birth_date",
            f"号码中的出生日期 {v[6:14]} 不是有效日期。请核对证件。",
            f"The birth date in the number ({v[6:14]}) is not a real date. Check the card.",
        )
    if birth > today:
        return bad(
            v,
            "future_birth_date",
            f"号码中的出生日期 {birth} 晚于今天。请核对证件。",
            f"The birth date in the number ({birth}) is in the future. Check the card.",
        )
    if birth.year < 1900:
        return bad(
            v,
            "bad_birth_date",
            f"号码中的出生日期 {birth} 不合理。请核对证件。",
            f"The birth date in the number ({birth}) is not plausible. Check the card.",
        )
    expected = id_check_character(v[:17])
    if v[17] != expected:
        return bad(
            v,
            "bad_check_character",
            "身份证号码校验位不符，可能有一位输错。请对照证件逐位核对。",
            "The check character does not match: a digit is probably mistyped. Compare it with the card digit by digit.",
            suggestion_zh=f"按前 17 位计算，校验位应为 {expected}",
            suggestion_en=f"the check character should be {expected}",
            expected_check_character=expected,
        )
    gender = "male" if int(v[16]) % 2 else "female"
    doc = PERMIT_PREFIXES.get(v[:6], "resident_id")
    if doc != "resident_id":
        return ok(
            v,
            f"{DOCUMENT_NAMES_ZH[doc]}号码正确。",
            "Residence permit number is valid.",
            document_type=doc,
            birth_date=birth,
            gender=gender,
            region=DOCUMENT_NAMES_ZH[doc],
        )
    found = None if v[:2] in _PERMIT_PROVINCES else _region(v, birth.year)
    if found is None:
        return bad(
            v,
            "bad_region",
            f"号码前 6 位 {v[:6]} 不是有效的行政区划代码（前两位应为省级代码，如 11 北京、44 广东；"
            "港澳台居民居住证为 810000、820000、830000）。请对照证件核对。",
            f"The first six digits ({v[:6]}) are not a region code (the first two name a province, like 11 "
            "Beijing or 44 Guangdong; residence permits start 810000, 820000 or 830000). Check the card.",
        )
    region, warnings = found
    return ok(
        v,
        "身份证号码正确。",
        "The ID number is valid.",
        document_type="resident_id",
        birth_date=birth,
        gender=gender,
        region=region,
        warnings=warnings,
    )


def check_foreign_permanent_residence_id(value: str, *, today: date | None = None) -> CheckResult:
    """Foreign permanent-residence ID: the 2023 18-digit format starting with 9 (issuing province,
    ISO 3166 numeric nationality, birth date, sequence, MOD 11-2 check) is checked fully; the older
    15-character format (3 letters + 12 digits) has no public check rule, so only its shape is."""
    today = today or date.today()
    v = normalise_code(value)
    if re.fullmatch(r"9\d{16}[\dX]", v):
        if v[1:3] in _PERMIT_PROVINCES or _province(v[1:3]) is None:
            return bad(
                v,
                "bad_region",
                f"第 2–3 位 {v[1:3]} 应为受理地的省级行政区划代码（如 11 北京、31 上海）。请对照证件核对。",
                f"Positions 2–3 ({v[1:3]}) are the code of the province that issued the card (like 11 "
                "Beijing or 31 Shanghai). Check the card.",
            )
        birth = _birth_date(v[6:14])
        if birth is None or birth > today or birth.year < 1900:
            return bad(
                v,
                "bad_birth_date",
                "号码中的出生日期无效。请核对证件。",
                "The birth date in the number is not valid. Check the card.",
            )
        expected = id_check_character(v[:17])
        if v[17] != expected:
            return bad(
                v,
                "bad_check_character",
                "永久居留身份证号码校验位不符。请对照证件核对。",
                "The check character does not match. Compare the number with the card.",
                suggestion_zh=f"校验位应为 {expected}",
                suggestion_en=f"the check character should be {expected}",
            )
        return ok(
            v,
            "外国人永久居留身份证号码正确。",
            "The permanent-residence ID number is valid.",
            document_type="foreign_permanent_residence",
            birth_date=birth,
            nationality_code=v[3:6],
            gender="male" if int(v[16]) % 2 else "female",
        )
    if re.fullmatch(r"[A-Z]{3}\d{12}", v):
        return ok(
            v,
            "旧版外国人永久居留证号码格式正确（该格式无校验位，请对照证件核对）。",
            "Old-format permanent-residence number: shape is right (it has no check digit; compare with the card).",
            document_type="foreign_permanent_residence",
            nationality=v[:3],
            warnings=("old format without a check digit",),
        )
    return bad(
        v,
        "bad_format",
        "外国人永久居留身份证号码应为 18 位数字（9 开头）或旧版 3 个字母加 12 位数字。",
        "A permanent-residence ID is 18 digits starting with 9, or the old 3 letters + 12 digits.",
    )
