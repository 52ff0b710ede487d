"""Resident ID numbers (GB 11643), Hong Kong/Macao/Taiwan residence permits, and foreign
permanent-residence ID numbers. domain.md §5.1.

python-stdnum (`stdnum.cn.ric`, `stdnum.iso7064.mod_11_2`) does the checksum and region names;
it is wrapped where domain.md differs: a county code not in use in the birth year is NOT a reason
to refuse (the code records where the card was first issued), and a birth date in the future is."""

from __future__ import annotations

import re
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric
from stdnum.iso7064 import mod_11_2

from app.check_result import CheckResult, bad, normalise_code, ok

PERMIT_PREFIXES = {"810000": "hk_residence_permit", "820000": "macao_residence_permit",
                   "830000": "taiwan_residence_permit"}
DOCUMENT_NAMES_ZH = {"resident_id": "居民身份证", "hk_residence_permit": "港澳居民居住证（香港）",
                     "macao_residence_permit": "港澳居民居住证（澳门）", "taiwan_residence_permit": "台湾居民居住证",
                     "foreign_permanent_residence": "外国人永久居留身份证"}


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits ('X' for 10)."""
    return mod_11_2.calc_check_digit(first17)


def _birth_date(digits8: str) -> date | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def _region(number: str) -> tuple[str | None, tuple[str, ...]]:
    try:
        place = ric.get_birth_place(number)
    except stdnum_errors.ValidationError:
        # stdnum checks the county was in use in the birth year; domain.md: never refuse on that.
        return None, ("region code not in the current county list (kept: it records where the card was first issued)",)
    return "".join(v for v in (place.get("province"), place.get("prefecture"), place.get("county")) if v), ()


def convert_first_generation_id(id15: str) -> str:
    """15-digit first-generation number → 18 digits (insert 19 before the year, add the check
    character). Only to match old records: such cards stopped being valid on 2013-01-01."""
    v = normalise_code(id15)
    if not re.fullmatch(r"\d{15}", v):
        raise ValueError("a first-generation ID number has 15 digits")
    body = v[:6] + "19" + v[6:]
    return body + id_check_character(body)


def check_resident_id(value: str, *, today: date | None = None, allow_first_generation: bool = False) -> CheckResult:
    today = today or date.today()
    v = normalise_code(value)
    if re.fullmatch(r"\d{15}", v):
        if allow_first_generation:
            return ok(convert_first_generation_id(v), "第一代身份证号码，已转换为 18 位用于比对旧记录。",
                      "First-generation number, converted to 18 digits to match old records.",
                      document_type="resident_id_first_generation")
        return bad(v, "first_generation",
                   "这是第一代（15 位）身份证号码，2013 年起已停止使用。请客户出示现行的 18 位身份证。",
                   "This is a first-generation 15-digit number, no longer valid since 2013. Ask for the current 18-digit card.")
    if not re.fullmatch(r"\d{17}[\dX]", v):
        if re.fullmatch(r"\d{17}[A-Z]", v):
            return bad(v, "bad_check_letter", "身份证号码最后一位只能是数字或 X。请核对证件后重新输入。",
                       "The last character can only be a digit or X. Check the card and type it again.",
                       suggestion_zh=f"校验位应为 {id_check_character(v[:17])}",
                       suggestion_en=f"the check character should be {id_check_character(v[:17])}")
        return bad(v, "bad_format", f"身份证号码应为 18 位（当前 {len(v)} 位），前 17 位为数字。请核对证件。",
                   f"An ID number has 18 characters, the first 17 digits (this has {len(v)}). Check the card.")
    birth = _birth_date(v[6:14])
    if birth is None:
        return bad(v, "bad_birth_date", f"号码中的出生日期 {v[6:14]} 不是有效日期。请核对证件。",
                   f"The birth date in the number ({v[6:14]}) is not a real date. Check the card.")
    if birth > today:
        return bad(v, "future_birth_date", f"号码中的出生日期 {birth} 晚于今天。请核对证件。",
                   f"The birth date in the number ({birth}) is in the future. Check the card.")
    if birth.year < 1900:
        return bad(v, "bad_birth_date", f"号码中的出生日期 {birth} 不合理。请核对证件。",
                   f"The birth date in the number ({birth}) is not plausible. Check the card.")
    expected = id_check_character(v[:17])
    if v[17] != expected:
        return bad(v, "bad_check_character", "身份证号码校验位不符，可能有一位输错。请对照证件逐位核对。",
                   "The check character does not match: a digit is probably mistyped. Compare it with the card digit by digit.",
                   suggestion_zh=f"按前 17 位计算，校验位应为 {expected}", suggestion_en=f"the check character should be {expected}",
                   expected_check_character=expected)
    gender = "male" if int(v[16]) % 2 else "female"
    doc = PERMIT_PREFIXES.get(v[:6], "resident_id")
    if doc != "resident_id":
        return ok(v, f"{DOCUMENT_NAMES_ZH[doc]}号码正确。", "Residence permit number is valid.", document_type=doc,
                  birth_date=birth, gender=gender, region=DOCUMENT_NAMES_ZH[doc])
    region, warnings = _region(v)
    return ok(v, "身份证号码正确。", "The ID number is valid.", document_type="resident_id", birth_date=birth,
              gender=gender, region=region, warnings=warnings)


def check_foreign_permanent_residence_id(value: str, *, today: date | None = None) -> CheckResult:
    """Foreign permanent-residence ID: the 2023 18-digit format starting with 9 (province, ISO 3166
    numeric nationality, birth date, sequence, MOD 11-2 check) is checked fully; the older
    15-character format (3 letters + 12 digits) has no public check rule, so only its shape is."""
    today = today or date.today()
    v = normalise_code(value)
    if re.fullmatch(r"9\d{16}[\dX]", v):
        birth = _birth_date(v[6:14])
        if birth is None or birth > today:
            return bad(v, "bad_birth_date", "号码中的出生日期无效。请核对证件。", "The birth date in the number is not valid. Check the card.")
        expected = id_check_character(v[:17])
        if v[17] != expected:
            return bad(v, "bad_check_character", "永久居留身份证号码校验位不符。请对照证件核对。",
                       "The check character does not match. Compare the number with the card.",
                       suggestion_zh=f"校验位应为 {expected}", suggestion_en=f"the check character should be {expected}")
        return ok(v, "外国人永久居留身份证号码正确。", "The permanent-residence ID number is valid.",
                  document_type="foreign_permanent_residence", birth_date=birth, nationality_code=v[3:6],
                  gender="male" if int(v[16]) % 2 else "female")
    if re.fullmatch(r"[A-Z]{3}\d{12}", v):
        return ok(v, "旧版外国人永久居留证号码格式正确（该格式无校验位，请对照证件核对）。",
                  "Old-format permanent-residence number: shape is right (it has no check digit; compare with the card).",
                  document_type="foreign_permanent_residence", nationality=v[:3],
                  warnings=("old format without a check digit",))
    return bad(v, "bad_format", "外国人永久居留身份证号码应为 18 位数字（9 开头）或旧版 3 个字母加 12 位数字。",
               "A permanent-residence ID is 18 digits starting with 9, or the old 3 letters + 12 digits.")
