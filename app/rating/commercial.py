"""Commercial covers (商业险): the three main covers and the riders of a clause set (the 2020 model
clauses, or the NEV clauses for an NEV), each line's base premium from the table, then the
adjustment factors (NCD × pricing coefficient [× traffic-violation coefficient] × the promotions
that name it), pro rata by day for a term shorter than a year. docs/regulations.md §2–§4.

Every check that can refuse a request runs before pricing (app.rating.checks); these functions
only compute. Whether a base premium is rounded where it is made or only with the line's premium
is the table's `rounding` setting."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.core.money import fmt_money, round_fen
from app.rating.request import CoverageIn, QuoteRequest
from app.rating.table import AgeBand, Clauses, PriceBand, Rider
from app.rating.worksheet import Worksheet, WorksheetLine, num

MAIN_COVERS = {
    "vehicle_damage": ("机动车损失保险", "own damage"),
    "third_party": ("第三者责任保险", "third-party liability"),
    "driver": ("车上人员责任保险（司机）", "on-board persons: driver"),
    "passenger": ("车上人员责任保险（乘客）", "on-board persons: passengers"),
}
GOODS_CLASSES = {"nonop_truck", "op_truck"}
ONE = Decimal(1)

# How a base premium came about, as (template, figures): written out only when someone reads
# the worksheet (re-pricing pays for no prose).
Expr = tuple[str, tuple[Decimal | int, ...]]


def expr_text(e: Expr) -> str:
    return e[0].format(*map(num, e[1]))


@dataclass(slots=True)  # built on every quote: a frozen init costs several µs
class Factor:
    name_zh: str
    name_en: str
    value: Decimal
    source: str
    shown: str = ""  # how the value is written when it is a ratio ("181/365")

    def to_json(self) -> dict:
        return {
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "value": self.shown or str(self.value),
            "source": self.source,
        }


@dataclass(slots=True)
class Line:
    code: str
    name_zh: str
    name_en: str
    base_premium: Decimal  # as printed: to the fen
    sum_insured: Decimal | None = None
    limit: Decimal | None = None
    seats: int | None = None
    deductible: str | None = None
    attaches_to: str | None = None  # a rider's main cover
    factors: list[Factor] = field(default_factory=list)
    premium: Decimal = Decimal(0)
    base_exact: Decimal = Decimal(0)  # what the factors multiply (= base_premium where made)
    base_expr: Expr = ("{}", (Decimal(0),))

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "attaches_to": self.attaches_to,
            "sum_insured": fmt_money(self.sum_insured) if self.sum_insured is not None else None,
            "limit": fmt_money(self.limit) if self.limit is not None else None,
            "seats": self.seats,
            "deductible": self.deductible,
            "base_premium": fmt_money(self.base_premium),
            "factors": [f.to_json() for f in self.factors],
            "premium": fmt_money(self.premium),
        }


def age_years(req: QuoteRequest) -> Decimal:
    days = (req.start_date - req.vehicle.first_registration).days
    return Decimal(max(0, days)) / Decimal("365.25")


def _line(code: str, names: tuple[str, str], exact: Decimal, expr: Expr, at_end: bool) -> Line:
    """A line whose base premium is `exact`: printed to the fen, and multiplied by the factors
    as printed (rounded where made) or unrounded (rounded only at the end)."""
    base = round_fen(exact)
    line = Line(code, names[0], names[1], base)
    line.base_exact = exact if at_end else base
    line.base_expr = expr
    return line


def vehicle_damage_bands(
    req: QuoteRequest, clauses: Clauses, age: Decimal
) -> tuple[AgeBand, PriceBand]:
    bands = clauses.vehicle_damage.by_class[req.vehicle.vehicle_class]
    ab = next(b for b in bands if b.max_years is None or age < b.max_years)
    price = req.vehicle.purchase_price
    pb = next(
        p for p in clauses.vehicle_damage.price_bands if p.max_price is None or price < p.max_price
    )
    return ab, pb


def main_cover_line(
    cov: CoverageIn,
    req: QuoteRequest,
    clauses: Clauses,
    sum_insured: Decimal,
    age: Decimal,
    at_end: bool,
    ws: Worksheet,
) -> Line:
    cls = req.vehicle.vehicle_class
    names = MAIN_COVERS[cov.code]
    loading = clauses.loading
    share = ONE - loading
    if cov.code == "vehicle_damage":
        ab, pb = vehicle_damage_bands(req, clauses, age)
        exact = (ab.fixed + ab.rate * sum_insured) * pb.factor / share
        expr: Expr = (
            "({} + {} × {}) × {} ÷ (1 − {})",
            (ab.fixed, ab.rate, sum_insured, pb.factor, loading),
        )
        line = _line(cov.code, names, exact, expr, at_end)
        line.sum_insured = sum_insured
        ws.append(
            lambda: WorksheetLine(
                f"车损险基准保费：(固定 {num(ab.fixed)} + 费率 {num(ab.rate)} × 保额 {num(sum_insured)}) × 价格档系数 {num(pb.factor)} ÷ (1 − 附加费用率 {num(loading)})",
                f"own damage base: (fixed {num(ab.fixed)} + rate {num(ab.rate)} × sum insured {num(sum_insured)}) × price factor {num(pb.factor)} ÷ (1 − loading {num(loading)})",
                line.base_premium,
                expr_text(expr),
            )
        )
        return line
    if cov.code == "third_party":
        limit = cov.limit or Decimal(0)
        pure = clauses.third_party.pure_premiums[cls][str(int(limit))]
        exact = pure / share
        expr = ("{} ÷ (1 − {})", (pure, loading))
        line = _line(cov.code, names, exact, expr, at_end)
        line.limit = limit
        ws.append(
            lambda: WorksheetLine(
                f"三者险基准保费：限额 {num(limit)} 的纯风险保费 {num(pure)} ÷ (1 − {num(loading)})",
                f"third-party base: pure premium {num(pure)} for limit {num(limit)} ÷ (1 − {num(loading)})",
                line.base_premium,
                expr_text(expr),
            )
        )
        return line
    rates = clauses.driver if cov.code == "driver" else clauses.passenger
    limit = cov.limit or Decimal(0)
    rate = rates.rate_by_class[cls]
    seats = 1 if cov.code == "driver" else passenger_seats(cov, req)
    exact = limit * rate * seats / share
    expr = ("{} × {} × {} ÷ (1 − {})", (limit, rate, seats, loading))
    line = _line(cov.code, names, exact, expr, at_end)
    line.limit, line.seats = limit, seats
    ws.append(
        lambda: WorksheetLine(
            f"{names[0]}基准保费：每座限额 {num(limit)} × 费率 {num(rate)} × {seats} 座 ÷ (1 − {num(loading)})",
            f"{names[1]} base: {num(limit)} per seat × {num(rate)} × {seats} seats ÷ (1 − {num(loading)})",
            line.base_premium,
            expr_text(expr),
        )
    )
    return line


def passenger_seats(cov: CoverageIn, req: QuoteRequest) -> int:
    """Passenger seats = approved seats − 1 (the driver's), unless fewer are chosen."""
    return cov.seats if cov.seats is not None else max(0, (req.vehicle.seats or 1) - 1)


def rider_line(
    cov: CoverageIn,
    rider: Rider,
    main: Line,
    req: QuoteRequest,
    clauses: Clauses,
    age: Decimal,
    at_end: bool,
    ws: Worksheet,
) -> Line:
    loading = clauses.loading
    share = ONE - loading
    amount_kind: str | None = None  # "limit" or "sum_insured": what the rider's amount is
    amount = Decimal(0)
    deductible = None
    expr: Expr
    if rider.method == "rate_of_limit":
        amount = cov.sum_insured or cov.limit or Decimal(0)
        exact = amount * (rider.rate or 0) / share
        expr = ("{} × {} ÷ (1 − {})", (amount, rider.rate or 0, loading))
        amount_kind = rider.amount_kind
    elif rider.method == "share_of_main":
        exact = main.base_exact * (rider.rate or 0)
        if at_end:
            expr = ("(" + main.base_expr[0] + ") × {}", (*main.base_expr[1], rider.rate or 0))
        else:
            expr = ("{} × {}", (main.base_premium, rider.rate or 0))
    elif rider.method == "discount_of_main":
        key = discount_key(cov, rider)
        disc = (rider.discounts or {})[key]
        exact = -(main.base_exact * disc)
        if at_end:
            expr = ("0 − (" + main.base_expr[0] + ") × {}", (*main.base_expr[1], disc))
        else:
            expr = ("0 − {} × {}", (main.base_premium, disc))
        if cov.code == "deductible":
            deductible = f"{num(Decimal(key) * 100)}%"
    elif rider.method == "fixed_by_limit":
        amount = cov.sum_insured or cov.limit or Decimal(0)
        older = rider.older_from_years is not None and age >= rider.older_from_years
        table = (rider.table_older if older and rider.table_older else rider.table) or {}
        pure = table[str(int(amount))]
        exact = pure / share
        expr = ("{} ÷ (1 − {})", (pure, loading))
        amount_kind = rider.amount_kind
    elif rider.method == "per_day":
        days, daily = cov.days or 0, cov.daily_amount or Decimal(0)
        exact = days * daily * (rider.rate or 0) / share
        expr = ("{} × {} × {} ÷ (1 − {})", (days, daily, rider.rate or 0, loading))
        amount_kind, amount = "limit", days * daily
    else:  # fixed: priced per service chosen
        services = cov.services or list((rider.table or {}).keys())
        pure = sum(((rider.table or {})[s] for s in services), Decimal(0))
        exact = pure / share
        expr = ("{} ÷ (1 − {})", (pure, loading))
    line = _line(cov.code, (rider.name_zh, rider.name_en), exact, expr, at_end)
    line.attaches_to, line.deductible = main.code, deductible
    if amount_kind == "limit":
        line.limit = amount
    elif amount_kind == "sum_insured":
        line.sum_insured = amount
    main_names = MAIN_COVERS[main.code]
    ws.append(
        lambda: WorksheetLine(
            f"{rider.name_zh}基准保费（附加于{main_names[0]}）",
            f"{rider.name_en} base (on {main_names[1]})",
            line.base_premium,
            expr_text(expr),
        )
    )
    return line


def discount_key(cov: CoverageIn, rider: Rider) -> str:
    """The option of a discount rider: the deductible rate chosen, or the rider's only option
    (an exclusion such as 发动机进水损坏除外 has just one and needs no rate)."""
    options = rider.discounts or {}
    if cov.rate is None and len(options) == 1:
        return next(iter(options))
    return num(cov.rate) if cov.rate is not None else ""


def apply_factors(
    line: Line,
    factors: list[Factor],
    product: Decimal,
    at_end: bool,
    days: tuple[int, int] | None,
    ws: Worksheet,
) -> None:
    """premium = base × Π factors [× days ÷ days in the year], rounded once. `product` is the
    product of `factors` (worked out once for every line that shares them)."""
    line.factors = factors
    if days is None:
        line.premium = round_fen(line.base_exact * product)
    else:
        line.premium = round_fen(line.base_exact * product * days[0] / days[1])

    def written() -> WorksheetLine:
        base = f"({expr_text(line.base_expr)})" if at_end else num(line.base_premium)
        parts = [base, *(num(f.value) for f in factors if not f.shown)]
        formula = " × ".join(parts)
        if days is not None:
            formula += f" × {days[0]} ÷ {days[1]}"
        return WorksheetLine(
            f"{line.name_zh}保费", f"{line.name_en} premium", line.premium, formula
        )

    ws.append(written)
