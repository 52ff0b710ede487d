"""Every rule a quote request must keep, checked before anything is priced, with every problem
listed at once (app.core.problems): the term, the history, the tax, the vehicle, the covers and
their riders, the clause set, the coefficients and the promotions. What the checks work out on
the way (the term, the clause set, each rider's main cover, the promotions) is handed to the
engine, so pricing only computes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.core.money import fmt_money, round_fen
from app.core.problems import Problem, refusal
from app.rating.commercial import (
    GOODS_CLASSES,
    MAIN_COVERS,
    age_years,
    discount_key,
    passenger_seats,
)
from app.rating.depreciation import actual_value, monthly_rate, whole_months
from app.rating.regions import lookup_optional
from app.rating.request import CoverageIn, QuoteRequest
from app.rating.table import (
    Band,
    Clauses,
    CtplClass,
    PricingWindow,
    Promotion,
    RateTable,
    Rider,
    ViolationRange,
)
from app.rating.terms import Term, term_of
from app.rating.vehicle_tax import TaxBasis, tax_basis
from app.rating.worksheet import num

ONE = Decimal(1)


# Built on every quote, with its own __init__ (app.rating.commercial.Factor says why).
@dataclass(slots=True, init=False)
class Checked:
    term: Term
    ctpl: CoverageIn | None
    ctpl_class: CtplClass | None
    ctpl_band: Band | None  # the class's tariff band for the vehicle (before any trailer share)
    clauses: Clauses | None  # None: no commercial cover asked for
    mains: list[CoverageIn]
    riders: list[tuple[CoverageIn, Rider, str]]  # (cover, rider, the main cover it attaches to)
    months_used: int
    depreciation_rate: Decimal
    actual_value: Decimal
    sum_insured: Decimal
    age: Decimal
    promotions: list[Promotion]
    violation: Decimal | None  # the coefficient, where the region uses one
    collected_on: date | None  # the day the tax is collected (late fees run to it)
    tax: TaxBasis | None  # how the vehicle is taxed, with CTPL

    def __init__(
        self,
        term: Term,
        ctpl: CoverageIn | None,
        ctpl_class: CtplClass | None,
        ctpl_band: Band | None,
        clauses: Clauses | None,
        mains: list[CoverageIn],
        riders: list[tuple[CoverageIn, Rider, str]],
        months_used: int,
        depreciation_rate: Decimal,
        actual_value: Decimal,
        sum_insured: Decimal,
        age: Decimal,
        promotions: list[Promotion],
        violation: Decimal | None,
        collected_on: date | None,
        tax: TaxBasis | None,
    ) -> None:
        self.term = term
        self.ctpl = ctpl
        self.ctpl_class = ctpl_class
        self.ctpl_band = ctpl_band
        self.clauses = clauses
        self.mains = mains
        self.riders = riders
        self.months_used = months_used
        self.depreciation_rate = depreciation_rate
        self.actual_value = actual_value
        self.sum_insured = sum_insured
        self.age = age
        self.promotions = promotions
        self.violation = violation
        self.collected_on = collected_on
        self.tax = tax


def _at(i: int, key: str = "code") -> str:
    return f"coverages[{i}].{key}" if key else f"coverages[{i}]"


def clause_set(req: QuoteRequest, table: RateTable, add: Callable[[Problem], None]) -> Clauses:
    """The NEV clauses for an NEV (fuel bev, phev, fcev) when the table has them, the ordinary
    clauses otherwise; asking for the other set is refused (docs/regulations.md §2.4)."""
    v = req.vehicle
    nev_set = table.nev_clauses
    nev_rules = table.commercial.nev
    eligible = (
        nev_set is not None
        and nev_rules is not None
        and v.fuel in nev_rules.fuels
        and v.vehicle_class not in nev_rules.excluded_classes
    )
    if req.clauses == "nev" and not eligible:
        if nev_set is None:
            add(
                Problem(
                    "clauses",
                    "this rate table has no NEV clauses",
                    "本费率表没有新能源汽车专属条款",
                )
            )
        else:
            add(
                Problem(
                    "clauses",
                    "the NEV clauses are only for new-energy vehicles (fuel bev, phev or fcev) other than "
                    "motorcycles, tractors and special vehicles",
                    "新能源汽车专属条款仅适用于新能源汽车（纯电动、插电式混合动力、燃料电池），不含摩托车、拖拉机和特种车",
                )
            )
    if req.clauses == "ordinary" and eligible:
        add(
            Problem(
                "clauses",
                "a new-energy vehicle is insured under the NEV clauses, not the ordinary clauses; "
                "leave `clauses` out or choose nev",
                "新能源汽车须按新能源汽车商业保险专属条款承保，不能使用普通商业险条款",
            )
        )
    return nev_set if eligible and nev_set is not None else table.ordinary_clauses


def _history(req: QuoteRequest, add: Callable[[Problem], None]) -> None:
    h = req.history
    if h.ctpl_claim_free_years and (
        h.ctpl_at_fault_claims_last_year or h.ctpl_fatal_at_fault_last_year
    ):
        add(
            Problem(
                "history",
                f"{h.ctpl_claim_free_years} claim-free year(s) contradicts an at-fault accident last year; "
                "take both from the platform's answer",
                f"连续 {h.ctpl_claim_free_years} 年未出险与上年发生有责事故相矛盾，请按平台返回信息填写",
            )
        )
    if h.first_ctpl:
        if h.ncd_level != 0:
            add(
                Problem(
                    "history.ncd_level",
                    f"a vehicle's first CTPL policy has NCD level 0, not {h.ncd_level}",
                    f"首次投保交强险的车辆无赔款优待等级应为 0，不是 {h.ncd_level}",
                )
            )
        if (
            h.ctpl_claim_free_years
            or h.ctpl_at_fault_claims_last_year
            or h.ctpl_fatal_at_fault_last_year
        ):
            add(
                Problem(
                    "history.first_ctpl",
                    "a first CTPL policy has no CTPL record: no claim-free years and no accidents",
                    "首次投保交强险的车辆没有交强险出险记录（无未出险年数、无事故）",
                )
            )


def _tax(req: QuoteRequest, has_ctpl: bool, add: Callable[[Problem], None]) -> date | None:
    v, tax = req.vehicle, req.tax
    if v.purchase_date is not None:
        if v.purchase_date > req.start_date:
            add(
                Problem(
                    "vehicle.purchase_date",
                    f"the purchase date {v.purchase_date} is after the start of cover {req.start_date}",
                    f"购置日期 {v.purchase_date} 晚于起保日期 {req.start_date}",
                )
            )
    if not tax.arrears:
        return tax.paid_on
    collected = tax.paid_on
    if collected is None:
        add(
            Problem(
                "tax.paid_on",
                "arrears need the day the tax is collected (the issue date) to work out the late fee",
                "补缴往年车船税须填写缴纳日期（即出单日），用于计算滞纳金",
            )
        )
        return None
    if not has_ctpl:
        add(
            Problem(
                "tax",
                "the vehicle tax is collected with CTPL only; add ctpl or remove the arrears",
                "车船税随交强险代收，请投保交强险或删除欠缴记录",
            )
        )
    years = [a.year for a in tax.arrears]
    for i, a in enumerate(tax.arrears):
        if a.year >= collected.year:
            add(
                Problem(
                    f"tax.arrears[{i}].year",
                    f"the tax year {a.year} has not ended on {collected}, so it cannot be in arrears",
                    f"{a.year} 年度在 {collected} 尚未结束，不能作为往年欠缴",
                )
            )
        elif a.year >= req.start_date.year:
            add(
                Problem(
                    f"tax.arrears[{i}].year",
                    f"{a.year} is the tax year of this policy (this year's tax), not arrears",
                    f"{a.year} 年度是本保单当年应缴的年度，不是往年欠缴",
                )
            )
        if years.count(a.year) > 1 and years.index(a.year) != i:
            add(
                Problem(
                    f"tax.arrears[{i}].year",
                    f"the arrears of {a.year} are listed twice",
                    f"{a.year} 年度的欠缴重复填写",
                )
            )
    return collected


def _ctpl_band(
    req: QuoteRequest, table: RateTable, add: Callable[[Problem], None]
) -> tuple[CtplClass | None, Band | None]:
    v = req.vehicle
    section = table.ctpl
    cls = section.classes.get(v.vehicle_class)
    if cls is None:
        add(
            Problem(
                "vehicle.class",
                f"{v.vehicle_class!r} is not a CTPL class of this table; choose one of {', '.join(sorted(section.classes))}",
                f"车辆类别 {v.vehicle_class} 不在交强险费率表中，可选：{'、'.join(c.name_zh for c in section.classes.values())}",
            )
        )
        return None, None
    if v.trailer and cls.basis != "tonnage":
        add(
            Problem(
                "vehicle.trailer",
                "a trailer is rated as a share of a truck of its tonnage: give a truck class and its tonnage",
                f"挂车按同吨位货车的比例计费，请选择货车类别并填写核定载质量（当前为{cls.name_zh}）",
            )
        )
    basis = cls.basis
    measure = (
        v.seats
        if basis == "seats"
        else v.tonnage
        if basis == "tonnage"
        else v.cc
        if basis == "cc"
        else Decimal(0)  # "none"
    )
    if measure is None:
        field, zh = {
            "seats": ("vehicle.seats", "核定载客数"),
            "tonnage": ("vehicle.tonnage", "核定载质量（吨）"),
            "cc": ("vehicle.cc", "排量（毫升）"),
        }[cls.basis]
        add(
            Problem(
                field,
                f"is needed to price CTPL for {v.vehicle_class}",
                f"{cls.name_zh}的交强险按{zh}计费，请填写",
            )
        )
        return cls, None
    x = Decimal(measure)
    for band in cls.bands:
        if band.contains(x):
            return cls, band
    add(
        Problem(
            f"vehicle.{cls.basis}" if cls.basis != "none" else "vehicle.class",
            f"no CTPL band of {v.vehicle_class} covers {num(x)}",
            f"{cls.name_zh}的交强险费率表没有 {num(x)} 对应的档次",
        )
    )
    return cls, None


def _window_in_force(req: QuoteRequest, table: RateTable) -> PricingWindow | None:
    """The regulator's window of the pricing coefficient in the region on the start date: the
    latest that has taken effect (the first listed of equals), or None."""
    pc = table.commercial.pricing_coefficient
    start = req.start_date
    best: PricingWindow | None = None
    best_from: date | None = None
    for w in lookup_optional(req.region, pc.by_region) or pc.national:
        since = w.effective_from
        if since <= start and (best_from is None or since > best_from):
            best, best_from = w, since
    return best


def pricing_window(req: QuoteRequest, table: RateTable) -> tuple[Decimal, Decimal]:
    """The regulator's window of the pricing coefficient in the region on the start date (the
    request has been checked: one is in force)."""
    w = _window_in_force(req, table)
    assert w is not None  # checked
    return w.min, w.max


def _pricing(
    req: QuoteRequest, table: RateTable, add: Callable[[Problem], None]
) -> tuple[Decimal, Decimal, Decimal | None]:
    """(regulator's minimum, outlet's minimum, traffic-violation coefficient or None)."""
    pc = table.commercial.pricing_coefficient
    w = _window_in_force(req, table)
    c = req.pricing_coefficient
    lo = hi = None
    if w is None:
        add(
            Problem(
                "start_date",
                "no pricing-coefficient range is in force on the start date",
                "起保日期无适用的自主定价系数范围",
            )
        )
    else:
        lo, hi = w.min, w.max
        if not lo <= c <= hi:
            add(
                Problem(
                    "pricing_coefficient",
                    f"{num(c)} is outside the range allowed in this region on {req.start_date} ({num(lo)}–{num(hi)}); "
                    "choose a value within it",
                    f"{num(c)} 超出该地区 {req.start_date} 适用的范围（{num(lo)}–{num(hi)}），请重新选择",
                )
            )
    outlet_min, outlet_max = pc.outlet_min, pc.outlet_max
    if not outlet_min <= c <= outlet_max:
        add(
            Problem(
                "pricing_coefficient",
                f"an outlet may use a pricing coefficient of {num(outlet_min)}–{num(outlet_max)}; {num(c)} needs head office",
                f"网点可使用的自主定价系数为 {num(outlet_min)}–{num(outlet_max)}，{num(c)} 须总公司审批",
            )
        )
    vrange: ViolationRange | None = lookup_optional(req.region, table.commercial.traffic_violation)
    tv = req.traffic_violation_coefficient
    if vrange is None:
        if tv is not None and tv != ONE:
            add(
                Problem(
                    "traffic_violation_coefficient",
                    "this region does not use a traffic-violation coefficient; leave it out",
                    "该地区不使用交通违法系数，请不要填写",
                )
            )
        return lo or ONE, outlet_min, None
    tv = tv if tv is not None else ONE
    if not vrange.min <= tv <= vrange.max:
        add(
            Problem(
                "traffic_violation_coefficient",
                f"{num(tv)} is outside {num(vrange.min)}–{num(vrange.max)} for this region",
                f"{num(tv)} 超出该地区范围 {num(vrange.min)}–{num(vrange.max)}",
            )
        )
    return lo or ONE, outlet_min, tv


def _promotions(
    req: QuoteRequest, table: RateTable, commercial_codes: set[str], add: Callable[[Problem], None]
) -> list[Promotion]:
    if not req.promotions:
        return []
    by_code = {p.code: p for p in table.promotions.items}
    chosen: list[Promotion] = []
    v = req.vehicle
    for i, code in enumerate(req.promotions):
        where = f"promotions[{i}]"
        p = by_code.get(code)
        if p is None:
            add(
                Problem(
                    where,
                    f"there is no promotion {code!r} in this rate table",
                    f"费率表中没有优惠活动 {code}",
                )
            )
            continue
        if code in (c.code for c in chosen):
            add(
                Problem(
                    where, f"promotion {code} is listed twice", f"优惠活动 {p.name_zh} 重复填写"
                )
            )
            continue
        chosen.append(p)
        if not p.valid_from <= req.start_date <= p.valid_to:
            add(
                Problem(
                    where,
                    f"promotion {code} runs {p.valid_from}–{p.valid_to}; the policy starts {req.start_date}",
                    f"优惠活动 {p.name_zh} 有效期为 {p.valid_from} 至 {p.valid_to}，不适用于该起保日期",
                )
            )
        if p.channels and req.channel not in p.channels:
            add(
                Problem(
                    where,
                    f"promotion {code} is not offered through {req.channel}",
                    f"{p.name_zh} 不适用于该渠道",
                )
            )
        if p.vehicle_classes and v.vehicle_class not in p.vehicle_classes:
            add(
                Problem(
                    where,
                    f"promotion {code} is not for this vehicle class",
                    f"{p.name_zh} 不适用于该车类",
                )
            )
        if p.fuels and v.fuel not in p.fuels:
            add(
                Problem(
                    where,
                    f"promotion {code} is only for fuel {', '.join(p.fuels)}, not {v.fuel}",
                    f"{p.name_zh} 仅适用于新能源汽车等指定能源类型，不适用于本车",
                )
            )
        if p.covers and not commercial_codes & set(p.covers):
            add(
                Problem(
                    where,
                    f"promotion {code} applies to {', '.join(p.covers)}, none of which is on this quote",
                    f"{p.name_zh} 仅适用于指定险种，本报价不含这些险种",
                )
            )
    if len(chosen) > 1 and not all(p.stackable for p in chosen):
        alone = [p.code for p in chosen if not p.stackable]
        add(
            Problem(
                "promotions",
                f"promotion(s) {', '.join(alone)} cannot be combined with others; choose one",
                "以下优惠不能与其他优惠同时使用："
                + "、".join(p.name_zh for p in chosen if not p.stackable),
            )
        )
    factor = ONE
    for p in chosen:
        factor *= ONE - p.discount
    if factor < table.promotions.floor:
        add(
            Problem(
                "promotions",
                f"these promotions together ({num(factor)}) go below the floor {num(table.promotions.floor)}; drop one",
                f"优惠叠加后系数 {num(factor)} 低于下限 {num(table.promotions.floor)}，请减少优惠",
            )
        )
    return chosen


def _covers(
    req: QuoteRequest,
    table: RateTable,
    clauses: Clauses,
    add: Callable[[Problem], None],
) -> tuple[CoverageIn | None, list[CoverageIn], list[tuple[CoverageIn, Rider, str]]]:
    v = req.vehicle
    cls = v.vehicle_class
    ordinary = table.ordinary_clauses.riders
    nev = table.nev_clauses.riders if table.nev_clauses else {}
    ctpl: CoverageIn | None = None
    mains: dict[str, tuple[int, CoverageIn]] = {}
    pending: list[tuple[int, CoverageIn]] = []
    for i, cov in enumerate(req.coverages):
        code = cov.code
        if code == "ctpl":
            if ctpl is not None:
                add(
                    Problem(
                        _at(i),
                        "each cover once: ctpl appears twice",
                        "同一险种只能投保一次：交强险重复",
                    )
                )
            ctpl = cov
        elif code in MAIN_COVERS:
            if code in mains:
                add(
                    Problem(
                        _at(i),
                        f"each cover once: {code} appears twice",
                        f"同一险种只能投保一次：{MAIN_COVERS[code][0]}重复",
                    )
                )
                continue
            mains[code] = (i, cov)
        elif code in clauses.riders:
            pending.append((i, cov))
        elif code in ordinary or code in nev:
            rider = ordinary.get(code) or nev[code]
            if clauses.code == "nev":
                en, zh = "is not offered under the NEV clauses", "新能源汽车专属条款不提供该附加险"
            else:
                en, zh = (
                    "is a rider of the NEV clauses, for new-energy vehicles only",
                    "是新能源汽车专属条款的附加险，仅适用于新能源汽车",
                )
            add(Problem(_at(i), f"{rider.name_en} {en}", f"{rider.name_zh}{zh}"))
        else:
            add(
                Problem(
                    _at(i),
                    f"unknown cover code {code!r}; see docs/rating.md for the codes",
                    f"未知险种代码 {code}，请查阅险种代码表",
                )
            )
    for i, cov in mains.values():
        _main(i, cov, req, clauses, add)
    riders: list[tuple[CoverageIn, Rider, str]] = []
    seen: set[tuple[str, str]] = set()
    for i, cov in pending:
        code = cov.code
        rider = clauses.riders[code]
        present = [m for m in rider.requires_any if m in mains]
        if not present:
            needs = " / ".join(MAIN_COVERS[m][1] for m in rider.requires_any)
            needs_zh = "或".join(MAIN_COVERS[m][0] for m in rider.requires_any)
            add(
                Problem(
                    _at(i),
                    f"{rider.name_en} is a rider: it needs {needs} on the same policy; add that cover or remove the rider",
                    f"{rider.name_zh}是附加险，须同时投保{needs_zh}。请加上主险或去掉该附加险",
                )
            )
            continue
        main = cov.attaches_to or present[0]
        if main not in present:
            can = " / ".join(MAIN_COVERS[m][1] for m in present)
            add(
                Problem(
                    _at(i, "attaches_to"),
                    f"{rider.name_en} cannot attach to {main} here; it can attach to {can}",
                    f"{rider.name_zh}不能附加于{MAIN_COVERS.get(main, (main,))[0]}，"
                    f"可附加于：{'、'.join(MAIN_COVERS[m][0] for m in present)}",
                )
            )
            continue
        if (code, main) in seen:
            add(
                Problem(
                    _at(i),
                    f"{rider.name_en} is already bought for {MAIN_COVERS[main][1]}",
                    f"{MAIN_COVERS[main][0]}的{rider.name_zh}重复投保",
                )
            )
            continue
        seen.add((code, main))
        if rider.vehicle_classes and cls not in rider.vehicle_classes:
            add(
                Problem(
                    _at(i),
                    f"{rider.name_en} is only for {', '.join(rider.vehicle_classes)}",
                    f"{rider.name_zh}仅适用于：{'、'.join(rider.vehicle_classes)}",
                )
            )
        if rider.goods_vehicles_only and cls not in GOODS_CLASSES:
            add(
                Problem(
                    _at(i),
                    f"{rider.name_en} is only for goods vehicles",
                    f"{rider.name_zh}仅适用于货车",
                )
            )
        _rider(i, cov, rider, add)
        riders.append((cov, rider, main))
    # Riders price after the main covers they attach to, in the order asked.
    return ctpl, [cov for _i, cov in mains.values()], riders


# The limits a cover offers, as a set built once per table list: a list is searched value by value,
# each a Decimal comparison, for every cover of every quote. Keyed by the list's identity and
# holding the list itself, so an entry is never another table's (an id is not reused while held).
_LIMIT_SETS: dict[int, tuple[list[Decimal], frozenset[Decimal]]] = {}


def _limit_set(allowed: list[Decimal]) -> frozenset[Decimal]:
    hit = _LIMIT_SETS.get(id(allowed))
    if hit is None or hit[0] is not allowed:
        if len(_LIMIT_SETS) > 256:
            _LIMIT_SETS.clear()
        hit = (allowed, frozenset(allowed))
        _LIMIT_SETS[id(allowed)] = hit
    return hit[1]


# A fixed-by-limit rider without a list of limits offers the limits its table prices, made into
# amounts once per table (kept as _LIMIT_SETS keeps its lists).
_TABLE_LIMITS: dict[int, tuple[dict[str, Decimal], list[Decimal]]] = {}


def _table_limits(table: dict[str, Decimal]) -> list[Decimal]:
    hit = _TABLE_LIMITS.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_TABLE_LIMITS) > 256:
            _TABLE_LIMITS.clear()
        hit = (table, [Decimal(k) for k in table])
        _TABLE_LIMITS[id(table)] = hit
    return hit[1]


def _limit(
    i: int,
    cov: CoverageIn,
    name: tuple[str, str],
    amount: Decimal | None,
    allowed: list[Decimal] | None,
    add: Callable[[Problem], None],
    key: str = "limit",
) -> None:
    if amount is None:
        add(Problem(_at(i, key), f"{name[1]} needs a limit", f"{name[0]}需要选择保额/限额"))
    elif allowed and amount not in _limit_set(allowed):
        offered = ", ".join(fmt_money(x) for x in allowed)
        add(
            Problem(
                _at(i, key),
                f"a limit of {fmt_money(amount)} is not offered for {cov.code}; choose one of {offered}",
                f"{name[0]}不提供 {fmt_money(amount)} 的保额/限额，可选：{offered}",
            )
        )


def _no_rates(i: int, cov: CoverageIn, cls: str, clauses: Clauses) -> Problem:
    names = MAIN_COVERS[cov.code]
    return Problem(
        _at(i),
        f"{names[1]} is not offered for class {cls} under {clauses.name_en}: "
        "motorcycles, tractors and special vehicles have clauses of their own; issue the CTPL alone",
        f"{clauses.name_zh}不为该车类（{cls}）提供{names[0]}：摩托车、拖拉机、特种车适用其专用条款，可单独投保交强险",
    )


def _main(
    i: int, cov: CoverageIn, req: QuoteRequest, clauses: Clauses, add: Callable[[Problem], None]
) -> None:
    # Fields read once into locals (app.rating.commercial.main_cover_line says why).
    code, limit = cov.code, cov.limit
    v = req.vehicle
    cls = v.vehicle_class
    names = MAIN_COVERS[code]
    if code == "vehicle_damage":
        if cls not in clauses.vehicle_damage.by_class:
            add(_no_rates(i, cov, cls, clauses))
    elif code == "third_party":
        tp = clauses.third_party
        offered = tp.limits
        _limit(i, cov, names, limit, offered, add)
        steps = tp.pure_premiums.get(cls)
        if steps is None:
            add(_no_rates(i, cov, cls, clauses))
        elif limit is not None and limit in _limit_set(offered) and str(int(limit)) not in steps:
            add(
                Problem(
                    _at(i, "limit"),
                    f"third-party cover is not offered for class {cls} at this limit",
                    f"该车类不提供此限额的三者险：{fmt_money(limit)}",
                )
            )
    else:
        rates = clauses.driver if code == "driver" else clauses.passenger
        _limit(i, cov, names, limit, rates.limits, add)
        if cls not in rates.rate_by_class:
            add(_no_rates(i, cov, cls, clauses))
        if code == "driver":
            if cov.seats not in (None, 1):
                add(
                    Problem(
                        _at(i, "seats"),
                        f"driver cover is for the one driver's seat, not {cov.seats}; put the others under passenger cover",
                        f"司机座位险只保驾驶员 1 个座位（当前为 {cov.seats}），其他座位请投保乘客座位险",
                    )
                )
        else:
            approved = v.seats
            most = max(0, (approved or 1) - 1)
            seats = passenger_seats(cov, req)
            if approved is None:
                add(
                    Problem(
                        "vehicle.seats",
                        "passenger cover needs the approved seats",
                        "乘客座位险需要填写核定载客数",
                    )
                )
            elif not 1 <= seats <= most:
                add(
                    Problem(
                        _at(i, "seats"),
                        f"passenger cover can take 1–{most} seats (approved seats − 1), not {seats}",
                        f"乘客座位险座位数应为 1–{most}（核定座位数减 1），当前为 {seats}",
                    )
                )


def _rider(i: int, cov: CoverageIn, rider: Rider, add: Callable[[Problem], None]) -> None:
    names = (rider.name_zh, rider.name_en)
    m = rider.method
    if m in ("rate_of_limit", "fixed_by_limit"):
        insured = cov.sum_insured
        key = "sum_insured" if insured is not None else "limit"
        amount = insured or cov.limit
        allowed = rider.limits
        if m == "fixed_by_limit" and not allowed:
            allowed = _table_limits(rider.table) if rider.table else []
        _limit(i, cov, names, amount, allowed, add, key)
    elif m == "discount_of_main":
        options = rider.discounts or {}
        if discount_key(cov, rider) not in options:
            choices = ", ".join(sorted(options))
            add(
                Problem(
                    _at(i, "rate"),
                    f"{rider.name_en}: choose a deductible rate of {choices}",
                    f"{rider.name_zh}：免赔率可选 {choices}",
                )
            )
    elif m == "per_day":
        if cov.days is None or cov.daily_amount is None:
            add(
                Problem(
                    _at(i, ""),
                    f"{rider.name_en} needs days and a daily amount",
                    f"{rider.name_zh}需要填写天数和日赔偿金额",
                )
            )
        elif rider.max_days and cov.days > rider.max_days:
            add(
                Problem(
                    _at(i, "days"),
                    f"{rider.name_en} covers at most {rider.max_days} days",
                    f"{rider.name_zh}最长 {rider.max_days} 天",
                )
            )
    elif m == "fixed":
        offered = rider.table or {}
        services = cov.services
        if services is not None:
            unknown = [s for s in services if s not in offered]
            twice = sorted({s for s in services if services.count(s) > 1})
            if not services:
                add(
                    Problem(
                        _at(i, "services"),
                        f"{rider.name_en}: choose at least one service, or leave `services` out for all of them",
                        f"{rider.name_zh}：请至少选择一项服务（不填则为全部服务）",
                    )
                )
            if unknown:
                add(
                    Problem(
                        _at(i, "services"),
                        f"{rider.name_en}: unknown services {unknown}; choose from {sorted(offered)}",
                        f"{rider.name_zh}：服务项目 {'、'.join(unknown)} 不存在",
                    )
                )
            if twice:
                add(
                    Problem(
                        _at(i, "services"),
                        f"{rider.name_en}: {', '.join(twice)} listed twice; each service is bought once",
                        f"{rider.name_zh}：服务项目 {'、'.join(twice)} 重复，每项服务只能购买一次",
                    )
                )


def check(req: QuoteRequest, table: RateTable) -> Checked:
    """Every problem of `req` under `table` at once (InvalidInput listing them), or what pricing needs."""
    problems: list[Problem] = []
    add = problems.append
    start = req.start_date
    if not table.usable_on(start):
        grace = f" (grace to {table.grace_until()})" if table.grace_until() else ""
        add(
            Problem(
                "start_date",
                f"rate table version {table.version} is in force {table.effective_from}–{table.effective_to or '…'}"
                f"{grace}, not on the start date {req.start_date}; install the table for that date",
                f"费率表第 {table.version} 版的有效期不含起保日期 {req.start_date}，请安装适用的费率表",
            )
        )
    term, term_problems = term_of(start, req.end_date, req.short_term_months, req.immediate)
    problems += term_problems
    _history(req, add)
    clauses = clause_set(req, table, add)
    ctpl, mains, riders = _covers(req, table, clauses, add)
    has_commercial = bool(mains or riders)
    ctpl_class, ctpl_band = _ctpl_band(req, table, add) if ctpl is not None else (None, None)
    collected = _tax(req, ctpl is not None, add)
    tax: TaxBasis | None = None
    if ctpl is not None:
        tax, tax_problems = tax_basis(req, table.vehicle_tax)
        problems += tax_problems
        if lookup_optional(req.region, table.ctpl.region_schemes) is None:
            add(
                Problem(
                    "region",
                    f"region {req.region} has no CTPL floating scheme in this rate table; check the region code "
                    "(6 digits, e.g. 110000)",
                    f"地区代码 {req.region} 在费率表中没有交强险浮动方案，请核对（6 位，如 110000）",
                )
            )
    v = req.vehicle
    registered, price = v.first_registration, v.purchase_price
    months = whole_months(registered, start)
    dep = clauses.depreciation
    rate = monthly_rate(v, dep)
    value = actual_value(price, months, rate, dep.cap)
    sum_insured = value
    violation = None
    promotions: list[Promotion] = []
    if registered > start:
        add(
            Problem(
                "vehicle.first_registration",
                f"the first registration {registered} is after the start of cover {start}",
                f"初次登记日期 {registered} 晚于起保日期 {start}",
            )
        )
    if has_commercial:
        for cov in mains:
            if cov.code == "vehicle_damage":
                asked = cov.sum_insured
                sum_insured = asked if asked is not None else value
                band = clauses.vehicle_damage.sum_insured_band
                lo = round_fen(value * (1 - band))
                hi = min(round_fen(value * (1 + band)), price)
                if not lo <= sum_insured <= hi:
                    add(
                        Problem(
                            f"coverages[{req.coverages.index(cov)}].sum_insured",
                            f"the own-damage sum insured {fmt_money(sum_insured)} is outside the allowed band "
                            f"{fmt_money(lo)}–{fmt_money(hi)} around the vehicle's actual value {fmt_money(value)}; insure it for its value",
                            f"车损险保额 {fmt_money(sum_insured)} 超出允许范围 {fmt_money(lo)}–{fmt_money(hi)}"
                            f"（车辆实际价值 {fmt_money(value)}），请按实际价值投保",
                        )
                    )
        floor, outlet_min, violation = _pricing(req, table, add)
        if req.promotions:
            codes = {c.code for c in mains} | {c.code for c, _r, _m in riders}
            promotions = _promotions(req, table, codes, add)
        if promotions:
            factor = ONE
            for p in promotions:
                factor *= ONE - p.discount
            overall = req.pricing_coefficient * factor
            least = max(floor, outlet_min)
            if overall < least:
                add(
                    Problem(
                        "promotions",
                        f"with these promotions the pricing coefficient {num(req.pricing_coefficient)} comes to "
                        f"{num(overall)}, below the outlet's floor {num(least)}; raise the coefficient or drop a promotion",
                        f"使用这些优惠后，自主定价系数 {num(req.pricing_coefficient)} 实际为 {num(overall)}，"
                        f"低于网点下限 {num(least)}，请提高系数或减少优惠",
                    )
                )
    elif req.promotions:
        add(
            Problem(
                "promotions",
                "promotions discount commercial cover; this quote has none",
                "优惠活动适用于商业险，本报价未投保商业险",
            )
        )
    if problems:
        raise refusal(problems, what_en="The quote request", what_zh="报价请求")
    assert term is not None  # no problems: the term is known
    return Checked(
        term,
        ctpl,
        ctpl_class,
        ctpl_band,
        clauses if has_commercial else None,
        mains,
        riders,
        months,
        rate,
        value,
        sum_insured,
        age_years(req),
        promotions,
        violation,
        collected,
        tax,
    )
