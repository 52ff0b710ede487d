"""Licence plates (GA 36-2018), docs/regulations.md §7.5."""

from __future__ import annotations

import re
import unicodedata

from app.core.check_result import CheckResult, bad, ok

P = "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
S = "[A-HJ-NP-Z0-9]"  # serial characters: no I, no O
PLATES = [
    (
        "nev_small",
        re.compile(rf"^{P}[A-Z][DABCEFGHJK]{S}\d{{4}}$"),
        "小型新能源汽车号牌",
        "small new-energy plate",
    ),
    (
        "nev_large",
        re.compile(rf"^{P}[A-Z]\d{{5}}[DABCEFGHJK]$"),
        "大型新能源汽车号牌",
        "large new-energy plate",
    ),
    ("ordinary", re.compile(rf"^{P}[A-Z]{S}{{5}}$"), "普通号牌", "ordinary plate"),
    ("trailer", re.compile(rf"^{P}[A-Z]{S}{{4}}挂$"), "挂车号牌", "trailer plate"),
    ("coach", re.compile(rf"^{P}[A-Z]{S}{{4}}学$"), "教练汽车号牌", "driving-school plate"),
    ("police", re.compile(rf"^{P}[A-Z]{S}{{4}}警$"), "警用汽车号牌", "police plate"),
    (
        "hk_macao",
        re.compile(rf"^粤Z{S}{{4}}[港澳]$"),
        "港澳入出境车号牌",
        "Hong Kong/Macao cross-border plate",
    ),
    ("embassy", re.compile(r"^使\d{6}$"), "使馆汽车号牌", "embassy plate"),
    ("consulate", re.compile(rf"^{P}[A-Z]\d{{4}}领$"), "领馆汽车号牌", "consulate plate"),
]
BATTERY_LETTERS = set("DABCE")


def normalise_plate(value: str) -> str:
    v = unicodedata.normalize("NFKC", value).upper()
    return re.sub(r"[\s·•.\-]", "", v)


def check_plate(value: str) -> CheckResult:
    v = normalise_plate(value)
    if not v:
        return bad(
            v,
            "empty",
            "请输入号牌号码；新车未上牌请勾选“未上牌”。",
            "Enter the plate; for a new car without plates, tick 'no plate yet'.",
        )
    for kind, rx, zh, en in PLATES:
        if rx.match(v):
            details: dict = {
                "plate_type": kind,
                "plate_type_zh": zh,
                "province": v[0] if kind != "embassy" else None,
            }
            if kind == "nev_small":
                details["energy"] = "battery_electric" if v[2] in BATTERY_LETTERS else "other_nev"
            elif kind == "nev_large":
                details["energy"] = "battery_electric" if v[-1] in BATTERY_LETTERS else "other_nev"
            return ok(v, f"{zh}格式正确。", f"Valid {en}.", **details)
    serial = v[2:] if len(v) > 2 else ""
    if "I" in serial or "O" in serial:
        fixed = v[:2] + serial.replace("I", "1").replace("O", "0")
        return bad(
            v,
            "forbidden_letter",
            "号牌序号不使用字母 I 和 O（易与 1、0 混淆）。请对照号牌核对。",
            "Plate serials never use the letters I and O (they look like 1 and 0). Check the plate.",
            suggestion_zh=f"可能是 {fixed}",
            suggestion_en=f"probably {fixed}",
        )
    if not re.match(P, v[:1]) and v[:1] != "使":
        return bad(
            v,
            "bad_province",
            "号牌第一个字应为省份简称（如 京、沪、粤）。",
            "A plate starts with a province character (京, 沪, 粤 …).",
        )
    return bad(
        v,
        "bad_format",
        "号牌格式不正确：普通号牌为省份简称 + 字母 + 5 位，新能源号牌为 6 位。请对照号牌核对。",
        "Not a plate: ordinary plates are province + letter + 5 characters; new-energy plates have 6. Check the plate.",
    )
