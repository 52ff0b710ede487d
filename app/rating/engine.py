"""`quote(request, table) -> Quote`: a pure function (no I/O, no clock, no database). Head office
re-prices uploaded policies with it, so the same (request, table) always gives the same fen.

A request is checked in full first (app.rating.checks: every problem listed at once); pricing
then only computes. Per-table work (clause sets, compiled underwriting rules) is done once per
table, not per quote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.core.money import ZERO, fmt_money, round_fen
from app.rating.checks import check, pricing_window
from app.rating.commercial import (
    MAIN_COVERS,
    Factor,
    Line,
    apply_factors,
    main_cover_line,
    rider_line,
)
from app.rating.ctpl import CtplResult, price_ctpl
from app.rating.ncd import ncd_coefficient
from app.rating.regions import lookup_optional
from app.rating.request import QuoteRequest, parse_request
from app.rating.table import Clauses, RateTable
from app.rating.terms import Term
from app.rating.vehicle_tax import TaxResult, price_tax
from app.rating.worksheet import (
    COMMERCIAL,
    TOTAL,
    Worksheet,
    WorksheetLine,
    amount,
    materialize,
    num,
    pct,
)
from app.rating.worksheet_text import worksheet_json
from app.underwriting.decisions import Decision

ONE = Decimal(1)
ROUNDING_TEXT = {
    "where_made": (
        "舍入：基准保费先按分四舍五入，再乘以各项系数；每项保费只舍入一次",
        "rounding: each base premium is rounded to the fen where it is made, then multiplied by the "
        "factors; each premium is rounded once",
    ),
    "at_end": (
        "舍入：基准保费不先舍入，乘以各项系数后每项保费按分四舍五入一次",
        "rounding: base premiums are not rounded on their own; each premium is rounded to the fen "
        "once, after the factors",
    ),
}


# One a quote, with its own __init__ (app.rating.commercial.Factor says why).
@dataclass(init=False)
class Quote:
    rate_table_version: int
    illustrative: bool
    start_date: date
    end_date: date
    ctpl: CtplResult | None
    lines: list[Line]
    vehicle_tax: TaxResult | None
    actual_value: Decimal
    worksheet_source: Worksheet
    underwriting: Decision | None  # filled by quote_and_underwrite
    facts: dict[str, Any]
    term: Term | None
    clauses: Clauses | None  # the commercial clause set, when there is commercial cover
    rounding: str
    request: QuoteRequest | None  # what was priced (the worksheet names its region)

    def __init__(
        self,
        rate_table_version: int,
        illustrative: bool,
        start_date: date,
        end_date: date,
        ctpl: CtplResult | None,
        lines: list[Line],
        vehicle_tax: TaxResult | None,
        actual_value: Decimal,
        worksheet_source: Worksheet,
        underwriting: Decision | None = None,
        facts: dict[str, Any] | None = None,
        term: Term | None = None,
        clauses: Clauses | None = None,
        rounding: str = "where_made",
        request: QuoteRequest | None = None,
    ) -> None:
        self.rate_table_version = rate_table_version
        self.illustrative = illustrative
        self.start_date = start_date
        self.end_date = end_date
        self.ctpl = ctpl
        self.lines = lines
        self.vehicle_tax = vehicle_tax
        self.actual_value = actual_value
        self.worksheet_source = worksheet_source
        self.underwriting = underwriting
        self.facts = {} if facts is None else facts
        self.term = term
        self.clauses = clauses
        self.rounding = rounding
        self.request = request

    @property
    def immediate(self) -> bool:
        """Cover starts at the moment of issue (即时生效), not 00:00 of the start date."""
        return bool(self.term and self.term.immediate)

    @property
    def decision(self) -> Decision:
        """The underwriting decision, which every quote from quote_and_underwrite carries."""
        if self.underwriting is None:
            raise ValueError(
                "this quote was not underwritten (quote_and_underwrite attaches the decision)"
            )
        return self.underwriting

    @property
    def worksheet(self) -> list[WorksheetLine]:
        return materialize(self.worksheet_source)

    @property
    def commercial_total(self) -> Decimal:
        return sum((ln.premium for ln in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return (
            (self.ctpl.premium if self.ctpl else ZERO)
            + self.commercial_total
            + (self.vehicle_tax.total if self.vehicle_tax else ZERO)
        )

    def clauses_json(self) -> dict[str, Any] | None:
        c = self.clauses
        if c is None:
            return None
        return {
            "code": c.code,
            "name_zh": c.name_zh,
            "name_en": c.name_en,
            "illustrative": c.illustrative,
        }

    def to_json(self) -> dict[str, Any]:
        t = self.term
        return {
            "rate_table_version": self.rate_table_version,
            "illustrative": self.illustrative,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "term": {
                "immediate": t.immediate,
                "months": t.months,
                "days": t.days,
                "short_term": t.short,
            }
            if t
            else None,
            "ctpl": self.ctpl.to_json() if self.ctpl else None,
            "commercial": {
                "clauses": self.clauses_json(),
                "lines": [ln.to_json() for ln in self.lines],
                "total": fmt_money(self.commercial_total),
            },
            "lines": [ln.to_json() for ln in self.lines],
            "vehicle_tax": self.vehicle_tax.to_json() if self.vehicle_tax else None,
            "actual_value": fmt_money(self.actual_value),
            "rounding": self.rounding,
            "total": fmt_money(self.total),
            "worksheet": worksheet_json(self),
            "underwriting": self.underwriting.to_json() if self.underwriting is not None else None,
        }


def end_of_term(req: QuoteRequest) -> date:
    """The last day of cover a request asks for (checked requests only; app.rating.terms)."""
    from app.rating.terms import term_of

    term, _problems = term_of(req.start_date, req.end_date, req.short_term_months, req.immediate)
    return term.end if term is not None else req.start_date


def _promotion_factors(req: QuoteRequest, chosen: list, ws: Worksheet) -> dict[str, Factor]:
    """The promotion factor of each commercial cover code ("*": every cover a promotion does not
    restrict): a promotion applies only to the covers it names."""
    if not chosen:
        return {}
    names = "、".join(p.name_zh for p in chosen)
    names_en = ", ".join(p.code.replace("_", " ") for p in chosen)
    overall = ONE
    for p in chosen:
        overall *= ONE - p.discount
    covers_zh = "" if all(not p.covers for p in chosen) else "（仅适用于优惠所列险种）"
    covers_en = "" if all(not p.covers for p in chosen) else " (only on the covers they name)"
    ws.append(
        lambda: WorksheetLine(
            f"优惠系数：{names}，商业险保费打 {num(overall * 10)} 折{covers_zh}",
            f"promotion factor: {names_en}, {pct(1 - overall)} off the commercial premium{covers_en}",
            overall,
            "",
            money=False,
        )
    )
    out: dict[str, Factor] = {}
    codes = {c.code for c in req.coverages if c.code != "ctpl"}
    for code in codes:
        factor = ONE
        applied = []
        for p in chosen:
            if not p.covers or code in p.covers:
                factor *= ONE - p.discount
                applied.append(p.code)
        if applied:
            out[code] = Factor(
                "优惠系数", "promotion factor", factor, "promotions: " + ", ".join(applied)
            )
    return out


def quote(request: QuoteRequest | dict[str, Any], table: RateTable) -> Quote:
    req = parse_request(request)
    c = check(req, table)
    rule = table.rounding.base_premiums
    at_end = rule == "at_end"
    term = c.term
    ws: Worksheet = []
    clauses = c.clauses
    ctpl = (
        price_ctpl(req, table.ctpl, c.ctpl_class, c.ctpl_band, term, at_end, ws)
        if c.ctpl_class is not None and c.ctpl_band is not None
        else None
    )
    tax = (
        price_tax(req, table.vehicle_tax, c.collected_on, c.tax, ws)
        if ctpl is not None and c.tax is not None
        else None
    )

    lines: list[Line] = []
    if clauses is not None:
        ws.append(COMMERCIAL)
        dep = clauses.depreciation
        price, rate, months, value = (
            req.vehicle.purchase_price,
            c.depreciation_rate,
            c.months_used,
            c.actual_value,
        )
        ws.append(
            lambda: WorksheetLine(
                f"商业险条款：{clauses.name_zh}" + ("（示例费率）" if clauses.illustrative else ""),
                f"commercial clauses: {clauses.name_en}"
                + (" (illustrative rates)" if clauses.illustrative else ""),
                ZERO,
                "",
                money=False,
                kind="note",
            )
        )
        ws.append(
            lambda: WorksheetLine(
                ROUNDING_TEXT[rule][0], ROUNDING_TEXT[rule][1], ZERO, "", money=False, kind="note"
            )
        )

        def value_line() -> WorksheetLine:
            share = min(rate * months, dep.cap)
            capped = rate * months > dep.cap
            return WorksheetLine(
                f"车辆实际价值：新车购置价 {amount(price)}，已使用 {months} 个整月 × 月折旧率 {pct(rate)}"
                + (f"，折旧以 {pct(dep.cap)} 为限" if capped else f"，共折旧 {pct(share)}"),
                f"actual value: new-car price {amount(price)}, {months} whole months used × {pct(rate)} a month"
                + (
                    f", depreciation capped at {pct(dep.cap)}"
                    if capped
                    else f", {pct(share)} in all"
                ),
                value,
                f"{num(price)} − {num(price)} × {num(share)}",
            )

        ws.append(value_line)
        mains: dict[str, Line] = {}
        for cov in c.mains:
            main_line = main_cover_line(cov, req, clauses, c.sum_insured, c.age, at_end, ws)
            mains[main_line.code] = main_line
            lines.append(main_line)
        for cov, rider, main in c.riders:
            lines.append(rider_line(cov, rider, mains[main], req, clauses, c.age, at_end, ws))
        level = req.history.ncd_level
        ncd = ncd_coefficient(level, table.commercial.ncd)
        common = [
            Factor("无赔款优待系数", "no-claim discount", ncd, f"NCD level {level}"),
            Factor("自主定价系数", "pricing coefficient", req.pricing_coefficient, "outlet"),
        ]
        ws.append(
            lambda: WorksheetLine(
                f"无赔款优待系数：等级 {level}（等级越低优惠越多：负数为连续未出险，0 为新车或无记录，正数为上年出险）",
                f"no-claim discount: level {level} (the lower the better: negative for claim-free years, "
                "0 for a new car or no record, positive after claims)",
                ncd,
                "",
                money=False,
            )
        )
        pc = req.pricing_coefficient

        def pricing_line() -> WorksheetLine:
            lo, hi = pricing_window(req, table)
            return WorksheetLine(
                f"自主定价系数：由保险公司在本地区允许范围 {num(lo)}–{num(hi)} 内确定",
                f"pricing coefficient: set by the insurer within this region's range {num(lo)}–{num(hi)}",
                pc,
                "",
                money=False,
            )

        ws.append(pricing_line)
        tv = c.violation
        if tv is not None:
            common.append(Factor("交通违法系数", "traffic-violation coefficient", tv, "region"))

            def violation_line(tv: Decimal = tv) -> WorksheetLine:
                band = lookup_optional(req.region, table.commercial.traffic_violation)
                lo_tv, hi_tv = (band.min, band.max) if band else (tv, tv)
                return WorksheetLine(
                    f"交通违法系数：本地区按车辆交通违法记录在 {num(lo_tv)}–{num(hi_tv)} 之间确定",
                    f"traffic-violation coefficient: this region sets it from the vehicle's violations, "
                    f"{num(lo_tv)}–{num(hi_tv)}",
                    tv,
                    "",
                    money=False,
                )

            ws.append(violation_line)
        product = ONE
        for f in common:
            product *= f.value
        promo = _promotion_factors(req, c.promotions, ws)
        days: tuple[int, int] | None = None
        if term.short:
            diy = table.commercial.short_term.days_in_year
            days = (term.days, diy)
            ws.append(
                lambda: WorksheetLine(
                    f"商业险短期：按日计收，保险天数 {term.days} 天 ÷ {diy} 天",
                    f"commercial cover for a short term is kept by day: {term.days} days of cover ÷ {diy}",
                    (Decimal(term.days) / diy).quantize(Decimal("0.0001")),
                    "",
                    money=False,
                )
            )
            day_factor = Factor(
                "短期按日系数",
                "short term, pro rata by day",
                Decimal(term.days) / diy,
                "term",
                f"{term.days}/{diy}",
            )
        for ln in lines:
            own = promo.get(ln.code)
            factors = common if own is None else [*common, own]
            if days is not None:
                factors = [*factors, day_factor]
            apply_factors(ln, factors, product * own.value if own else product, at_end, days, ws)
    q = Quote(
        table.version,
        table.illustrative,
        term.start,
        term.end,
        ctpl,
        lines,
        tax,
        c.actual_value,
        ws,
        term=term,
        clauses=clauses,
        rounding=rule,
        request=req,
    )
    ws.append(TOTAL)

    # The line reads the parts, never `q`: q holds the worksheet, and a line holding q would make
    # every quote a reference cycle left to the garbage collector (221 objects a quote, measured).
    def total_line() -> WorksheetLine:
        parts = [
            *([ctpl.premium] if ctpl else []),
            *([sum((ln.premium for ln in lines), ZERO)] if lines else []),
            *([tax.total] if tax else []),
        ]
        return WorksheetLine(
            "应缴合计 = 交强险保费 + 商业险保费 + 代收车船税",
            "total to pay = CTPL premium + commercial premium + vehicle tax collected",
            round_fen(sum(parts, ZERO)),
            " + ".join(num(x) for x in parts) or "0",
        )

    ws.append(total_line)
    q.facts = _facts(req, q, c.months_used)
    return q


def _facts(req: QuoteRequest, q: Quote, months: int) -> dict[str, Any]:
    vd = None
    for ln in q.lines:
        if ln.code == "vehicle_damage":
            vd = ln
    v, h = req.vehicle, req.history
    return {
        "vehicle.class": v.vehicle_class,
        "vehicle.usage": v.usage,
        "vehicle.seats": v.seats or 0,
        "vehicle.age_years": Decimal(months) / 12,
        "vehicle.purchase_price": v.purchase_price,
        "vehicle.fuel": v.fuel,
        "history.drink_driving": h.drink_driving,
        "history.drunk_driving": h.drunk_driving,
        "history.ctpl_fatal_at_fault_last_year": h.ctpl_fatal_at_fault_last_year,
        "history.ncd_level": h.ncd_level,
        "pricing_coefficient": req.pricing_coefficient,
        "covers": [c.code for c in req.coverages],
        "commercial.total": q.commercial_total,
        "vehicle_damage.sum_insured": vd.sum_insured if vd else Decimal(0),
        "vehicle_damage.sum_insured_ratio": (vd.sum_insured / q.actual_value)
        if vd and vd.sum_insured and q.actual_value
        else Decimal(1),
    }


__all__ = ["MAIN_COVERS", "Quote", "end_of_term", "quote"]
