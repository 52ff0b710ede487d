"""Commercial covers (商业险), 2020 model clauses: the three main covers and the riders, each
line's base premium from the table, then one set of adjustment factors (NCD × pricing
coefficient [× traffic-violation coefficient] × promotions). docs/regulations.md §2–§4."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from app.core.errors import InvalidInput
from app.core.money import fmt_money, round_fen
from app.rating.request import CoverageIn, QuoteRequest
from app.rating.table import CommercialSection, Rider
from app.rating.worksheet import Worksheet, WorksheetLine, amount, num, pct

MAIN_COVERS = {
    "vehicle_damage": ("机动车损失保险", "own damage"),
    "third_party": ("第三者责任保险", "third-party liability"),
    "driver": ("车上人员责任保险（司机）", "on-board persons: driver"),
    "passenger": ("车上人员责任保险（乘客）", "on-board persons: passengers"),
}
GOODS_CLASSES = {"nonop_truck", "op_truck"}


@dataclass(frozen=True)
class Factor:
    name_zh: str
    name_en: str
    value: Decimal
    source: str

    def to_json(self) -> dict:
        return {
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "value": str(self.value),
            "source": self.source,
        }


@dataclass
class Line:
    code: str
    name_zh: str
    name_en: str
    base_premium: Decimal
    sum_insured: Decimal | None = None
    limit: Decimal | None = None
    seats: int | None = None
    deductible: str | None = None
    factors: list[Factor] = field(default_factory=list)
    premium: Decimal = Decimal(0)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
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


def _refuse(en: str, zh: str) -> InvalidInput:
    return InvalidInput(en, zh=zh)


def _age_years(req: QuoteRequest) -> Decimal:
    days = (req.start_date - req.vehicle.first_registration).days
    return Decimal(max(0, days)) / Decimal("365.25")


def _base(pure: Decimal, section: CommercialSection) -> Decimal:
    """基准保费 = 基准纯风险保费 / (1 − 附加费用率)."""
    return round_fen(pure / (1 - section.loading))


def _check_limit(code: str, limit: Decimal | None, allowed: list[Decimal] | None) -> Decimal:
    if limit is None:
        raise _refuse(f"coverage {code} needs a limit.", f"{code} 需要选择保额/限额。")
    if allowed and limit not in allowed:
        offered = ", ".join(fmt_money(x) for x in allowed)
        raise _refuse(
            f"A limit of {fmt_money(limit)} is not offered for {code}; choose one of {offered}.",
            f"{code} 不提供 {fmt_money(limit)} 的限额，可选：{offered}。",
        )
    return limit


def main_cover_line(
    cov: CoverageIn,
    req: QuoteRequest,
    section: CommercialSection,
    actual_value: Decimal,
    ws: Worksheet,
) -> Line:
    cls = req.vehicle.vehicle_class
    name_zh, name_en = MAIN_COVERS[cov.code]
    if cov.code == "vehicle_damage":
        si = cov.sum_insured if cov.sum_insured is not None else actual_value
        band = section.vehicle_damage.sum_insured_band
        lo, hi = (
            round_fen(actual_value * (1 - band)),
            min(round_fen(actual_value * (1 + band)), req.vehicle.purchase_price),
        )
        if not lo <= si <= hi:
            raise _refuse(
                f"The own-damage sum insured {fmt_money(si)} is outside the allowed band {fmt_money(lo)}–{fmt_money(hi)} "
                f"around the vehicle's actual value {fmt_money(actual_value)}; insure it for its value.",
                f"车损险保额 {fmt_money(si)} 超出允许范围 {fmt_money(lo)}–{fmt_money(hi)}（车辆实际价值 {fmt_money(actual_value)}），"
                "请按实际价值投保。",
            )
        bands = section.vehicle_damage.by_class.get(cls)
        if not bands:
            raise _refuse(
                f"Own damage is not offered for class {cls} in this table.",
                f"该车类不提供车损险：{cls}。",
            )
        age = _age_years(req)
        ab = next(b for b in bands if b.max_years is None or age < b.max_years)
        pb = next(
            p
            for p in section.vehicle_damage.price_bands
            if p.max_price is None or req.vehicle.purchase_price < p.max_price
        )
        pure = (ab.fixed + ab.rate * si) * pb.factor
        base = _base(pure, section)

        def damage_line() -> WorksheetLine:
            i, j = bands.index(ab), section.vehicle_damage.price_bands.index(pb)
            age_zh, age_en = _age_words(bands[i - 1].max_years if i else None, ab.max_years)
            lower_price = section.vehicle_damage.price_bands[j - 1].max_price if j else None
            price_zh, price_en = _price_words(lower_price, pb.max_price)
            return WorksheetLine(
                f"车损险基准保费：（{age_zh}档的固定部分 {amount(ab.fixed)} + 保额 {amount(si)} × 费率 {pct(ab.rate)}）"
                f" × {price_zh}档系数 {num(pb.factor)}，再除以 (1 − 附加费用率 {pct(section.loading)})",
                f"own damage base premium: (the fixed part {amount(ab.fixed)} for {age_en} + sum insured {amount(si)} × "
                f"{pct(ab.rate)}) × the factor {num(pb.factor)} for {price_en}, divided by (1 − loading {pct(section.loading)})",
                base,
                f"({num(ab.fixed)} + {num(ab.rate)} × {num(si)}) × {num(pb.factor)} ÷ (1 − {num(section.loading)})",
            )

        ws.append(damage_line)
        return Line(cov.code, name_zh, name_en, base, sum_insured=si)
    if cov.code == "third_party":
        limit = _check_limit(cov.code, cov.limit, section.third_party.limits)
        table = section.third_party.pure_premiums.get(cls)
        if not table or str(int(limit)) not in table:
            raise _refuse(
                f"Third-party cover is not offered for class {cls} at this limit.",
                f"该车类不提供此限额的三者险：{cls}。",
            )
        pure = table[str(int(limit))]
        base = _base(pure, section)
        ws.append(
            lambda: WorksheetLine(
                f"三者险基准保费：限额 {amount(limit)} 的基准纯风险保费 {amount(pure)}（费率表），"
                f"除以 (1 − 附加费用率 {pct(section.loading)})",
                f"third-party base premium: the pure premium {amount(pure)} for a limit of {amount(limit)} (tariff), "
                f"divided by (1 − loading {pct(section.loading)})",
                base,
                f"{num(pure)} ÷ (1 − {num(section.loading)})",
            )
        )
        return Line(cov.code, name_zh, name_en, base, limit=limit)
    rates = section.driver if cov.code == "driver" else section.passenger
    limit = _check_limit(cov.code, cov.limit, rates.limits)
    rate = rates.rate_by_class.get(cls)
    if rate is None:
        raise _refuse(f"Seat cover is not offered for class {cls}.", f"该车类不提供座位险：{cls}。")
    if cov.code == "driver":
        seats = 1
    else:
        most = max(0, (req.vehicle.seats or 1) - 1)  # passenger seats = approved seats − 1
        seats = cov.seats if cov.seats is not None else most
        if not 1 <= seats <= most:
            raise _refuse(
                f"Passenger cover can take 1–{most} seats (approved seats − 1), not {seats}.",
                f"乘客座位险座位数应为 1–{most}（核定座位数减 1），当前为 {seats}。",
            )
    pure = limit * rate * seats
    base = _base(pure, section)
    ws.append(
        lambda: WorksheetLine(
            f"{name_zh}基准保费：每座限额 {amount(limit)} × 费率 {pct(rate)} × {seats} 座，"
            f"除以 (1 − 附加费用率 {pct(section.loading)})",
            f"{name_en} base premium: {amount(limit)} per seat × {pct(rate)} × {seats} seat(s), "
            f"divided by (1 − loading {pct(section.loading)})",
            base,
            f"{num(limit)} × {num(rate)} × {seats} ÷ (1 − {num(section.loading)})",
        )
    )
    return Line(cov.code, name_zh, name_en, base, limit=limit, seats=seats)


def rider_line(
    cov: CoverageIn,
    rider: Rider,
    req: QuoteRequest,
    section: CommercialSection,
    mains: dict[str, Line],
    ws: Worksheet,
) -> Line:
    cls = req.vehicle.vehicle_class
    present = [m for m in rider.requires_any if m in mains]
    if not present:
        needs = " / ".join(MAIN_COVERS[m][1] for m in rider.requires_any)
        needs_zh = "或".join(MAIN_COVERS[m][0] for m in rider.requires_any)
        raise _refuse(
            f"{rider.name_en} is a rider: it needs {needs} on the same policy. Add that cover or remove the rider.",
            f"{rider.name_zh}是附加险，须同时投保{needs_zh}。请加上主险或去掉该附加险。",
        )
    if rider.vehicle_classes and cls not in rider.vehicle_classes:
        raise _refuse(
            f"{rider.name_en} is only for {', '.join(rider.vehicle_classes)}.",
            f"{rider.name_zh}仅适用于：{'、'.join(rider.vehicle_classes)}。",
        )
    if rider.goods_vehicles_only and cls not in GOODS_CLASSES:
        raise _refuse(
            f"{rider.name_en} is only for goods vehicles.", f"{rider.name_zh}仅适用于货车。"
        )
    main_code = cov.attaches_to or present[0]
    if main_code not in present:
        raise _refuse(
            f"{rider.name_en} cannot attach to {main_code}.",
            f"{rider.name_zh}不能附加于 {main_code}。",
        )
    main = mains[main_code]
    main_zh, main_en = MAIN_COVERS[main_code]
    line = Line(cov.code, rider.name_zh, rider.name_en, Decimal(0))
    loading = section.loading
    # (template, figures) and the words: formatted only when someone reads the worksheet
    formula: tuple[str, tuple[Decimal | int, ...]]
    words: Callable[[], tuple[str, str]]
    if rider.method == "rate_of_limit":
        amount_ = cov.sum_insured or cov.limit
        limit = _check_limit(cov.code, amount_, rider.limits)
        rate_ = rider.rate or Decimal(0)
        pure = limit * rate_
        line.base_premium = _base(pure, section)
        line.limit = limit
        formula = "{} × {} ÷ (1 − {})", (limit, rate_, loading)

        def words() -> tuple[str, str]:
            return (
                f"保额/限额 {amount(limit)} × 费率 {pct(rate_)}，{{off}}",
                f"{amount(limit)} insured × {pct(rate_)}, {{off}}",
            )

    elif rider.method == "share_of_main":
        share = rider.rate or Decimal(0)
        line.base_premium = round_fen(main.base_premium * share)
        formula = "{} × {}", (main.base_premium, share)

        def words() -> tuple[str, str]:
            return (
                f"{main_zh}基准保费 {amount(main.base_premium)} 的 {pct(share)}",
                f"{pct(share)} of the {main_en} base premium {amount(main.base_premium)}",
            )

    elif rider.method == "discount_of_main":
        rate = cov.rate
        key = num(rate) if rate is not None else ""
        if rider.discounts is None or key not in rider.discounts:
            options = ", ".join(sorted(rider.discounts or {}))
            raise _refuse(
                f"{rider.name_en}: choose a deductible rate of {options}.",
                f"{rider.name_zh}：免赔率可选 {options}。",
            )
        disc = rider.discounts[key]
        line.base_premium = -round_fen(main.base_premium * disc)
        line.deductible = f"{num(Decimal(key) * 100)}%"
        formula = "0 − {} × {}", (main.base_premium, disc)
        excluded = Decimal(key) >= 1  # a "deductible" of 100%: that loss is excluded outright

        def words() -> tuple[str, str]:
            if excluded:
                return (
                    f"除外特约：该项损失{main_zh}不赔，{main_zh}基准保费 {amount(main.base_premium)} 因此减少 {pct(disc)}",
                    f"exclusion: {main_en} no longer pays for this loss, so its base premium "
                    f"{amount(main.base_premium)} is reduced by {pct(disc)}",
                )
            return (
                f"绝对免赔率 {pct(Decimal(key))}：{main_zh}每次赔款先扣除 {pct(Decimal(key))} 由被保险人自负，"
                f"{main_zh}基准保费 {amount(main.base_premium)} 因此减少 {pct(disc)}",
                f"deductible of {pct(Decimal(key))}: the insured bears {pct(Decimal(key))} of every {main_en} claim, "
                f"so its base premium {amount(main.base_premium)} is reduced by {pct(disc)}",
            )

    elif rider.method == "fixed_by_limit":
        limit = _check_limit(cov.code, cov.limit, rider.limits)
        older = rider.older_from_years is not None and _age_years(req) >= rider.older_from_years
        table = (rider.table_older if older and rider.table_older else rider.table) or {}
        pure = table[str(int(limit))]
        line.base_premium = _base(pure, section)
        line.limit = limit
        formula = "{} ÷ (1 − {})", (pure, loading)
        years = num(rider.older_from_years) if rider.older_from_years is not None else ""

        def words() -> tuple[str, str]:
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
                f"保额 {amount(limit)}，按{which_zh}纯风险保费 {amount(pure)}，{{off}}",
                f"{amount(limit)} insured: pure premium {amount(pure)} from {which_en}, {{off}}",
            )

    elif rider.method == "per_day":
        if cov.days is None or cov.daily_amount is None:
            raise _refuse(
                f"{rider.name_en} needs days and a daily amount.",
                f"{rider.name_zh}需要填写天数和日赔偿金额。",
            )
        if rider.max_days and cov.days > rider.max_days:
            raise _refuse(
                f"{rider.name_en} covers at most {rider.max_days} days.",
                f"{rider.name_zh}最长 {rider.max_days} 天。",
            )
        days, daily, rate_ = cov.days, cov.daily_amount, rider.rate or Decimal(0)
        pure = days * daily * rate_
        line.base_premium = _base(pure, section)
        line.limit = days * daily
        formula = "{} × {} × {} ÷ (1 − {})", (days, daily, rate_, loading)

        def words() -> tuple[str, str]:
            return (
                f"{days} 天 × 每天 {amount(daily)} × 费率 {pct(rate_)}，{{off}}",
                f"{days} days × {amount(daily)} a day × {pct(rate_)}, {{off}}",
            )

    else:  # fixed: priced per service chosen
        services = cov.services or list((rider.table or {}).keys())
        unknown = [s for s in services if s not in (rider.table or {})]
        if unknown:
            raise _refuse(
                f"{rider.name_en}: unknown services {unknown}; choose from {sorted(rider.table or {})}.",
                f"{rider.name_zh}：服务项目 {unknown} 不存在。",
            )
        prices = [(s, (rider.table or {})[s]) for s in services]
        pure = sum((p for _, p in prices), Decimal(0))
        line.base_premium = _base(pure, section)
        formula = "{} ÷ (1 − {})", (pure, loading)

        def words() -> tuple[str, str]:
            zh = " + ".join(f"{SERVICE_NAMES.get(s, (s, s))[0]} {amount(p)}" for s, p in prices)
            en = " + ".join(f"{SERVICE_NAMES.get(s, (s, s))[1]} {amount(p)}" for s, p in prices)
            return f"{zh}，{{off}}", f"{en}, {{off}}"

    def rider_words() -> WorksheetLine:
        zh, en = words()
        # "{off}" in the words: dividing by (1 − loading), said once here
        zh = zh.replace("{off}", f"除以 (1 − 附加费用率 {pct(loading)})")
        en = en.replace("{off}", f"divided by (1 − loading {pct(loading)})")
        return WorksheetLine(
            f"{rider.name_zh}（附加于{main_zh}）基准保费：{zh}",
            f"{rider.name_en} (on {main_en}) base premium: {en}",
            line.base_premium,
            formula[0].format(*map(num, formula[1])),
        )

    ws.append(rider_words)
    return line


def apply_factors(line: Line, factors: list[Factor], ws: Worksheet) -> None:
    total = Decimal(1)
    for f in factors:
        total *= f.value
    line.factors = list(factors)
    line.premium = round_fen(line.base_premium * total)
    ws.append(
        lambda: WorksheetLine(
            f"{line.name_zh}保费 = 基准保费 × " + " × ".join(f.name_zh for f in factors),
            f"{line.name_en} premium = base premium × " + " × ".join(f.name_en for f in factors),
            line.premium,
            " × ".join([num(line.base_premium), *(num(f.value) for f in factors)]),
        )
    )
