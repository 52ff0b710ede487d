"""Document readers: from lines of text to named fields, each with a confidence and a
needs_review flag. Pure functions of the text boxes (tested without the engine)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from app.ocr.layout import Line
from app.ocr.repair import repair_id_number, repair_uscc, repair_vin
from app.vehicle import check_plate

REVIEW_BELOW = 0.85
KIND_KEYWORDS = {
    "id-front": ("公民身份号码", "姓名", "性别", "住址", "出生"),
    "id-back": ("签发机关", "有效期限", "居民身份证"),
    "vehicle-licence": ("行驶证", "号牌号码", "车辆识别代号", "发动机号码", "使用性质", "品牌型号"),
    "vehicle-licence-back": (
        "核定载人数",
        "总质量",
        "整备质量",
        "档案编号",
        "外廓尺寸",
        "检验记录",
    ),
    "business-licence": (
        "营业执照",
        "统一社会信用代码",
        "法定代表人",
        "成立日期",
        "注册资本",
        "经营范围",
    ),
}
FIELDS = {
    "id-front": ("name", "sex", "ethnicity", "birth_date", "address", "id_number"),
    "id-back": ("issuing_authority", "valid_from", "valid_until"),
    "vehicle-licence": (
        "plate",
        "vehicle_type",
        "owner",
        "address",
        "usage",
        "brand_model",
        "vin",
        "engine_number",
        "registration_date",
        "issue_date",
    ),
    "vehicle-licence-back": ("plate", "approved_passengers", "total_mass_kg", "curb_mass_kg"),
    "business-licence": ("name", "uscc", "legal_representative", "address", "registered_on"),
}


@dataclass
class FieldResult:
    value: str
    confidence: float
    needs_review: bool

    def to_json(self) -> dict:
        return {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "needs_review": self.needs_review,
        }


@dataclass
class Reading:
    kind: str
    fields: dict[str, FieldResult]
    warnings: list[str] = field(default_factory=list)


def keyword_hits(lines: list[Line]) -> dict[str, int]:
    text = "".join(line.text for line in lines)
    return {kind: sum(k in text for k in words) for kind, words in KIND_KEYWORDS.items()}


def classify(lines: list[Line]) -> str | None:
    hits = keyword_hits(lines)
    kind, best = max(hits.items(), key=lambda kv: kv[1])
    return kind if best >= 2 else None


def _field(value: str, score: float, *, valid: bool = True) -> FieldResult:
    if not value:
        return FieldResult("", 0.0, True)
    return FieldResult(value, score, score < REVIEW_BELOW or not valid)


def _after(line: Line, label: str) -> str:
    text = line.text
    i = text.find(label)
    return text[i + len(label) :] if i >= 0 else ""


def _find(lines: list[Line], label: str) -> tuple[int, Line] | tuple[None, None]:
    for i, line in enumerate(lines):
        if label in line.text:
            return i, line
    return None, None


def _iso(y: str, m: str, d: str) -> str:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return ""


def read_id_front(lines: list[Line]) -> Reading:
    out: dict[str, FieldResult] = {}
    warnings: list[str] = []
    _, line = _find(lines, "姓名")
    out["name"] = _field(_after(line, "姓名"), line.score) if line else _field("", 0)
    _, line = _find(lines, "性别")
    sex = eth = ""
    if line:
        m = re.search(r"性别([男女])", line.text)
        sex = m.group(1) if m else ""
        m = re.search(r"民族([\u4e00-\u9fff]+)", line.text)
        eth = m.group(1) if m else ""
    out["sex"] = _field(sex, line.score if line else 0)
    out["ethnicity"] = _field(eth, line.score if line else 0)
    _, line = _find(lines, "出生")
    birth = ""
    if line:
        m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line.text)
        birth = _iso(*m.groups()) if m else ""
    out["birth_date"] = _field(birth, line.score if line else 0)
    i, line = _find(lines, "住址")
    if line is not None and i is not None:
        parts, score = [_after(line, "住址")], line.score
        for nxt in lines[i + 1 :]:
            if "公民身份号码" in nxt.text or re.search(r"\d{15,}", nxt.text):
                break
            parts.append(nxt.text)
            score = min(score, nxt.score)
        out["address"] = _field("".join(parts), score)
    else:
        out["address"] = _field("", 0)
    _, line = _find(lines, "公民身份号码")
    candidates = [_after(line, "公民身份号码")] if line else []
    candidates += [
        m.group(0) for ln in lines for m in re.finditer(r"[0-9ODQILZSBGX]{18}", ln.text.upper())
    ]
    raw = next((c for c in candidates if len(c) >= 15), "")
    score = line.score if line else min((ln.score for ln in lines), default=0)
    if raw:
        rep = repair_id_number(raw, date.fromisoformat(birth) if birth else None, sex or None)
        if rep.repaired:
            warnings.append(f"id_number repaired: {rep.note}")
        elif not rep.valid:
            warnings.append(f"id_number: {rep.note}")
        out["id_number"] = _field(rep.value, score, valid=rep.valid and not rep.needs_review)
    else:
        out["id_number"] = _field("", 0)
    return Reading("id-front", out, warnings)


def read_id_back(lines: list[Line]) -> Reading:
    out: dict[str, FieldResult] = {}
    _, line = _find(lines, "签发机关")
    out["issuing_authority"] = (
        _field(_after(line, "签发机关"), line.score) if line else _field("", 0)
    )
    _, line = _find(lines, "有效期限")
    start = until = ""
    score = line.score if line else 0
    if line:
        m = re.search(
            r"(\d{4})[.\-年]?(\d{2})[.\-月]?(\d{2})日?[-—~至]+((\d{4})[.\-年]?(\d{2})[.\-月]?(\d{2})|长期)",
            line.text,
        )
        if m:
            start = _iso(m.group(1), m.group(2), m.group(3))
            until = "长期" if m.group(4) == "长期" else _iso(m.group(5), m.group(6), m.group(7))
    out["valid_from"] = _field(start, score)
    out["valid_until"] = _field(until, score)
    warnings = []
    if start and until and until != "长期":
        span = date.fromisoformat(until).year - date.fromisoformat(start).year
        if span not in (5, 10, 20):
            warnings.append(f"validity span of {span} years is not 5, 10 or 20: check the card")
            out["valid_until"].needs_review = True
    return Reading("id-back", out, warnings)


LICENCE_LABELS = {
    "号牌号码": "plate",
    "车辆类型": "vehicle_type",
    "所有人": "owner",
    "住址": "address",
    "使用性质": "usage",
    "品牌型号": "brand_model",
    "车辆识别代号": "vin",
    "发动机号码": "engine_number",
    "注册日期": "registration_date",
    "发证日期": "issue_date",
}
_LABEL_RE = re.compile("|".join(sorted(LICENCE_LABELS, key=len, reverse=True)))


def _labelled(
    lines: list[Line], labels: Mapping[str, str | None], pattern: re.Pattern
) -> dict[str, tuple[str, float]]:
    """The text after each label up to the next label on the same line. A label mapped to None
    is printed but not read; it still ends the value before it."""
    raw: dict[str, tuple[str, float]] = {}
    for line in lines:
        text = line.text
        marks = list(pattern.finditer(text))
        for j, m in enumerate(marks):
            end = marks[j + 1].start() if j + 1 < len(marks) else len(text)
            name = labels[m.group(0)]
            if name:
                raw.setdefault(name, (text[m.end() : end], line.score))
    return raw


def _plate(value: str) -> tuple[str, bool]:
    r = check_plate(value)
    if r.reason == "forbidden_letter":
        # Plate serials never use I or O (GA 36), so either one read there is a misread 1 or 0.
        fixed = check_plate(r.value[:2] + r.value[2:].replace("O", "0").replace("I", "1"))
        if fixed.valid:
            return fixed.value, True
    return r.value, r.valid


def read_vehicle_licence(lines: list[Line]) -> Reading:
    raw = _labelled(lines, LICENCE_LABELS, _LABEL_RE)
    out: dict[str, FieldResult] = {}
    warnings: list[str] = []
    for name in FIELDS["vehicle-licence"]:
        value, score = raw.get(name, ("", 0.0))
        valid = True
        if name == "plate" and value:
            value, valid = _plate(value)
        elif name == "vin" and value:
            rep = repair_vin(value)
            value, valid = rep.value, rep.valid and not rep.needs_review
            if rep.repaired:
                warnings.append(f"vin repaired: {rep.note}")
            elif not rep.valid:
                warnings.append(f"vin: {rep.note}")
        elif name == "engine_number":
            value = value.upper()
        elif name == "brand_model" and re.search(r"[0-9A-Z]O|O[0-9A-Z]", value):
            # In this print O and 0 differ by a hair, and the recogniser picks either: a model
            # code with an O is shown for the clerk to confirm, never changed.
            valid = False
            warnings.append(
                "brand_model: O and 0 look alike in the model code; confirm on the licence"
            )
        elif name in ("registration_date", "issue_date") and value:
            date_match = re.search(r"(\d{4})[-.年/](\d{1,2})[-.月/](\d{1,2})", value)
            value = _iso(*date_match.groups()) if date_match else ""
        out[name] = _field(value, score, valid=valid)
    return Reading("vehicle-licence", out, warnings)


# 副页: "准牵引总质量" and "核定载质量" are printed too; listed so they end the value before them
# and so that 总质量 is not found inside 准牵引总质量.
BACK_LABELS: dict[str, str | None] = {
    "号牌号码": "plate",
    "核定载人数": "approved_passengers",
    "总质量": "total_mass_kg",
    "整备质量": "curb_mass_kg",
    "准牵引总质量": None,
    "核定载质量": None,
    "档案编号": None,
    "外廓尺寸": None,
    "备注": None,
    "检验记录": None,
}
_BACK_RE = re.compile("|".join(sorted(BACK_LABELS, key=len, reverse=True)))


def read_vehicle_licence_back(lines: list[Line]) -> Reading:
    raw = _labelled(lines, BACK_LABELS, _BACK_RE)
    out: dict[str, FieldResult] = {}
    for name in FIELDS["vehicle-licence-back"]:
        value, score = raw.get(name, ("", 0.0))
        valid = True
        if name == "plate" and value:
            value, valid = _plate(value)
        elif name == "approved_passengers":
            m = re.match(r"(\d{1,3})人?$", value)
            value = m.group(1) if m else ""
        elif name in ("total_mass_kg", "curb_mass_kg"):
            # "1850kg"; the unit is often misread (kq, k9), the digits are what counts.
            m = re.match(r"(\d{2,6})(?:[kK][gq9]?)?$", value)
            value = m.group(1) if m else ""
        out[name] = _field(value, score, valid=valid)
    warnings: list[str] = []
    total, curb = out["total_mass_kg"].value, out["curb_mass_kg"].value
    if total and curb and int(curb) >= int(total):
        warnings.append("curb mass is not below total mass: check both on the licence")
        out["total_mass_kg"].needs_review = out["curb_mass_kg"].needs_review = True
    return Reading("vehicle-licence-back", out, warnings)


# Labels on the licence are spaced out ("名　　称"); spaces are gone by the time a line's text is made.
BUSINESS_LABELS: dict[str, str | None] = {
    "统一社会信用代码": "uscc",
    "名称": "name",
    "法定代表人": "legal_representative",
    "负责人": "legal_representative",
    "经营者": "legal_representative",
    "住所": "address",
    "经营场所": "address",
    "成立日期": "registered_on",
    "注册日期": "registered_on",
    "类型": None,
    "注册资本": None,
    "营业期限": None,
    "经营范围": None,
    "登记机关": None,
}
_BUSINESS_RE = re.compile("|".join(sorted(BUSINESS_LABELS, key=len, reverse=True)))


# The spaced labels are two lone characters, and the detector sometimes drops one of them: a
# line that starts with the other half (and holds no other label) still carries the value.
_HALF_LABELS = {
    "name": re.compile(r"^(?:名称|名|称)(.+)$"),
    "address": re.compile(r"^(?:住所|住|所)(.+)$"),
}


def read_business_licence(lines: list[Line]) -> Reading:
    raw = _labelled(lines, BUSINESS_LABELS, _BUSINESS_RE)
    for name, pattern in _HALF_LABELS.items():
        if name not in raw:
            for line in lines:
                m = pattern.match(line.text)
                if m and not _BUSINESS_RE.search(line.text):
                    raw[name] = (m.group(1), line.score)
                    break
    out: dict[str, FieldResult] = {}
    warnings: list[str] = []
    for name in FIELDS["business-licence"]:
        value, score = raw.get(name, ("", 0.0))
        valid = True
        if name == "uscc" and value:
            rep = repair_uscc(value)
            value, valid = rep.value, rep.valid and not rep.needs_review
            if rep.repaired:
                warnings.append(f"uscc repaired: {rep.note}")
            elif not rep.valid:
                warnings.append(f"uscc: {rep.note}")
        elif name == "registered_on" and value:
            m = re.search(r"(\d{4})[-.年/](\d{1,2})[-.月/](\d{1,2})", value)
            value = _iso(*m.groups()) if m else ""
        elif name == "name":
            value = value.replace("(", "（").replace(")", "）")
        out[name] = _field(value, score, valid=valid)
    return Reading("business-licence", out, warnings)


READERS = {
    "id-front": read_id_front,
    "id-back": read_id_back,
    "vehicle-licence": read_vehicle_licence,
    "vehicle-licence-back": read_vehicle_licence_back,
    "business-licence": read_business_licence,
}
