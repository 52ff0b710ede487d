"""Usage-nature codes (GA 24, docs/regulations.md §7.6), rating vehicle classes, engine numbers
and the dates printed on documents."""

from __future__ import annotations

import re
from datetime import date

from app.core.check_result import CheckResult, bad, normalise_code, ok

# code: (name, operating?)
USAGE_CODES: dict[str, tuple[str, bool]] = {
    "A": ("非营运", False),
    "B": ("公路客运", True),
    "C": ("公交客运", True),
    "D": ("出租客运", True),
    "E": ("旅游客运", True),
    "F": ("货运", True),
    "G": ("租赁", True),
    "H": ("警用", False),
    "I": ("消防", False),
    "J": ("救护", False),
    "K": ("工程救险", False),
    "L": ("营转非", False),
    "M": ("出租转非", False),
    "N": ("教练", False),
    "O": ("幼儿校车", False),
    "P": ("小学生校车", False),
    "Q": ("初中生校车", False),
    "R": ("危化品运输", True),
    "S": ("中小学生校车", False),
    "T": ("预约出租客运", True),
    "U": ("预约出租转非", False),
}
USAGE_BY_NAME = {name: code for code, (name, _) in USAGE_CODES.items()}
USAGE_NAMES_EN: dict[str, str] = {
    "A": "non-operating",
    "B": "highway passenger transport",
    "C": "public transport",
    "D": "taxi",
    "E": "tourist passenger transport",
    "F": "freight",
    "G": "rental",
    "H": "police",
    "I": "fire service",
    "J": "ambulance",
    "K": "engineering rescue",
    "L": "formerly operating, now non-operating",
    "M": "former taxi, now non-operating",
    "N": "driving school",
    "O": "kindergarten school bus",
    "P": "primary school bus",
    "Q": "junior secondary school bus",
    "R": "dangerous goods transport",
    "S": "primary and secondary school bus",
    "T": "booked taxi (ride-hailing)",
    "U": "former booked taxi, now non-operating",
}

VEHICLE_CLASSES: dict[str, str] = {
    "family_car": "家庭自用汽车",
    "enterprise_passenger": "企业非营业客车",
    "government_passenger": "机关非营业客车",
    "taxi_rental": "营业出租租赁",
    "city_bus": "营业城市公交",
    "highway_coach": "营业公路客运",
    "nonop_truck": "非营业货车",
    "op_truck": "营业货车",
    "special_1": "特种车一",
    "special_2": "特种车二",
    "special_3": "特种车三",
    "special_4": "特种车四",
    "motorcycle": "摩托车",
    "tractor": "拖拉机",
}
VEHICLE_CLASS_NAMES_EN: dict[str, str] = {
    "family_car": "family car",
    "enterprise_passenger": "company car (non-operating)",
    "government_passenger": "government car (non-operating)",
    "taxi_rental": "taxi or rental",
    "city_bus": "city bus",
    "highway_coach": "highway coach",
    "nonop_truck": "truck (non-operating)",
    "op_truck": "truck (operating)",
    "special_1": "special vehicle, class 1",
    "special_2": "special vehicle, class 2",
    "special_3": "special vehicle, class 3",
    "special_4": "special vehicle, class 4",
    "motorcycle": "motorcycle",
    "tractor": "tractor",
}


def check_usage_code(value: str) -> CheckResult:
    raw = value.strip()
    code = USAGE_BY_NAME.get(raw, normalise_code(raw))
    if code not in USAGE_CODES:
        return bad(
            raw,
            "unknown_usage",
            "使用性质应为行驶证上的代码 A–U 或其名称（如“非营运”）。",
            "Usage nature is the licence's code A–U or its name (e.g. 非营运).",
        )
    name, operating = USAGE_CODES[code]
    return ok(
        code, f"使用性质：{name}。", f"Usage nature: {name}.", name_zh=name, operating=operating
    )


def check_vehicle_class(value: str) -> CheckResult:
    v = value.strip()
    if v not in VEHICLE_CLASSES:
        return bad(
            v,
            "unknown_class",
            "车辆类别不在费率表类别中。",
            f"Unknown vehicle class; choose one of {', '.join(VEHICLE_CLASSES)}.",
        )
    return ok(
        v, f"车辆类别：{VEHICLE_CLASSES[v]}。", f"Vehicle class {v}.", name_zh=VEHICLE_CLASSES[v]
    )


def suggested_class(usage_code: str, owner_kind: str, seats: int | None) -> str | None:
    """docs/regulations.md §7.6 (illustrative mapping): A + person + car → family car;
    A + organisation → non-operating; D/G/T → taxi and rental."""
    if usage_code in ("D", "G", "T"):
        return "taxi_rental"
    if usage_code in ("A", "L", "M", "U"):
        if owner_kind == "person":
            return "family_car"
        return "enterprise_passenger"
    return None


def check_engine_number(value: str) -> CheckResult:
    v = normalise_code(value).replace("*", "")
    if not re.fullmatch(r"[A-Z0-9]{4,20}", v):
        return bad(
            v,
            "bad_engine_number",
            "发动机号应为 4–20 位字母或数字，请对照行驶证或发动机铭牌输入。",
            "An engine number has 4–20 letters or digits; copy it from the licence or the engine plate.",
        )
    return ok(v, "发动机号格式正确。", "Engine number format is right.")


def check_document_dates(
    issue: date, registration: date | None = None, *, today: date | None = None
) -> CheckResult:
    """A document's issue date is not in the future and not before the vehicle's registration."""
    today = today or date.today()
    if issue > today:
        return bad(
            issue.isoformat(),
            "future_date",
            f"发证日期 {issue} 晚于今天，请核对。",
            f"The issue date {issue} is in the future; check it.",
        )
    if registration is not None:
        if registration > today:
            return bad(
                registration.isoformat(),
                "future_date",
                f"注册日期 {registration} 晚于今天，请核对。",
                f"The registration date {registration} is in the future; check it.",
            )
        if issue < registration:
            return bad(
                issue.isoformat(),
                "issue_before_registration",
                f"发证日期 {issue} 早于注册日期 {registration}，请核对。",
                f"The issue date {issue} is before the registration date {registration}; check both.",
            )
    return ok(issue.isoformat(), "日期合理。", "Dates are consistent.")
