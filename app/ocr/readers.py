"""Document readers: from lines of text to named fields, each with a confidence and a
needs_review flag. Pure functions of the text boxes (tested without the engine)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.ocr.layout import Line
from app.ocr.repair import repair_id_number, repair_vin
from app.vehicle import check_plate

REVIEW_BELOW = 0.85
KIND_KEYWORDS = {
    "id-front": ("公民身份号码", "姓名", "性别", "住址", "出生"),
    "id-back": ("签发机关", "有效期限", "居民身份证"),
    "vehicle-licence": ("行驶证", "号牌号码", "车辆识别代号", "发动机号码", "使用性质", "品牌型号"),
}
FIELDS = {
    "id-front": ("name", "sex", "ethnicity", "birth_date", "address", "id_number"),
    "id-back": ("issuing_authority", "valid_from", "valid_until"),
    "vehicle-licence": ("plate", "vehicle_type", "owner", "address", "usage", "brand_model", "vin", "engine_number",
                        "registration_date", "issue_date"),
}


@dataclass
class FieldResult:
    value: str
    confidence: float
    needs_review: bool

    def to_json(self) -> dict:
        return {"value": self.value, "confidence": round(self.confidence, 3), "needs_review": self.needs_review}


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
    return text[i + len(label):] if i >= 0 else ""


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
        for nxt in lines[i + 1:]:
            if "公民身份号码" in nxt.text or re.search(r"\d{15,}", nxt.text):
                break
            parts.append(nxt.text)
            score = min(score, nxt.score)
        out["address"] = _field("".join(parts), score)
    else:
        out["address"] = _field("", 0)
    _, line = _find(lines, "公民身份号码")
    candidates = [_after(line, "公民身份号码")] if line else []
    candidates += [m.group(0) for ln in lines for m in re.finditer(r"[0-9ODQILZSBGX]{18}", ln.text.upper())]
    raw = next((c for c in candidates if len(c) >= 15), "")
    score = line.score if line else min((ln.score for ln in lines), default=0)
    if raw:
        rep = repair_id_number(raw, date.fromisoformat(birth) if birth else None, sex or None)
        if rep.repaired:
            warnings.append(f"id_number repaired: {rep.note}")
        elif not rep.valid:
            warnings.append(f"id_number: {rep.note}")
        out["id_number"] = _field(rep.value, score, valid=rep.valid)
    else:
        out["id_number"] = _field("", 0)
    return Reading("id-front", out, warnings)


def read_id_back(lines: list[Line]) -> Reading:
    out: dict[str, FieldResult] = {}
    _, line = _find(lines, "签发机关")
    out["issuing_authority"] = _field(_after(line, "签发机关"), line.score) if line else _field("", 0)
    _, line = _find(lines, "有效期限")
    start = until = ""
    score = line.score if line else 0
    if line:
        m = re.search(r"(\d{4})[.\-年]?(\d{2})[.\-月]?(\d{2})日?[-—~至]+((\d{4})[.\-年]?(\d{2})[.\-月]?(\d{2})|长期)", line.text)
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


LICENCE_LABELS = {"号牌号码": "plate", "车辆类型": "vehicle_type", "所有人": "owner", "住址": "address",
                  "使用性质": "usage", "品牌型号": "brand_model", "车辆识别代号": "vin", "发动机号码": "engine_number",
                  "注册日期": "registration_date", "发证日期": "issue_date"}
_LABEL_RE = re.compile("|".join(sorted(LICENCE_LABELS, key=len, reverse=True)))


def read_vehicle_licence(lines: list[Line]) -> Reading:
    raw: dict[str, tuple[str, float]] = {}
    for line in lines:
        text = line.text
        marks = list(_LABEL_RE.finditer(text))
        for j, m in enumerate(marks):
            end = marks[j + 1].start() if j + 1 < len(marks) else len(text)
            raw.setdefault(LICENCE_LABELS[m.group(0)], (text[m.end():end], line.score))
    out: dict[str, FieldResult] = {}
    warnings: list[str] = []
    for name in FIELDS["vehicle-licence"]:
        value, score = raw.get(name, ("", 0.0))
        valid = True
        if name == "plate" and value:
            r = check_plate(value)
            value, valid = r.value, r.valid
        elif name == "vin" and value:
            rep = repair_vin(value)
            value, valid = rep.value, rep.valid and not rep.needs_review
            if rep.repaired:
                warnings.append(f"vin repaired: {rep.note}")
            elif not rep.valid:
                warnings.append(f"vin: {rep.note}")
        elif name == "engine_number":
            value = value.upper()
        elif name in ("registration_date", "issue_date") and value:
            date_match = re.search(r"(\d{4})[-.年/](\d{1,2})[-.月/](\d{1,2})", value)
            value = _iso(*date_match.groups()) if date_match else ""
        out[name] = _field(value, score, valid=valid)
    return Reading("vehicle-licence", out, warnings)


READERS = {"id-front": read_id_front, "id-back": read_id_back, "vehicle-licence": read_vehicle_licence}
