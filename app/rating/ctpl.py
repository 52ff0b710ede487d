"""Compulsory insurance (交强险): base premium by class (a trailer a share of its truck's), accident
float by regional scheme, drink-driving surcharge, short-term rates by the month table.
docs/regulations.md §1. CTPL is never refused by underwriting (§8.7): only the statutory float
and surcharges apply to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.core.money import round_fen
from app.rating.regions import lookup, lookup_optional, region_name
from app.rating.request import QuoteRequest
from app.rating.table import Band, CtplClass, CtplLimits, CtplSection
from app.rating.terms import Term
from app.rating.worksheet import CTPL, Worksheet, WorksheetLine, num, pct, signed

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


# Built on every quote, with their own __init__ (app.rating.commercial.Factor says why).
@dataclass(slots=True, init=False)
class CtplLimitsPair:
    at_fault: CtplLimits
    no_fault: CtplLimits

    def __init__(self, at_fault: CtplLimits, no_fault: CtplLimits) -> None:
        self.at_fault = at_fault
        self.no_fault = no_fault

    def to_json(self) -> dict:
        return {
            "at_fault": {k: f"{v:.2f}" for k, v in self.at_fault.model_dump().items()},
            "no_fault": {k: f"{v:.2f}" for k, v in self.no_fault.model_dump().items()},
        }


# The statutory limit sets per accident (docs/regulations.md §1.1): (in force from, at fault,
# not at fault), each (death and disability, medical, property). A rate table states the set it
# prices with; these are for printing a policy whose signed content predates the limits being
# kept with it and whose own table is not on this desk.
STATUTORY_LIMIT_SETS: tuple[tuple[date, tuple[int, int, int], tuple[int, int, int]], ...] = (
    (date(2020, 9, 19), (180_000, 18_000, 2_000), (18_000, 1_800, 100)),  # 银保监发〔2020〕41号
    (date.min, (110_000, 10_000, 2_000), (11_000, 1_000, 100)),  # 2008 to 2020-09-18
)


def statutory_limits(start: date) -> CtplLimitsPair:
    """The statutory CTPL limits in force on a policy's start date."""
    _, at_fault, no_fault = next(row for row in STATUTORY_LIMIT_SETS if start >= row[0])

    def limits(parts: tuple[int, int, int]) -> CtplLimits:
        death, medical, property_ = (Decimal(p) for p in parts)
        return CtplLimits(death_disability=death, medical=medical, property=property_)

    return CtplLimitsPair(limits(at_fault), limits(no_fault))


