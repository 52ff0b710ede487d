"""One row of an imported book, checked: the columns an import file may have (docs/renewals.md
lists them, with the Chinese headings accepted for each), and every value checked with the same
validators the issuance uses. A row's problems are all listed, each naming its column and what
to do, never echoing the value (it may be personal data)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.check_result import CheckResult
from app.core.limits import (
    MAX_ADDRESS,
    MAX_BRAND_MODEL,
    MAX_ORGANISATION_NAME,
    MAX_SHORT_CODE,
    MAX_VEHICLE_TYPE,
    text_problem,
)
from app.core.money import check_amount
from app.identity import (
    check_email,
    check_mobile,
    check_party,
    check_person_name,
)
from app.vehicle import (
    VEHICLE_CLASSES,
    check_engine_number,
    check_plate,
    check_usage_code,
    check_vin,
)


@dataclass(frozen=True)
class Column:
    key: str
    headings: tuple[str, ...]  # besides the key itself, as other systems' exports name it
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("policy_number", ("保单号", "保单号码"), True),
    Column("insurer", ("保险公司", "承保公司"), True),
    Column("coverage", ("险种", "险种类别")),
    Column("start_date", ("起保日期", "保险起期"), True),
    Column("end_date", ("终保日期", "保险止期", "到期日期"), True),
    Column("premium_ctpl", ("交强险保费",)),
    Column("premium_commercial", ("商业险保费",)),
    Column("vehicle_tax", ("车船税",)),
    Column("holder_name", ("投保人", "投保人姓名", "投保人名称"), True),
    Column("holder_id_number", ("投保人证件号", "投保人证件号码", "证件号码"), True),
    Column("holder_phone", ("手机号", "联系电话", "投保人手机")),
    Column("holder_email", ("邮箱", "电子邮箱")),
    Column("holder_address", ("地址", "联系地址")),
    Column("insured_name", ("被保险人",)),
    Column("insured_id_number", ("被保险人证件号", "被保险人证件号码")),
    Column("owner_name", ("车主", "行驶证车主")),
    Column("owner_id_number", ("车主证件号", "车主证件号码")),
    Column("plate", ("号牌号码", "车牌号")),
    Column("vin", ("车架号", "车辆识别代号", "VIN码"), True),
    Column("engine_number", ("发动机号", "发动机号码")),
    Column("brand_model", ("品牌型号", "厂牌型号")),
    Column("vehicle_type", ("车辆类型",)),
    Column("vehicle_class", ("车辆种类", "车辆使用类别")),
    Column("usage", ("使用性质",)),
    Column("seats", ("核定载客", "座位数", "核定载人数")),
    Column("first_registration", ("初次登记日期", "注册日期")),
    Column("purchase_price", ("新车购置价",)),
    Column("fuel", ("燃料种类", "能源类型")),
    Column("displacement_l", ("排量",)),
    Column("covers", ("承保险别", "险别")),
    Column("ncd_level", ("无赔款优待等级", "NCD等级")),
    Column("claims_last_year", ("上年出险次数",)),
    Column("reminder_consent", ("续保提醒", "同意续保提醒")),
    Column("assigned_to", ("负责人", "跟进人")),
)
BY_HEADING: dict[str, str] = {name: c.key for c in COLUMNS for name in (c.key, *c.headings)}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)

COVERAGE_WORDS = {
    "ctpl": "ctpl",
    "交强险": "ctpl",
    "commercial": "commercial",
    "商业险": "commercial",
    "both": "both",
    "交强险+商业险": "both",
    "交商": "both",
}
FUEL_WORDS = {
    "petrol": "petrol",
    "汽油": "petrol",
    "diesel": "diesel",
    "柴油": "diesel",
    "hybrid": "hybrid",
    "油电混合": "hybrid",
    "phev": "phev",
    "插电式混合动力": "phev",
    "插电混动": "phev",
    "bev": "bev",
    "纯电动": "bev",
    "fcev": "fcev",
    "燃料电池": "fcev",
    "gas": "gas",
    "天然气": "gas",
}
CHANNEL_WORDS = {"sms": "sms", "短信": "sms", "email": "email", "邮件": "email", "e-mail": "email"}
MAIN_COVER_WORDS = {
    "车损险": "vehicle_damage",
    "机动车损失保险": "vehicle_damage",
    "三者险": "third_party",
    "第三者责任保险": "third_party",
    "司机险": "driver",
    "车上人员责任保险（司机）": "driver",
    "乘客险": "passenger",
    "车上人员责任保险（乘客）": "passenger",
    "交强险": "ctpl",
    "机动车交通事故责任强制保险": "ctpl",
}
CLASS_BY_NAME = {name: code for code, name in VEHICLE_CLASSES.items()}
# A date relative to the day of the import: for example and training files, whose policies should
# fall due in the coming months whenever they are imported (resources/examples/book-import.csv).
_RELATIVE = re.compile(r"^today\s*(?:([+-])\s*(\d{1,4}))?$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MAX_TERM_DAYS = 366


@dataclass(frozen=True)
class Problem:
    column: str
    en: str
    zh: str

    def to_json(self, row: int) -> dict[str, Any]:
        return {"row": row, "column": self.column, "en": self.en, "zh": self.zh}


@dataclass
class CheckedRow:
    """What a good row stores (BookPolicy's columns), plus the reminder consent it carries."""

    values: dict[str, Any] = field(default_factory=dict)
    consent: tuple[str, ...] = ()  # channels the customer agreed to reminders on
    assignee: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.values["insurer"], self.values["policy_number"]


def cell_text(value: Any) -> str:
    """A cell as text: Excel gives numbers and dates, CSV gives text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel keeps whole numbers (seats, levels, years) as floats: 5.0 is "5".
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


class _Row:
    """Checks one row's cells, collecting every problem."""

    def __init__(self, raw: dict[str, str], today: date, cover_names: dict[str, str]) -> None:
        self.raw = raw
        self.today = today
        self.cover_names = cover_names
        self.problems: list[Problem] = []

    def bad(self, column: str, en: str, zh: str) -> None:
        self.problems.append(Problem(column, en, zh))

    def text(self, column: str, max_len: int, *, required: bool = False) -> str | None:
        value = self.raw.get(column, "").strip()
        if not value:
            if required:
                self.bad(column, "is empty; every row needs it", "为空，每行必填")
            return None
        problem = text_problem(value, max_len)
        if problem is not None:
            self.bad(column, problem[0], problem[1])
            return None
        return value

    def check(self, column: str, result: CheckResult) -> str | None:
        if result.valid:
            return result.value
        hint = f" ({result.suggestion_en})" if result.suggestion_en else ""
        self.bad(column, result.message_en + hint, result.message_zh)
        return None

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, 20, required=required)
        if value is None:
            return None
        rel = _RELATIVE.match(value)
        if rel:
            sign, n = rel.groups()
            days = int(n or 0) * (-1 if sign == "-" else 1)
            return self.today + timedelta(days=days)
        m = _DATE.match(value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
        self.bad(
            column,
            "is not a date; write it as 2026-03-15 (or today+30 in an example file)",
            "不是有效日期，请写作 2026-03-15",
        )
        return None

    def amount(self, column: str) -> Decimal | None:
        value = self.text(column, 20)
        if value is None:
            return None
        try:
            return check_amount(Decimal(value.replace(",", "")))
        except (InvalidOperation, ValueError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) and str(exc) else "is not an amount"
            self.bad(
                column,
                f"{reason}; write it in yuan like 950.00",
                "金额有误，请写作 950.00 这样的元金额",
            )
            return None

    def whole(self, column: str, low: int, high: int) -> int | None:
        value = self.text(column, 10)
        if value is None:
            return None
        try:
            n = int(value)
        except ValueError:
            n = None
        if n is None or not low <= n <= high:
            self.bad(
                column,
                f"is a whole number from {low} to {high}",
                f"须为 {low} 到 {high} 的整数",
            )
            return None
        return n

    def party(self, role: str, name_col: str, id_col: str, *, required: bool) -> dict | None:
        name = self.text(name_col, MAX_ORGANISATION_NAME, required=required)
        number = self.text(id_col, 40, required=required)
        if name is None and number is None:
            return None
        if name is None or number is None:
            missing = name_col if name is None else id_col
            self.bad(
                missing,
                f"is empty; the {role} needs both a name and an ID number",
                "为空：须同时填写姓名（名称）和证件号码",
            )
            return None
        kind_code, result = check_party(number)
        checked = self.check(id_col, result)
        if checked is None:
            return None
        kind = "person" if kind_code == "resident_id" else "organisation"
        if kind == "person":
            name = self.check(name_col, check_person_name(name))
            if name is None:
                return None
        return {"kind": kind, "name": name, "id_type": kind_code, "id_number": checked}


def check_row(
    raw: dict[str, str], today: date, cover_names: dict[str, str]
) -> CheckedRow | list[Problem]:
    """`raw`: column key → cell text. `cover_names`: every cover code and name the file may use
    (code → code, 车损险 → vehicle_damage, a rider's Chinese name → its code). Returns the row to
    store, or every problem found."""
    r = _Row(raw, today, cover_names)
    out = CheckedRow()
    v = out.values
    v["policy_number"] = r.text("policy_number", 64, required=True)
    v["insurer"] = r.text("insurer", MAX_ORGANISATION_NAME, required=True)
    start, end = r.day("start_date", required=True), r.day("end_date", required=True)
    if start is not None and end is not None:
        if end <= start:
            r.bad("end_date", "is not after the start date", "须晚于起保日期")
        elif (end - start).days >= _MAX_TERM_DAYS:
            r.bad(
                "end_date",
                "makes the policy longer than a year; give the last day it covers",
                "使保险期间超过一年，请填写保险责任的最后一天",
            )
    v["start_date"], v["end_date"] = start, end
    holder = r.party("policyholder", "holder_name", "holder_id_number", required=True)
    if holder is not None:
        v["holder_kind"], v["holder_name"] = holder["kind"], holder["name"]
        v["holder_id_type"], v["holder_id_number"] = holder["id_type"], holder["id_number"]
    phone = r.text("holder_phone", 32)
    v["holder_phone"] = r.check("holder_phone", check_mobile(phone)) if phone else None
    email = r.text("holder_email", 254)
    v["holder_email"] = r.check("holder_email", check_email(email)) if email else None
    v["holder_address"] = r.text("holder_address", MAX_ADDRESS)
    parties = {}
    for role, name_col, id_col in (
        ("insured", "insured_name", "insured_id_number"),
        ("owner", "owner_name", "owner_id_number"),
    ):
        party = r.party(role, name_col, id_col, required=False)
        if party is not None:
            parties[role] = party
    v["parties"] = parties or None

    vin = r.text("vin", 40, required=True)
    v["vin"] = r.check("vin", check_vin(vin)) if vin else None
    plate = r.text("plate", 16)
    v["plate"] = r.check("plate", check_plate(plate)) if plate else None
    vehicle: dict[str, Any] = {}
    engine = r.text("engine_number", 40)
    if engine:
        vehicle["engine_number"] = r.check("engine_number", check_engine_number(engine))
    for col, limit in (("brand_model", MAX_BRAND_MODEL), ("vehicle_type", MAX_VEHICLE_TYPE)):
        text = r.text(col, limit)
        if text:
            vehicle[col] = text
    cls = r.text("vehicle_class", MAX_SHORT_CODE)
    if cls:
        code = cls if cls in VEHICLE_CLASSES else CLASS_BY_NAME.get(cls)
        if code is None:
            r.bad(
                "vehicle_class",
                "is not a vehicle class; use a code such as family_car (docs/renewals.md)",
                "不是有效的车辆种类，请使用如“家庭自用汽车”的名称",
            )
        vehicle["class"] = code
    usage = r.text("usage", 8)
    if usage:
        vehicle["usage"] = r.check("usage", check_usage_code(usage))
    seats = r.whole("seats", 1, 80)
    if seats is not None:
        vehicle["seats"] = seats
    registered = r.day("first_registration")
    if registered is not None:
        if registered > today or (start is not None and registered > start):
            r.bad(
                "first_registration",
                "is after the policy started or in the future",
                "晚于起保日期或在将来",
            )
        vehicle["first_registration"] = registered.isoformat()
    price = r.amount("purchase_price")
    if price is not None:
        if price <= 0:
            r.bad("purchase_price", "must be above 0", "须大于 0")
        vehicle["purchase_price"] = (
            f"{price:.2f}" if price == price.quantize(Decimal("0.01")) else str(price)
        )
    fuel = r.text("fuel", 20)
    if fuel:
        code = FUEL_WORDS.get(fuel.lower()) or FUEL_WORDS.get(fuel)
        if code is None:
            r.bad(
                "fuel",
                "is not a fuel; use petrol, diesel, hybrid, phev, bev, fcev or gas",
                "燃料种类须为汽油、柴油、油电混合、插电式混合动力、纯电动、燃料电池或天然气",
            )
        vehicle["fuel"] = code
    displacement = r.text("displacement_l", 10)
    if displacement:
        try:
            litres = Decimal(displacement.upper().removesuffix("L").strip())
            if not Decimal("0") < litres <= Decimal("30"):
                raise InvalidOperation
            vehicle["displacement_l"] = str(litres)
        except InvalidOperation:
            r.bad("displacement_l", "is litres, such as 1.5", "排量须为升数，如 1.5")
    v["vehicle"] = vehicle

    covers = _covers(r)
    v["covers"] = covers
    ctpl, commercial = r.amount("premium_ctpl"), r.amount("premium_commercial")
    v["premium_ctpl"], v["premium_commercial"] = ctpl, commercial
    v["vehicle_tax"] = r.amount("vehicle_tax")
    v["premium"] = (
        (ctpl or Decimal("0.00")) + (commercial or Decimal("0.00"))
        if (ctpl is not None or commercial is not None)
        else None
    )
    v["coverage"] = _coverage(r, covers, ctpl, commercial)
    history: dict[str, Any] = {}
    level = r.whole("ncd_level", -4, 5)
    if level is not None:
        history["ncd_level"] = level
    claims = r.whole("claims_last_year", 0, 99)
    if claims is not None:
        history["claims_last_year"] = claims
    v["history"] = history
    consent = r.text("reminder_consent", 40)
    if consent:
        channels = []
        for part in re.split(r"[;,；，、\s]+", consent):
            if not part:
                continue
            channel = CHANNEL_WORDS.get(part.lower()) or CHANNEL_WORDS.get(part)
            if channel is None:
                r.bad(
                    "reminder_consent",
                    "names the channels the customer agreed to: sms, email or both (sms;email)",
                    "须为客户同意的提醒方式：短信、邮件或两者（短信;邮件）",
                )
                break
            channels.append(channel)
        out.consent = tuple(dict.fromkeys(channels))
        if "sms" in out.consent and not v.get("holder_phone") and not phone:
            r.bad(
                "holder_phone",
                "is empty, but reminders by SMS were agreed to",
                "为空，但客户同意短信提醒",
            )
        if "email" in out.consent and not v.get("holder_email") and not email:
            r.bad(
                "holder_email",
                "is empty, but reminders by e-mail were agreed to",
                "为空，但客户同意邮件提醒",
            )
    out.assignee = r.text("assigned_to", 32)
    if r.problems:
        return r.problems
    return out


def _covers(r: _Row) -> list[dict[str, Any]]:
    """`vehicle_damage;third_party:2000000;driver:10000` (codes, or their Chinese names)."""
    text = r.text("covers", 500)
    if not text:
        return []
    out: list[dict[str, Any]] = []
    for part in re.split(r"[;；,，、]+", text):
        part = part.strip()
        if not part:
            continue
        name, _, amount = part.partition(":") if ":" in part else part.partition("：")
        code = r.cover_names.get(name.strip())
        if code is None:
            r.bad(
                "covers",
                f"names a cover this desk does not know (item {len(out) + 1}); use the codes in docs/renewals.md",
                f"第 {len(out) + 1} 项险别无法识别，请使用文档中的险别代码或名称",
            )
            return []
        cover: dict[str, Any] = {"code": code}
        if amount.strip():
            try:
                cover["limit"] = str(check_amount(Decimal(amount.strip().replace(",", ""))))
            except (InvalidOperation, ValueError):
                r.bad(
                    "covers",
                    f"item {len(out) + 1}: the amount after ':' is not an amount in yuan",
                    f"第 {len(out) + 1} 项险别的保额不是有效金额",
                )
                return []
        if any(c["code"] == code for c in out):
            r.bad("covers", "names the same cover twice", "同一险别出现两次")
            return []
        out.append(cover)
    return out


def _coverage(
    r: _Row, covers: list[dict[str, Any]], ctpl: Decimal | None, commercial: Decimal | None
) -> str | None:
    text = r.text("coverage", 20)
    if text:
        kind = COVERAGE_WORDS.get(text.lower()) or COVERAGE_WORDS.get(text)
        if kind is None:
            r.bad(
                "coverage",
                "is ctpl, commercial or both (交强险, 商业险, 交强险+商业险)",
                "须为交强险、商业险或交强险+商业险",
            )
        return kind
    codes = {c["code"] for c in covers}
    has_ctpl = "ctpl" in codes or bool(ctpl)
    has_commercial = bool(codes - {"ctpl"}) or bool(commercial)
    if has_ctpl and has_commercial:
        return "both"
    if has_ctpl or has_commercial:
        return "ctpl" if has_ctpl else "commercial"
    r.bad(
        "coverage",
        "is empty and neither the covers nor the premiums say what the policy covered",
        "为空，且险别和保费均未说明承保内容",
    )
    return None
