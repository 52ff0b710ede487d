"""Commercial covers (商业险): the three main covers and the riders of a clause set (the 2020 model
clauses, or the NEV clauses for an NEV), each line's base premium from the table, then the
adjustment factors (NCD × pricing coefficient [× traffic-violation coefficient] × the promotions
that name it), pro rata by day for a term shorter than a year. docs/regulations.md §2–§4.

Every check that can refuse a request runs before pricing (app.rating.checks); these functions
only compute. Whether a base premium is rounded where it is made or only with the line's premium
is the table's `rounding` setting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from app.core.money import fmt_money, round_fen
from app.rating.request import CoverageIn, QuoteRequest
from app.rating.table import AgeBand, Clauses, PriceBand, Rider
from app.rating.worksheet import Worksheet, WorksheetLine, amount, num, pct

MAIN_COVERS = {
    "vehicle_damage": ("机动车损失保险", "own damage"),
    "third_party": ("第三者责任保险", "third-party liability"),
    "driver": ("车上人员责任保险（司机）", "on-board persons: driver"),
    "passenger": ("车上人员责任保险（乘客）", "on-board persons: passengers"),
}
GOODS_CLASSES = {"nonop_truck", "op_truck"}
ONE = Decimal(1)
DAYS_A_YEAR = Decimal("365.25")  # a vehicle's age in years, leap days included

# How a base premium came about, as (template, figures): written out only when someone reads
# the worksheet (re-pricing pays for no prose).
Expr = tuple[str, tuple[Decimal | int, ...]]


ZERO_PREMIUM = Decimal(0)  # made once: a Decimal(0) call per use costs a constructor call
NO_EXPR: Expr = ("{}", (ZERO_PREMIUM,))


def expr_text(e: Expr) -> str:
    return e[0].format(*map(num, e[1]))


# Built on every quote. The dataclasses of the compiled engine write their own __init__
# (init=False): the one dataclass generates is Python run by the interpreter even when the class
# is compiled, about 1 µs a call against 0.2 for a compiled one (a frozen one costs more still).
@dataclass(slots=True, init=False)
class Factor:
    name_zh: str
    name_en: str
    value: Decimal
    source: str
    shown: str  # how the value is written when it is a ratio ("181/365"); "" otherwise

    def __init__(
        self, name_zh: str, name_en: str, value: Decimal, source: str, shown: str = ""
    ) -> None:
        self.name_zh = name_zh
        self.name_en = name_en
        self.value = value
        self.source = source
        self.shown = shown

    def to_json(self) -> dict:
        return {
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "value": self.shown or str(self.value),
            "source": self.source,
        }


@dataclass(slots=True, init=False)  # its own __init__: see Factor
class Line:
    code: str
    name_zh: str
    name_en: str
    base_premium: Decimal  # as printed: to the fen
    sum_insured: Decimal | None
    limit: Decimal | None
    seats: int | None
    deductible: str | None
    attaches_to: str | None  # a rider's main cover
    factors: list[Factor]
    premium: Decimal
    base_exact: Decimal  # what the factors multiply (= base_premium where made)
    base_expr: Expr

    def __init__(
        self,
        code: str,
        name_zh: str,
        name_en: str,
        base_premium: Decimal,
        sum_insured: Decimal | None = None,
        limit: Decimal | None = None,
        seats: int | None = None,
        deductible: str | None = None,
        attaches_to: str | None = None,
        factors: list[Factor] | None = None,
        premium: Decimal = ZERO_PREMIUM,
        base_exact: Decimal = ZERO_PREMIUM,
        base_expr: Expr = NO_EXPR,
    ) -> None:
        self.code = code
        self.name_zh = name_zh
        self.name_en = name_en
        self.base_premium = base_premium
        self.sum_insured = sum_insured
        self.limit = limit
        self.seats = seats
        self.deductible = deductible
        self.attaches_to = attaches_to
        self.factors = [] if factors is None else factors
        self.premium = premium
        self.base_exact = base_exact
        self.base_expr = base_expr

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


# Services of the value-added rider, by name (the table keys them by code).
SERVICE_NAMES = {
    "roadside_assistance": ("道路救援", "roadside assistance"),
    "safety_check": ("车辆安全检测", "safety check"),
    "designated_driving": ("代为驾驶", "designated driving"),
    "inspection_run": ("代为送检", "taking the car to its inspection"),
}

# What an exclusion rider takes out of its main cover, as the clause says it (a clerk reads it to
# the customer: "this loss" alone would not tell them what they give up for the discount). A rider
# not named here is worded as excluding "this loss".
EXCLUDED_LOSSES = {
    "engine_water_exclusion": (
        "发动机进水损坏（车辆涉水行驶或被水淹后启动发动机造成的发动机损坏）",
        "engine damage from water (driving through water, or starting the engine after the "
        "vehicle was flooded)",
    ),
}


def _age_words(lower: Decimal | None, upper: Decimal | None) -> tuple[str, str]:
    if not lower and upper is not None:
        return f"车龄 {num(upper)} 年以下", f"a vehicle under {num(upper)} years old"
    if upper is None:
        low = num(lower or Decimal(0))
        return f"车龄 {low} 年及以上", f"a vehicle {low} years old or more"
    return (
        f"车龄 {num(lower or Decimal(0))} 年至 {num(upper)} 年以下",
        f"a vehicle {num(lower or Decimal(0))} to under {num(upper)} years old",
    )


def _price_words(lower: Decimal | None, upper: Decimal | None) -> tuple[str, str]:
    if not lower and upper is not None:
        return f"新车购置价 {amount(upper)} 以下", f"a new-car price under {amount(upper)}"
    if upper is None:
        low = amount(lower or Decimal(0))
        return f"新车购置价 {low} 及以上", f"a new-car price of {low} or more"
    return (
        f"新车购置价 {amount(lower or Decimal(0))} 至 {amount(upper)} 以下",
        f"a new-car price of {amount(lower or Decimal(0))} to under {amount(upper)}",
    )


def age_years(req: QuoteRequest) -> Decimal:
    days = (req.start_date - req.vehicle.first_registration).days
    return Decimal(max(0, days)) / DAYS_A_YEAR


def _line(code: str, names: tuple[str, str], exact: Decimal, expr: Expr, at_end: bool) -> Line:
    """A line whose base premium is `exact`: printed to the fen, and multiplied by the factors
    as printed (rounded where made) or unrounded (rounded only at the end)."""
    base = round_fen(exact)
    return Line(
        code, names[0], names[1], base, base_exact=exact if at_end else base, base_expr=expr
    )


def vehicle_damage_bands(
    req: QuoteRequest, clauses: Clauses, age: Decimal
) -> tuple[AgeBand, PriceBand]:
    """The age band and the price band (the first that takes the vehicle; the last takes all)."""
    v = req.vehicle
    rates = clauses.vehicle_damage
    for ab in rates.by_class[v.vehicle_class]:
        top = ab.max_years
        if top is None or age < top:
            break
    else:
        raise StopIteration  # a table whose bands end short (validated tables never do)
    price = v.purchase_price
    for pb in rates.price_bands:
        most = pb.max_price
        if most is None or price < most:
            return ab, pb
    raise StopIteration


def main_cover_line(
    cov: CoverageIn,
    req: QuoteRequest,
    clauses: Clauses,
    sum_insured: Decimal,
    age: Decimal,
    at_end: bool,
    ws: Worksheet,
) -> Line:
    # Each field read once into a local: an attribute of a request or table model (pydantic) costs
    # several times one of a plain object, even from compiled code.
    code = cov.code
    cls = req.vehicle.vehicle_class
    names = MAIN_COVERS[code]
    loading = clauses.loading
    share = ONE - loading
    if code == "vehicle_damage":
        ab, pb = vehicle_damage_bands(req, clauses, age)
        exact = (ab.fixed + ab.rate * sum_insured) * pb.factor / share
        expr: Expr = (
            "({} + {} × {}) × {} ÷ (1 − {})",
            (ab.fixed, ab.rate, sum_insured, pb.factor, loading),
        )
        line = _line(code, names, exact, expr, at_end)
        line.sum_insured = sum_insured

        def damage_line() -> WorksheetLine:
            bands = clauses.vehicle_damage.by_class[cls]
            price_bands = clauses.vehicle_damage.price_bands
            i, j = bands.index(ab), price_bands.index(pb)
            age_zh, age_en = _age_words(bands[i - 1].max_years if i else None, ab.max_years)
            price_zh, price_en = _price_words(
                price_bands[j - 1].max_price if j else None, pb.max_price
            )
            return WorksheetLine(
                f"车损险基准保费：（{age_zh}档的固定部分 {amount(ab.fixed)} + 保额 {amount(sum_insured)} × 费率 {pct(ab.rate)}）"
                f" × {price_zh}档系数 {num(pb.factor)}，再除以 (1 − 附加费用率 {pct(loading)})",
                f"own damage base premium: (the fixed part {amount(ab.fixed)} for {age_en} + sum insured "
                f"{amount(sum_insured)} × {pct(ab.rate)}) × the factor {num(pb.factor)} for {price_en}, "
                f"divided by (1 − loading {pct(loading)})",
                line.base_premium,
                expr_text(expr),
            )

        ws.append(damage_line)
        return line
    limit = cov.limit or ZERO_PREMIUM
    if code == "third_party":
        pure = clauses.third_party.pure_premiums[cls][str(int(limit))]
        exact = pure / share
        expr = ("{} ÷ (1 − {})", (pure, loading))
        line = _line(code, names, exact, expr, at_end)
        line.limit = limit
        ws.append(
            lambda: WorksheetLine(
                f"三者险基准保费：限额 {amount(limit)} 的基准纯风险保费 {amount(pure)}（费率表），"
                f"除以 (1 − 附加费用率 {pct(loading)})",
                f"third-party base premium: the pure premium {amount(pure)} for a limit of {amount(limit)} (tariff), "
                f"divided by (1 − loading {pct(loading)})",
                line.base_premium,
                expr_text(expr),
            )
        )
        return line
    driver = code == "driver"
    rates = clauses.driver if driver else clauses.passenger
    rate = rates.rate_by_class[cls]
    seats = 1 if driver else passenger_seats(cov, req)
    exact = limit * rate * seats / share
    expr = ("{} × {} × {} ÷ (1 − {})", (limit, rate, seats, loading))
    line = _line(code, names, exact, expr, at_end)
    line.limit, line.seats = limit, seats
    ws.append(
        lambda: WorksheetLine(
            f"{names[0]}基准保费：每座限额 {amount(limit)} × 费率 {pct(rate)} × {seats} 座，"
            f"除以 (1 − 附加费用率 {pct(loading)})",
            f"{names[1]} base premium: {amount(limit)} per seat × {pct(rate)} × {seats} seat(s), "
            f"divided by (1 − loading {pct(loading)})",
            line.base_premium,
            expr_text(expr),
        )
    )
    return line


def passenger_seats(cov: CoverageIn, req: QuoteRequest) -> int:
    """Passenger seats = approved seats − 1 (the driver's), unless fewer are chosen."""
    seats = cov.seats
    return seats if seats is not None else max(0, (req.vehicle.seats or 1) - 1)


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
    insured = ZERO_PREMIUM
    deductible = None
    main_zh, main_en = MAIN_COVERS[main.code]
    expr: Expr
    # The words, formatted only when someone reads the worksheet; "{off}" stands for dividing by
    # (1 − loading), said once below. Partials of module functions, not closures: the compiled
    # engine keeps a closure another closure reads in a shared environment, a cycle per rider.
    words: Callable[[], tuple[str, str]]
    method = rider.method
    code = cov.code
    if method == "rate_of_limit":
        insured = cov.sum_insured or cov.limit or ZERO_PREMIUM
        rate_ = rider.rate or ZERO_PREMIUM
        exact = insured * rate_ / share
        expr = ("{} × {} ÷ (1 − {})", (insured, rate_, loading))
        amount_kind = rider.amount_kind

        words = partial(_rate_words, insured, rate_)

    elif method == "share_of_main":
        part = rider.rate or ZERO_PREMIUM
        exact = main.base_exact * part
        if at_end:
            expr = ("(" + main.base_expr[0] + ") × {}", (*main.base_expr[1], part))
        else:
            expr = ("{} × {}", (main.base_premium, part))

        words = partial(_share_words, main, part)

    elif method == "discount_of_main":
        key = discount_key(cov, rider)
        disc = (rider.discounts or {})[key]
        exact = -(main.base_exact * disc)
        if at_end:
            expr = ("0 − (" + main.base_expr[0] + ") × {}", (*main.base_expr[1], disc))
        else:
            expr = ("0 − {} × {}", (main.base_premium, disc))
        if code == "deductible":
            deductible = f"{num(Decimal(key) * 100)}%"
        excluded = Decimal(key) >= 1  # a "deductible" of 100%: that loss is excluded outright

        words = partial(_discount_words, code, main, key, disc, excluded)

    elif method == "fixed_by_limit":
        insured = cov.sum_insured or cov.limit or ZERO_PREMIUM
        older_from, table_older = rider.older_from_years, rider.table_older
        older = older_from is not None and age >= older_from
        table = (table_older if older and table_older else rider.table) or {}
        pure = table[str(int(insured))]
        exact = pure / share
        expr = ("{} ÷ (1 − {})", (pure, loading))
        amount_kind = rider.amount_kind

        words = partial(_fixed_by_limit_words, rider, older, insured, pure)

    elif method == "per_day":
        days, daily = cov.days or 0, cov.daily_amount or ZERO_PREMIUM
        rate_ = rider.rate or ZERO_PREMIUM
        exact = days * daily * rate_ / share
        expr = ("{} × {} × {} ÷ (1 − {})", (days, daily, rate_, loading))
        amount_kind, insured = "limit", days * daily

        words = partial(_per_day_words, days, daily, rate_)

    else:  # fixed: priced per service chosen
        services = cov.services or list((rider.table or {}).keys())
        prices = [(s, (rider.table or {})[s]) for s in services]
        pure = sum((p for _, p in prices), ZERO_PREMIUM)
        exact = pure / share
        expr = ("{} ÷ (1 − {})", (pure, loading))

        words = partial(_services_words, prices)

    line = _line(code, (rider.name_zh, rider.name_en), exact, expr, at_end)
    line.attaches_to, line.deductible = main.code, deductible
    if amount_kind == "limit":
        line.limit = insured
    elif amount_kind == "sum_insured":
        line.sum_insured = insured

    def rider_words() -> WorksheetLine:
        zh, en = words()
        zh = zh.replace("{off}", f"除以 (1 − 附加费用率 {pct(loading)})")
        en = en.replace("{off}", f"divided by (1 − loading {pct(loading)})")
        return WorksheetLine(
            f"{rider.name_zh}（附加于{main_zh}）基准保费：{zh}",
            f"{rider.name_en} (on {main_en}) base premium: {en}",
            line.base_premium,
            expr_text(expr),
        )

    ws.append(rider_words)
    return line


def _rate_words(insured: Decimal, rate_: Decimal) -> tuple[str, str]:
    return (
        f"保额/限额 {amount(insured)} × 费率 {pct(rate_)}，{{off}}",
        f"{amount(insured)} insured × {pct(rate_)}, {{off}}",
    )


def _share_words(main: Line, part: Decimal) -> tuple[str, str]:
    main_zh, main_en = MAIN_COVERS[main.code]
    return (
        f"{main_zh}基准保费 {amount(main.base_premium)} 的 {pct(part)}",
        f"{pct(part)} of the {main_en} base premium {amount(main.base_premium)}",
    )


def _discount_words(
    code: str, main: Line, key: str, disc: Decimal, excluded: bool
) -> tuple[str, str]:
    main_zh, main_en = MAIN_COVERS[main.code]
    if excluded:
        loss_zh, loss_en = EXCLUDED_LOSSES.get(code, ("该项损失", "this loss"))
        return (
            f"除外特约：{loss_zh}{main_zh}不赔，{main_zh}基准保费 {amount(main.base_premium)} 因此减少 {pct(disc)}",
            f"exclusion: {main_en} no longer pays for {loss_en}, so its base premium "
            f"{amount(main.base_premium)} is reduced by {pct(disc)}",
        )
    return (
        f"绝对免赔率 {pct(Decimal(key))}：{main_zh}每次赔款先扣除 {pct(Decimal(key))} 由被保险人自负，"
        f"{main_zh}基准保费 {amount(main.base_premium)} 因此减少 {pct(disc)}",
        f"deductible of {pct(Decimal(key))}: the insured bears {pct(Decimal(key))} of every {main_en} claim, "
        f"so its base premium {amount(main.base_premium)} is reduced by {pct(disc)}",
    )


def _fixed_by_limit_words(
    rider: Rider, older: bool, insured: Decimal, pure: Decimal
) -> tuple[str, str]:
    years = num(rider.older_from_years) if rider.older_from_years is not None else ""
    which_zh, which_en = (
        (f"车龄 {years} 年及以上的费率表", f"the table for vehicles {years} years or older")
        if older and rider.table_older
        else (
            (f"车龄 {years} 年以下的费率表", f"the table for vehicles under {years} years")
            if rider.table_older
            else ("费率表", "the tariff")
        )
    )
    return (
        f"保额/限额 {amount(insured)}，按{which_zh}纯风险保费 {amount(pure)}，{{off}}",
        f"{amount(insured)} insured: pure premium {amount(pure)} from {which_en}, {{off}}",
    )


def _per_day_words(days: int, daily: Decimal, rate_: Decimal) -> tuple[str, str]:
    return (
        f"{days} 天 × 每天 {amount(daily)} × 费率 {pct(rate_)}，{{off}}",
        f"{days} days × {amount(daily)} a day × {pct(rate_)}, {{off}}",
    )


def _services_words(prices: list[tuple[str, Decimal]]) -> tuple[str, str]:
    zh = " + ".join(f"{SERVICE_NAMES.get(s, (s, s))[0]} {amount(p)}" for s, p in prices)
    en = " + ".join(f"{SERVICE_NAMES.get(s, (s, s))[1]} {amount(p)}" for s, p in prices)
    return f"{zh}，{{off}}", f"{en}, {{off}}"


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
        kept = [f for f in factors if not f.shown]
        zh = f"{line.name_zh}保费 = 基准保费 × " + " × ".join(f.name_zh for f in kept)
        en = f"{line.name_en} premium = base premium × " + " × ".join(f.name_en for f in kept)
        if days is not None:
            zh += f" × 保险天数 {days[0]} ÷ {days[1]}"
            en += f" × {days[0]} days of cover ÷ {days[1]}"
        return WorksheetLine(zh, en, line.premium, formula)

    ws.append(written)
