"""`quote(request, table) -> Quote`: a pure function (no I/O, no clock, no database). Head office
re-prices uploaded policies with it, so the same (request, table) always gives the same fen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.core.errors import InvalidInput
from app.core.money import ZERO, fmt_money, round_fen
from app.rating.commercial import (
    MAIN_COVERS,
    Factor,
    Line,
    apply_factors,
    main_cover_line,
    rider_line,
)
from app.rating.ctpl import CtplResult, price_ctpl
from app.rating.depreciation import actual_value, monthly_rate, whole_months
from app.rating.ncd import ncd_coefficient
from app.rating.regions import lookup_optional
from app.rating.request import QuoteRequest, parse_request
from app.rating.table import RateTable
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
from app.underwriting import Decision


@dataclass
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
    underwriting: Decision | None = None  # filled by quote_and_underwrite
    facts: dict[str, Any] = field(default_factory=dict)
    request: QuoteRequest | None = None  # what was priced (the worksheet names its region)

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

    def to_json(self) -> dict[str, Any]:
        return {
            "rate_table_version": self.rate_table_version,
            "illustrative": self.illustrative,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "ctpl": self.ctpl.to_json() if self.ctpl else None,
            "commercial": {
                "lines": [ln.to_json() for ln in self.lines],
                "total": fmt_money(self.commercial_total),
            },
            "lines": [ln.to_json() for ln in self.lines],
            "vehicle_tax": self.vehicle_tax.to_json() if self.vehicle_tax else None,
            "actual_value": fmt_money(self.actual_value),
            "total": fmt_money(self.total),
            "worksheet": worksheet_json(self),
            "underwriting": self.underwriting.to_json() if self.underwriting is not None else None,
        }


def end_of_term(req: QuoteRequest) -> date:
    if req.end_date:
        return req.end_date
    start = req.start_date
    months = req.short_term_months or 12
    y, m = divmod(start.month - 1 + months, 12)
    try:
        same_day = start.replace(year=start.year + y, month=m + 1)
    except ValueError:  # 29 Feb → 28 Feb
        same_day = start.replace(year=start.year + y, month=m + 1, day=28)
    return date.fromordinal(same_day.toordinal() - 1)


def _pricing_window(req: QuoteRequest, table: RateTable) -> tuple[Decimal, Decimal]:
    pc = table.commercial.pricing_coefficient
    windows = lookup_optional(req.region, pc.by_region) or pc.national
    current = [w for w in windows if w.effective_from <= req.start_date]
    if not current:
        raise InvalidInput(
            "No pricing-coefficient range is in force on the start date.",
            zh="起保日期无适用的自主定价系数范围。",
        )
    w = max(current, key=lambda w: w.effective_from)
    return w.min, w.max


def check_pricing_coefficient(req: QuoteRequest, table: RateTable) -> None:
    lo, hi = _pricing_window(req, table)
    c = req.pricing_coefficient
    if not lo <= c <= hi:
        raise InvalidInput(
            f"The pricing coefficient {num(c)} is outside the range allowed in this region on {req.start_date} "
            f"({num(lo)}–{num(hi)}); choose a value within it.",
            zh=f"自主定价系数 {num(c)} 超出该地区 {req.start_date} 适用的范围（{num(lo)}–{num(hi)}），请重新选择。",
        )
    pc = table.commercial.pricing_coefficient
    if not pc.outlet_min <= c <= pc.outlet_max:
        raise InvalidInput(
            f"An outlet may use a pricing coefficient of {num(pc.outlet_min)}–{num(pc.outlet_max)}; {num(c)} needs head office.",
            zh=f"网点可使用的自主定价系数为 {num(pc.outlet_min)}–{num(pc.outlet_max)}，{num(c)} 须总公司审批。",
        )


def _promotion_factor(req: QuoteRequest, table: RateTable, ws: Worksheet) -> list[Factor]:
    if not req.promotions:
        return []
    by_code = {p.code: p for p in table.promotions.items}
    chosen = []
    for code in req.promotions:
        p = by_code.get(code)
        if p is None:
            raise InvalidInput(
                f"There is no promotion {code!r} in this rate table.",
                zh=f"费率表中没有优惠活动 {code}。",
            )
        if not p.valid_from <= req.start_date <= p.valid_to:
            raise InvalidInput(
                f"Promotion {code} runs {p.valid_from}–{p.valid_to}; the policy starts {req.start_date}.",
                zh=f"优惠活动 {p.name_zh} 有效期为 {p.valid_from} 至 {p.valid_to}，不适用于该起保日期。",
            )
        if p.channels and req.channel not in p.channels:
            raise InvalidInput(
                f"Promotion {code} is not offered through {req.channel}.",
                zh=f"{p.name_zh} 不适用于该渠道。",
            )
        if p.vehicle_classes and req.vehicle.vehicle_class not in p.vehicle_classes:
            raise InvalidInput(
                f"Promotion {code} is not for this vehicle class.",
                zh=f"{p.name_zh} 不适用于该车类。",
            )
        chosen.append(p)
    if len(chosen) > 1 and not all(p.stackable for p in chosen):
        alone = [p.code for p in chosen if not p.stackable]
        raise InvalidInput(
            f"Promotion(s) {', '.join(alone)} cannot be combined with others; choose one.",
            zh="以下优惠不能与其他优惠同时使用："
            + "、".join(p.name_zh for p in chosen if not p.stackable)
            + "。",
        )
    factor = Decimal(1)
    for p in chosen:
        factor *= 1 - p.discount
    if factor < table.promotions.floor:
        raise InvalidInput(
            f"These promotions together ({num(factor)}) go below the floor {num(table.promotions.floor)}; drop one.",
            zh=f"优惠叠加后系数 {num(factor)} 低于下限 {num(table.promotions.floor)}，请减少优惠。",
        )
    names = "、".join(p.name_zh for p in chosen)
    names_en = ", ".join(p.code.replace("_", " ") for p in chosen)
    ws.append(
        lambda: WorksheetLine(
            f"优惠系数：{names}，商业险保费打 {num(factor * 10)} 折",
            f"promotion factor: {names_en}, {pct(1 - factor)} off the commercial premium",
            factor,
            "",
            money=False,
        )
    )
    return [
        Factor(
            "优惠系数",
            "promotion factor",
            factor,
            "promotions: " + ", ".join(p.code for p in chosen),
        )
    ]


def quote(request: QuoteRequest | dict[str, Any], table: RateTable) -> Quote:
    req = parse_request(request)
    if not table.usable_on(req.start_date):
        grace = f" (grace to {table.grace_until()})" if table.grace_until() else ""
        raise InvalidInput(
            f"Rate table version {table.version} is in force {table.effective_from}–{table.effective_to or '…'}"
            f"{grace}, not on the start date {req.start_date}; install the table for that date.",
            zh=f"费率表第 {table.version} 版的有效期不含起保日期 {req.start_date}，请安装适用的费率表。",
        )
    codes = [c.code for c in req.coverages]
    if len(set(codes)) != len(codes):
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        raise InvalidInput(
            f"Each cover once: {', '.join(dupes)} appears twice.",
            zh=f"同一险种只能投保一次：{'、'.join(dupes)}。",
        )
    riders = table.commercial.riders
    unknown = [c for c in codes if c != "ctpl" and c not in MAIN_COVERS and c not in riders]
    if unknown:
        raise InvalidInput(
            f"Unknown cover code(s) {unknown}; see the README for the codes.",
            zh=f"未知险种代码：{unknown}。",
        )

    ws: Worksheet = []
    ctpl = price_ctpl(req, table.ctpl, ws) if "ctpl" in codes else None
    tax = price_tax(req, table.vehicle_tax, ws) if ctpl is not None else None

    dep = table.depreciation
    months = whole_months(req.vehicle.first_registration, req.start_date)
    rate = monthly_rate(req.vehicle.vehicle_class, req.vehicle.seats, dep)
    value = actual_value(req.vehicle.purchase_price, months, rate, dep.cap)
    lines: list[Line] = []
    commercial = [c for c in req.coverages if c.code != "ctpl"]
    if commercial:
        share = min(rate * months, dep.cap)
        ws.append(COMMERCIAL)
        price = req.vehicle.purchase_price
        capped = rate * months > dep.cap
        ws.append(
            lambda: WorksheetLine(
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
        )
        check_pricing_coefficient(req, table)
        mains: dict[str, Line] = {}
        for cov in commercial:
            if cov.code in MAIN_COVERS:
                mains[cov.code] = main_cover_line(cov, req, table.commercial, value, ws)
                lines.append(mains[cov.code])
        for cov in commercial:
            if cov.code not in MAIN_COVERS:
                lines.append(
                    rider_line(
                        cov, table.commercial.riders[cov.code], req, table.commercial, mains, ws
                    )
                )
        ncd = ncd_coefficient(req.history.ncd_level, table.commercial.ncd)
        factors = [
            Factor(
                "无赔款优待系数", "no-claim discount", ncd, f"NCD level {req.history.ncd_level}"
            ),
            Factor("自主定价系数", "pricing coefficient", req.pricing_coefficient, "outlet"),
        ]
        level = req.history.ncd_level
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

        def pricing_line() -> WorksheetLine:
            lo, hi = _pricing_window(req, table)
            return WorksheetLine(
                f"自主定价系数：由保险公司在本地区允许范围 {num(lo)}–{num(hi)} 内确定",
                f"pricing coefficient: set by the insurer within this region's range {num(lo)}–{num(hi)}",
                req.pricing_coefficient,
                "",
                money=False,
            )

        ws.append(pricing_line)
        violation_range = lookup_optional(req.region, table.commercial.traffic_violation)
        if violation_range is not None:
            tv = (
                req.traffic_violation_coefficient
                if req.traffic_violation_coefficient is not None
                else Decimal(1)
            )
            if not violation_range.min <= tv <= violation_range.max:
                raise InvalidInput(
                    f"The traffic-violation coefficient {num(tv)} is outside {num(violation_range.min)}–"
                    f"{num(violation_range.max)} for this region.",
                    zh=f"交通违法系数 {num(tv)} 超出该地区范围 {num(violation_range.min)}–{num(violation_range.max)}。",
                )
            factors.append(Factor("交通违法系数", "traffic-violation coefficient", tv, "region"))
            ws.append(
                lambda: WorksheetLine(
                    f"交通违法系数：本地区按车辆交通违法记录在 {num(violation_range.min)}–{num(violation_range.max)} 之间确定",
                    f"traffic-violation coefficient: this region sets it from the vehicle's violations, "
                    f"{num(violation_range.min)}–{num(violation_range.max)}",
                    tv,
                    "",
                    money=False,
                )
            )
        factors += _promotion_factor(req, table, ws)
        for ln in lines:
            apply_factors(ln, factors, ws)
    q = Quote(
        table.version,
        table.illustrative,
        req.start_date,
        end_of_term(req),
        ctpl,
        lines,
        tax,
        value,
        ws,
    )
    ws.append(TOTAL)
    ws.append(
        lambda: WorksheetLine(
            "应缴合计 = 交强险保费 + 商业险保费 + 代收车船税",
            "total to pay = CTPL premium + commercial premium + vehicle tax collected",
            round_fen(q.total),
            " + ".join(
                num(x)
                for x in [
                    *([ctpl.premium] if ctpl else []),
                    *([q.commercial_total] if lines else []),
                    *([tax.total] if tax else []),
                ]
            )
            or "0",
        )
    )
    q.facts = _facts(req, q, months)
    q.request = req
    return q


def _facts(req: QuoteRequest, q: Quote, months: int) -> dict[str, Any]:
    vd = None
    for ln in q.lines:
        if ln.code == "vehicle_damage":
            vd = ln
    commercial_total = q.commercial_total
    return {
        "vehicle.class": req.vehicle.vehicle_class,
        "vehicle.usage": req.vehicle.usage,
        "vehicle.seats": req.vehicle.seats or 0,
        "vehicle.age_years": Decimal(months) / 12,
        "vehicle.purchase_price": req.vehicle.purchase_price,
        "vehicle.fuel": req.vehicle.fuel,
        "history.drink_driving": req.history.drink_driving,
        "history.drunk_driving": req.history.drunk_driving,
        "history.ctpl_fatal_at_fault_last_year": req.history.ctpl_fatal_at_fault_last_year,
        "history.ncd_level": req.history.ncd_level,
        "pricing_coefficient": req.pricing_coefficient,
        "covers": [c.code for c in req.coverages],
        "commercial.total": commercial_total,
        "vehicle_damage.sum_insured": vd.sum_insured if vd else Decimal(0),
        "vehicle_damage.sum_insured_ratio": (vd.sum_insured / q.actual_value)
        if vd and vd.sum_insured and q.actual_value
        else Decimal(1),
    }