@dataclass(slots=True, init=False)  # its own __init__, as CtplLimitsPair
class CtplResult:
    class_code: str
    base_premium: Decimal
    scheme: str
    float_code: str | None
    float_rate: Decimal
    surcharge_rate: Decimal
    short_term_rate: Decimal | None
    premium: Decimal
    # The statutory limits of the table it was priced with: printed in figures on the policy.
    limits: CtplLimitsPair | None
    # Why there is no float, for the float notice: first_policy, class, short_term, no_record.
    no_float: str | None
    short_term_months: int | None  # months charged, a part month counting as one

    def __init__(
        self,
        class_code: str,
        base_premium: Decimal,
        scheme: str,
        float_code: str | None,
        float_rate: Decimal,
        surcharge_rate: Decimal,
        short_term_rate: Decimal | None,
        premium: Decimal,
        limits: CtplLimitsPair | None = None,
        no_float: str | None = None,
        short_term_months: int | None = None,
    ) -> None:
        self.class_code = class_code
        self.base_premium = base_premium
        self.scheme = scheme
        self.float_code = float_code
        self.float_rate = float_rate
        self.surcharge_rate = surcharge_rate
        self.short_term_rate = short_term_rate
        self.premium = premium
        self.limits = limits
        self.no_float = no_float
        self.short_term_months = short_term_months

    def to_json(self) -> dict:
        return {
            "no_float": self.no_float,
            "limits": self.limits.to_json() if self.limits else None,
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


_UNITS = {"seats": ("座", " seats"), "tonnage": ("吨", " t"), "cc": ("毫升", " cc")}


def band_words(basis: str, band: Band) -> tuple[str, str]:
    """The band as the tariff names it: '6 座以下' / 'under 6 seats', '2–5 吨' / '2–5 t'."""
    if basis not in _UNITS:
        return "", ""
    zh_u, en_u = _UNITS[basis]
    lo, hi = num(band.min), num(band.max) if band.max is not None else None
    if band.upper_inclusive:  # motorcycles: ≤ 50 cc, over 50 up to 250 cc, over 250 cc
        if band.min == 0 and hi is not None:
            return f"{hi} {zh_u}及以下", f"{hi}{en_u} or less"
        if hi is None:
            return f"{lo} {zh_u}以上", f"over {lo}{en_u}"
        return f"{lo} {zh_u}以上至 {hi} {zh_u}（含）", f"over {lo} up to {hi}{en_u}"
    if band.min == 0 and hi is not None:
        return f"{hi} {zh_u}以下", f"under {hi}{en_u}"
    if hi is None:
        return f"{lo} {zh_u}及以上", f"{lo}{en_u} or more"
    return f"{lo}–{hi} {zh_u}（含 {lo} 不含 {hi}）", f"{lo} to under {hi}{en_u}"


def class_names(code: str, cls: CtplClass | None) -> tuple[str, str]:
    """A rating class by name in both languages (never its code in a sentence)."""
    if cls is None:
        return code, code.replace("_", " ")
    return cls.name_zh, cls.name_en or code.replace("_", " ")


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
    band: Band,
    term: Term,
    at_end: bool,
    ws: Worksheet,
) -> CtplResult:
    """`band` is the class's tariff band for the vehicle (app.rating.checks found it)."""
    v = req.vehicle  # request fields read once: pydantic attributes (app.rating.commercial)
    region = req.region
    first_ctpl = req.history.first_ctpl
    cls_code = v.vehicle_class
    class_base = band.premium
    base = exact = class_base
    limits = CtplLimitsPair(section.limits_at_fault, section.limits_no_fault)
    ws.append(CTPL)

    def base_line() -> WorksheetLine:
        name_zh, name_en = class_names(cls_code, cls)
        band_zh, band_en = band_words(cls.basis, band)
        return WorksheetLine(
            f"交强险基础保费：{name_zh}" + (f"，{band_zh}" if band_zh else "") + "（费率表）",
            f"CTPL base premium: {name_en}" + (f", {band_en}" if band_en else "") + " (tariff)",
            class_base,
        )

    ws.append(base_line)
    written = "{}"  # how the base enters the premium's formula
    if v.trailer:
        share = section.trailer_factor
        exact = class_base * share
        base = round_fen(exact)
        if not at_end:
            exact = base
        ws.append(
            lambda: WorksheetLine(
                f"挂车：按同吨位货车基础保费的 {pct(share)} 计收",
                f"trailer: {pct(share)} of the base premium of a truck of the same tonnage",
                base,
                f"{num(class_base)} × {num(share)}",
            )
        )
        if at_end:
            written = f"({num(class_base)} × {num(share)})"
    prefix, scheme = lookup(region, section.region_schemes, "CTPL floating scheme")
    if term.short:
        rate = section.short_term_month_rates[term.months - 1]
        premium = round_fen(exact * rate)
        months = term.months
        ws.append(
            lambda: WorksheetLine(
                f"交强险保费：短期保险 {term.start} 至 {term.end}，按 {months} 个月计（不足一月按一月计），"
                f"收年保费的 {pct(rate)}（短期保险不浮动）",
                f"CTPL premium: short term {term.start} to {term.end}, charged as {months} months (a part "
                f"month counts as one) at {pct(rate)} of the annual premium (short-term cover does not float)",
                premium,
                f"{written.format(num(base))} × {num(rate)}",
            )
        )
        return CtplResult(
            cls_code,
            base,
            scheme,
            None,
            Decimal(0),
            Decimal(0),
            rate,
            premium,
            limits,
            "short_term",
            months,
        )

    code = float_code(req)
    no_float = first_ctpl or not cls.floats
    x = Decimal(0) if (code is None or no_float) else section.schemes[scheme][code]  # type: ignore[index]
    if no_float:

        def float_line() -> WorksheetLine:
            name_zh, name_en = class_names(cls_code, cls)
            why_zh, why_en = (
                ("首次投保交强险的车辆不浮动", "a vehicle's first CTPL policy does not float")
                if req.history.first_ctpl
                else (f"{name_zh}的交强险不浮动", f"CTPL for a {name_en} does not float")
            )
            return WorksheetLine(
                f"费率浮动：{why_zh}，按基础保费计收",
                f"accident float: {why_en}; the base premium applies",
                x,
                "",
                money=False,
                percent=True,
            )

    elif code is None:

        def float_line() -> WorksheetLine:
            return WorksheetLine(
                "费率浮动：上一年度无交强险出险记录可据以浮动，按基础保费计收",
                "accident float: no record of last year to float on; the base premium applies",
                x,
                "",
                money=False,
                percent=True,
            )

    else:

        def float_line() -> WorksheetLine:
            zh, en = FLOAT_NAMES[code]  # type: ignore[index]
            change_zh = (
                "保费不浮动" if x == 0 else f"保费{'下浮' if x < 0 else '上浮'} {pct(abs(x))}"
            )
            change_en = (
                "no change to the premium"
                if x == 0
                else f"the premium goes {'down' if x < 0 else 'up'} {pct(abs(x))}"
            )
            return WorksheetLine(
                f"费率浮动 {code}：{zh}；{region_name(prefix, 'zh')}执行浮动方案 {scheme}，{change_zh}",
                f"accident float {code}: {en}; {region_name(prefix, 'en')} uses scheme {scheme}, {change_en}",
                x,
                "",
                money=False,
                percent=True,
            )

    ws.append(float_line)
    drink = lookup_optional(region, section.drink_driving_by_region) or section.drink_driving
    h = req.history
    raw = (
        drink.drink_per_occurrence * h.drink_driving + drink.drunk_per_occurrence * h.drunk_driving
    )
    surcharge = min(raw, drink.cap)
    if raw:
        ws.append(
            lambda: WorksheetLine(
                f"酒驾上浮：饮酒驾驶 {h.drink_driving} 次 × {pct(drink.drink_per_occurrence)} + 醉酒驾驶 "
                f"{h.drunk_driving} 次 × {pct(drink.drunk_per_occurrence)}，累计最高 {pct(drink.cap)}",
                f"drink-driving surcharge: {h.drink_driving} drink-driving × {pct(drink.drink_per_occurrence)} + "
                f"{h.drunk_driving} drunk-driving × {pct(drink.drunk_per_occurrence)}, at most {pct(drink.cap)} in all",
                surcharge,
                f"{num(raw)}" if raw <= drink.cap else f"{num(drink.cap)}",
                money=False,
                percent=True,
            )
        )
    multiply = drink.combine == "multiply"
    premium = round_fen(
        exact * (ONE + x) * (ONE + surcharge) if multiply else exact * (ONE + x + surcharge)
    )

    def premium_line() -> WorksheetLine:
        shown = written.format(num(base))
        return WorksheetLine(
            "交强险保费 = 基础保费 × (1 + 浮动比率)"
            + ((" × (1 + 酒驾上浮)" if multiply else "，酒驾上浮与浮动比率相加") if raw else ""),
            "CTPL premium = base premium × (1 + float)"
            + (
                (
                    " × (1 + drink-driving surcharge)"
                    if multiply
                    else ", the surcharge added to the float"
                )
                if raw
                else ""
            ),
            premium,
            f"{shown} × (1 {signed(x)})"
            if not surcharge
            else (
                f"{shown} × (1 {signed(x)}) × (1 {signed(surcharge)})"
                if multiply
                else f"{shown} × (1 {signed(x)} {signed(surcharge)})"
            ),
        )

    ws.append(premium_line)
    why = (
        ("first_policy" if first_ctpl else "class")
        if no_float
        else ("no_record" if code is None else None)
    )
    return CtplResult(
        cls_code, base, scheme, None if no_float else code, x, surcharge, None, premium, limits, why
    )
