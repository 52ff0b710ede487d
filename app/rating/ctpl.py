"""Compulsory insurance (交强险): base premium by class, accident float by regional scheme,
drink-driving surcharge, short-term rates. docs/regulations.md §1."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.core.errors import InvalidInput
from app.core.money import round_fen
from app.rating.regions import REGION_NAMES_EN, lookup, lookup_optional
from app.rating.request import QuoteRequest
from app.rating.table import CtplSection
from app.rating.worksheet import Worksheet, WorksheetLine, num, signed
from app.vehicle.codes import VEHICLE_CLASS_NAMES_EN

ONE = Decimal(1)
FLOAT_NAMES = {
    "A1": ("上一年度未发生有责任道路交通事故", "no at-fault accident in the last year"),
    "A2": ("上两个年度未发生有责任道路交通事故", "none in the last two years"),
    "A3": ("上三个及以上年度未发生有责任道路交通事故", "none in the last three or more years"),
    "A4": (
        "上一年度发生一次有责任不涉及死亡的道路交通事故",
        "one at-fault accident last year, no death",
    ),
    "A5": ("上一年度发生两次及以上有责任道路交通事故", "two or more at-fault accidents last year"),
    "A6": ("上一年度发生有责任道路交通死亡事故", "an at-fault fatal accident last year"),
}


@dataclass(frozen=True)
class CtplResult:
    class_code: str
    base_premium: Decimal
    scheme: str
    float_code: str | None
    float_rate: Decimal
    surcharge_rate: Decimal
    short_term_rate: Decimal | None
    premium: Decimal

    def to_json(self) -> dict:
        return {
            "class": self.class_code,
            "base_premium": f"{self.base_premium:.2f}",
            "scheme": self.scheme,
            "float_code": self.float_code,
            "float_rate": f"{self.float_rate:.2f}",
            "surcharge_rate": f"{self.surcharge_rate:.2f}",
            "short_term_rate": str(self.short_term_rate)
            if self.short_term_rate is not None
            else None,
            "premium": f"{self.premium:.2f}",
        }


def _measure(req: QuoteRequest, basis: str) -> Decimal:
    v = req.vehicle
    value = {"seats": v.seats, "tonnage": v.tonnage, "cc": v.cc, "none": Decimal(0)}[basis]
    if value is None:
        raise InvalidInput(
            f"vehicle.{basis} is needed to price CTPL for class {v.vehicle_class}.",
            zh=f"交强险报价需要车辆的 {basis}（{v.vehicle_class}）。",
        )
    return Decimal(value)


def base_premium(req: QuoteRequest, section: CtplSection) -> Decimal:
    cls = section.classes.get(req.vehicle.vehicle_class)
    if cls is None:
        raise InvalidInput(
            f"vehicle.class {req.vehicle.vehicle_class!r} is not a CTPL class of this table; "
            f"choose one of {', '.join(sorted(section.classes))}.",
            zh=f"车辆类别 {req.vehicle.vehicle_class} 不在交强险费率表中。",
        )
    x = _measure(req, cls.basis)
    for band in cls.bands:
        if band.contains(x):
            return band.premium
    raise InvalidInput(
        f"No CTPL band of {req.vehicle.vehicle_class} covers {cls.basis} = {x}.",
        zh=f"{cls.name_zh} 的交强险费率表没有 {x} 对应的档次。",
    )


def float_code(req: QuoteRequest) -> str | None:
    h = req.history
    if h.ctpl_fatal_at_fault_last_year:
        return "A6"
    if h.ctpl_at_fault_claims_last_year >= 2:
        return "A5"
    if h.ctpl_at_fault_claims_last_year == 1:
        return "A4"
    if h.ctpl_claim_free_years >= 3:
        return "A3"
    return {2: "A2", 1: "A1"}.get(h.ctpl_claim_free_years)


def price_ctpl(req: QuoteRequest, section: CtplSection, ws: Worksheet) -> CtplResult:
    cls_code = req.vehicle.vehicle_class
    cls = section.classes.get(cls_code)
    base = base_premium(req, section)
    if req.vehicle.trailer:
        base = round_fen(base * section.trailer_factor)
    prefix, scheme = lookup(req.region, section.region_schemes, "CTPL floating scheme")
    region_name = section.region_names_zh.get(prefix, prefix)
    ws.append(
        lambda: WorksheetLine(
            f"交强险基础保费（{cls.name_zh if cls else cls_code}）",
            f"CTPL base premium ({VEHICLE_CLASS_NAMES_EN.get(cls_code, cls_code)})",
            base,
        )
    )
    if req.short_term_months:
        rate = section.short_term_month_rates[req.short_term_months - 1]
        premium = round_fen(base * rate)
        ws.append(
            lambda: WorksheetLine(
                f"短期交强险 {req.short_term_months} 个月，按年保费 {num(rate * 100)}%（短期不浮动）",
                f"short-term CTPL, {req.short_term_months} months at {num(rate * 100)}% (no float)",
                premium,
                f"{num(base)} × {num(rate)}",
            )
        )
        return CtplResult(cls_code, base, scheme, None, Decimal(0), Decimal(0), rate, premium)

    code = float_code(req)
    no_float = req.history.first_ctpl or (cls is not None and not cls.floats)
    x = Decimal(0) if (code is None or no_float) else section.schemes[scheme][code]  # type: ignore[index]
    if no_float:
        ws.append(
            lambda: WorksheetLine(
                "不浮动（首次投保或该车类不浮动）",
                "no float (first policy, or this class does not float)",
                x,
                "",
                money=False,
            )
        )
    else:
        zh, en = FLOAT_NAMES.get(
            code or "", ("无浮动因素，按基础保费", "no floating factor, the base premium")
        )
        tag = f" {code}" if code else ""
        ws.append(
            lambda: WorksheetLine(
                f"事故浮动{tag}：{zh}（方案{scheme}，{region_name}）",
                f"accident float{tag}: {en} (scheme {scheme}, {REGION_NAMES_EN.get(prefix, prefix)})",
                x,
                "",
                money=False,
            )
        )
    drink = lookup_optional(req.region, section.drink_driving_by_region) or section.drink_driving
    h = req.history
    raw = (
        drink.drink_per_occurrence * h.drink_driving + drink.drunk_per_occurrence * h.drunk_driving
    )
    surcharge = min(raw, drink.cap)
    if raw:
        ws.append(
            lambda: WorksheetLine(
                f"酒驾上浮：饮酒 {h.drink_driving} 次 × {num(drink.drink_per_occurrence)} + 醉酒 {h.drunk_driving} 次 × "
                f"{num(drink.drunk_per_occurrence)}，上限 {num(drink.cap)}",
                f"drink-driving surcharge: {h.drink_driving} × {num(drink.drink_per_occurrence)} + {h.drunk_driving} × "
                f"{num(drink.drunk_per_occurrence)}, capped at {num(drink.cap)}",
                surcharge,
                f"{num(raw)}" if raw <= drink.cap else f"{num(drink.cap)}",
                money=False,
            )
        )
    multiply = drink.combine == "multiply"
    premium = round_fen(
        base * (ONE + x) * (ONE + surcharge) if multiply else base * (ONE + x + surcharge)
    )
    ws.append(
        lambda: WorksheetLine(
            "交强险保费",
            "CTPL premium",
            premium,
            f"{num(base)} × (1 {signed(x)}) × (1 {signed(surcharge)})"
            if multiply
            else f"{num(base)} × (1 {signed(x)} {signed(surcharge)})",
        )
    )
    return CtplResult(
        cls_code, base, scheme, None if no_float else code, x, surcharge, None, premium
    )
