"""Compulsory insurance (交强险): base premium by class (a trailer a share of its truck's), accident
float by regional scheme, drink-driving surcharge, short-term rates by the month table.
docs/regulations.md §1. CTPL is never refused by underwriting (§8.7): only the statutory float
and surcharges apply to it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.core.money import round_fen
from app.rating.regions import lookup, lookup_optional
from app.rating.request import QuoteRequest
from app.rating.table import CtplClass, CtplSection
from app.rating.terms import Term
from app.rating.worksheet import Worksheet, WorksheetLine, num, signed

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


@dataclass(slots=True)  # built on every quote: a frozen init costs several µs
class CtplResult:
    class_code: str
    base_premium: Decimal
    scheme: str
    float_code: str | None
    float_rate: Decimal
    surcharge_rate: Decimal
    short_term_rate: Decimal | None
    premium: Decimal
    short_term_months: int | None = None  # months charged, a part month counting as one

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
            "short_term_months": self.short_term_months,
            "premium": f"{self.premium:.2f}",
        }


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


def price_ctpl(
    req: QuoteRequest,
    section: CtplSection,
    cls: CtplClass,
    class_base: Decimal,
    term: Term,
    at_end: bool,
    ws: Worksheet,
) -> CtplResult:
    """`class_base` is the class's annual base premium for the vehicle's band (app.rating.checks)."""
    cls_code = req.vehicle.vehicle_class
    prefix, scheme = lookup(req.region, section.region_schemes, "CTPL floating scheme")
    region_name = section.region_names_zh.get(prefix, prefix)
    base = class_base
    exact = class_base
    ws.append(
        lambda: WorksheetLine(
            f"交强险基础保费（{cls.name_zh}）",
            f"CTPL base premium ({cls_code})",
            class_base,
        )
    )
    shown_base = "{}"
    if req.vehicle.trailer:
        share = section.trailer_factor
        exact = class_base * share
        base = round_fen(exact)
        if not at_end:
            exact = base
        ws.append(
            lambda: WorksheetLine(
                f"挂车：按同吨位货车基础保费的 {num(share * 100)}%",
                f"trailer: {num(share * 100)}% of a truck of the same tonnage",
                base,
                f"{num(class_base)} × {num(share)}",
            )
        )
        shown_base = f"({num(class_base)} × {num(share)})" if at_end else "{}"
    written = shown_base.format(num(base))
    if term.short:
        rate = section.short_term_month_rates[term.months - 1]
        premium = round_fen(exact * rate)
        months = term.months
        ws.append(
            lambda: WorksheetLine(
                f"短期交强险 {term.start} 至 {term.end}，按 {months} 个月（不足一月按一月计）计年保费的 {num(rate * 100)}%（短期不浮动）",
                f"short-term CTPL {term.start} to {term.end}: {months} months (a part month counts as one) at "
                f"{num(rate * 100)}% of the annual premium (no float)",
                premium,
                f"{written} × {num(rate)}",
            )
        )
        return CtplResult(
            cls_code, base, scheme, None, Decimal(0), Decimal(0), rate, premium, months
        )

    code = float_code(req)
    no_float = req.history.first_ctpl or not cls.floats
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
                f"accident float{tag}: {en} (scheme {scheme}, region {prefix})",
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
        exact * (ONE + x) * (ONE + surcharge) if multiply else exact * (ONE + x + surcharge)
    )
    ws.append(
        lambda: WorksheetLine(
            "交强险保费",
            "CTPL premium",
            premium,
            f"{written} × (1 {signed(x)}) × (1 {signed(surcharge)})"
            if multiply
            else f"{written} × (1 {signed(x)} {signed(surcharge)})",
        )
    )
    return CtplResult(
        cls_code, base, scheme, None if no_float else code, x, surcharge, None, premium, None
    )
