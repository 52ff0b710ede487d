"""A paper policy's first page, read from OCR lines (docs/renewals.md): the policy number, the
insurer, the period, the plate, the VIN and the covers where readable. Each field comes with
`doubtful` when its check fails (a VIN whose check digit is wrong, a plate that is not one) or
the page is ambiguous; the clerk confirms every field before the policy joins the book. Pure:
lines in, fields out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.vehicle import check_plate, check_vin

_NUMBER = re.compile(
    r"(?:保险单号|保单号码|保单号|保险单号码)[:：]?\s*([A-Z0-9]{8,30})", re.IGNORECASE
)
_INSURER = re.compile(
    r"([\u4e00-\u9fff（）()]{2,30}?(?:财产保险股份有限公司|保险股份有限公司|财产保险有限公司|保险有限公司))"
)
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_PLATE = re.compile(
    r"(?:号牌号码|车牌号码|车牌号)[:：]?\s*([\u4e00-\u9fff][A-Z]·?[A-Z0-9]{4,6}[挂学警港澳领试超]?)"
)
_VIN = re.compile(
    r"(?:车辆识别代号|车架号|VIN码?|识别代码)[:：（(]?[^A-Z0-9]{0,8}([A-Z0-9]{17})", re.I
)


@dataclass(frozen=True)
class ScannedField:
    value: str
    doubtful: bool = False

    def to_json(self) -> dict[str, object]:
        return {"value": self.value, "doubtful": self.doubtful}


def _day(m: re.Match[str]) -> date | None:
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def read_policy_page(lines: list[str], cover_names: dict[str, str]) -> dict[str, ScannedField]:
    """The fields found on the page (a field not found is absent: the clerk types it)."""
    text = "\n".join(lines)
    compact = re.sub(r"[ \u3000]", "", text)
    out: dict[str, ScannedField] = {}
    m = _NUMBER.search(compact)
    if m:
        out["policy_number"] = ScannedField(m[1].upper())
    insurers = list(dict.fromkeys(_INSURER.findall(compact)))
    if insurers:
        # the page may name the insurer twice, or a branch: the first, doubtful when several differ
        out["insurer"] = ScannedField(insurers[0], doubtful=len(insurers) > 1)
    period = next((ln for ln in compact.splitlines() if "保险期间" in ln or "保险期限" in ln), None)
    days = [d for d in (_day(x) for x in _DATE.finditer(period or "")) if d is not None]
    if len(days) >= 2:
        start, end = days[0], days[1]
        out["start_date"] = ScannedField(start.isoformat(), doubtful=end <= start)
        out["end_date"] = ScannedField(end.isoformat(), doubtful=end <= start)
    m = _PLATE.search(compact)
    if m:
        checked = check_plate(m[1])
        out["plate"] = ScannedField(checked.value if checked.valid else m[1], not checked.valid)
    m = _VIN.search(compact.upper())
    if m:
        checked = check_vin(m[1])
        out["vin"] = ScannedField(checked.value if checked.valid else m[1], not checked.valid)
    # covers: every cover name printed on the page, longest names first (车损险 within 机动车损失保险)
    found: dict[str, int] = {}  # code → where on the page it is first named
    rest = compact
    for name in sorted(cover_names, key=len, reverse=True):
        at = rest.find(name)
        if len(name) >= 3 and not name.isascii() and at >= 0:
            code = cover_names[name]
            found[code] = min(found.get(code, at), at)
            rest = rest.replace(name, "\0" * len(name))  # keep the positions of the others
    if found:
        ordered = sorted(found, key=lambda c: (c != "ctpl", found[c]))
        out["covers"] = ScannedField(";".join(ordered), doubtful=True)  # limits not read
    return out
