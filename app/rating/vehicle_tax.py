"""Vehicle and vessel tax (车船税), withheld with CTPL: docs/regulations.md §6.

No vehicle is taxed 0 by omission: it is taxed by its category (passenger car by displacement,
bus per vehicle, truck or tractor unit per tonne of curb weight, a trailer half that, special
working vehicle per tonne, motorcycle per vehicle), or it is outside the tax or exempt with the
reason printed (NEVs, and what the table's `not_taxed` lists), or the request is refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.core.errors import InvalidInput
from app.core.money import ZERO, round_fen
from app.core.problems import Problem, refusal
from app.rating.request import QuoteRequest
from app.rating.table import ProvinceTax, VehicleTaxSection
from app.rating.worksheet import Worksheet, WorksheetLine, num

PASSENGER_CLASSES = {"family_car", "enterprise_passenger", "government_passenger", "taxi_rental"}
BUS_CLASSES = {"city_bus", "highway_coach"}
TRUCK_CLASSES = {"nonop_truck", "op_truck"}
# 特种车四 are container tractor units: taxed as trucks. The others are special working vehicles.
TRACTOR_UNIT_CLASSES = {"special_4"}
SPECIAL_WORKING_CLASSES = {"special_1", "special_2", "special_3"}


@dataclass(slots=True)  # built on every quote: a frozen init costs several µs
class TaxResult:
    annual: Decimal
    current_year: Decimal
    arrears: Decimal
    late_fee: Decimal
    exempt_reason: str | None  # English; None when the tax is due
    tax_year: int = 0
    category: str = ""  # passenger_car, bus, truck, trailer, special, motorcycle; or outside/exempt
    exempt_reason_zh: str | None = None
    arrears_years: tuple[tuple[int, Decimal, int, Decimal], ...] = ()  # (year, amount, days, fee)

    @property
    def total(self) -> Decimal:
        return self.current_year + self.arrears + self.late_fee

    def to_json(self) -> dict:
        return {
            "tax_year": self.tax_year,
            "category": self.category,
            "annual": f"{self.annual:.2f}",
            "current_year": f"{self.current_year:.2f}",
            "arrears": f"{self.arrears:.2f}",
            "arrears_by_year": [
                {
                    "year": y,
                    "amount": f"{a:.2f}",
                    "late_fee_days": d,
                    "late_fee": f"{f:.2f}",
                }
                for y, a, d, f in self.arrears_years
            ],
            "late_fee": f"{self.late_fee:.2f}",
            "total": f"{self.total:.2f}",
            "exempt_reason": self.exempt_reason,
            "exempt_reason_zh": self.exempt_reason_zh,
        }


def _cannot(field: str, en: str, zh: str) -> InvalidInput:
    return refusal([Problem(field, en, zh)], what_en="The quote request", what_zh="报价请求")


def _province(req: QuoteRequest, section: VehicleTaxSection) -> ProvinceTax:
    return section.provinces.get(req.region[:2]) or section.provinces["default"]


How = Callable[[], str]  # how the amount arises, in Chinese: written only for the worksheet


def annual_tax(req: QuoteRequest, prov: ProvinceTax) -> tuple[Decimal, str, How]:
    """(annual amount, category, how it arises) for a taxed vehicle."""
    v = req.vehicle
    seats = v.seats or 0
    cls = v.vehicle_class
    if cls in PASSENGER_CLASSES and seats <= 9:
        if v.displacement_l is None:
            raise _cannot(
                "vehicle.displacement_l",
                "is needed for the vehicle tax of a passenger car",
                "乘用车车船税按排量计算，请填写",
            )
        litres = v.displacement_l
        for b in prov.passenger_car:
            if b.max_displacement_l is None or litres <= b.max_displacement_l:
                return b.annual, "passenger_car", lambda: f"乘用车 排量 {num(litres)} 升"
    if cls in PASSENGER_CLASSES | BUS_CLASSES:
        return prov.bus_per_vehicle, "bus", lambda: f"客车 {seats} 座（9 座以上）每辆"
    if cls in TRUCK_CLASSES | TRACTOR_UNIT_CLASSES | SPECIAL_WORKING_CLASSES:
        if v.curb_weight_t is None:
            raise _cannot(
                "vehicle.curb_weight_t",
                "is needed for the vehicle tax (per tonne of curb weight)",
                "货车、挂车和专用作业车的车船税按整备质量每吨计算，请填写",
            )
        weight = v.curb_weight_t
        if cls in SPECIAL_WORKING_CLASSES:
            rate = prov.special_per_tonne
            if rate is None:
                raise _cannot(
                    "vehicle.class",
                    "this rate table has no vehicle-tax amount for special working vehicles; "
                    "ask head office for a table that has one",
                    "本费率表没有专用作业车的车船税税额，请联系总公司更新费率表",
                )
            return (
                rate * weight,
                "special",
                lambda: f"专用作业车 整备质量 {num(weight)} 吨 × 每吨 {num(rate)}",
            )
        amount = prov.truck_per_tonne * weight

        def how() -> str:
            return f"货车 整备质量 {num(weight)} 吨 × 每吨 {num(prov.truck_per_tonne)}"

        if v.trailer:
            return (
                amount * prov.trailer_share,
                "trailer",
                lambda: how() + f"，挂车按货车税额的 {num(prov.trailer_share * 100)}%",
            )
        return amount, "truck", how
    if cls == "motorcycle":
        return prov.motorcycle, "motorcycle", lambda: "摩托车每辆"
    raise _cannot(
        "vehicle.class",
        f"this rate table does not say how vehicle class {cls} is taxed; ask head office",
        f"本费率表未规定该车类（{cls}）的车船税，请联系总公司",
    )


@dataclass(slots=True)  # built on every quote: a frozen init costs several µs
class TaxBasis:
    """How a vehicle is taxed: not at all (`not_taxed`: Chinese and English reason, "outside"
    or "exempt"), or an annual amount of a category."""

    not_taxed: tuple[str, str, str] | None
    annual: Decimal = ZERO
    category: str = ""
    how: How = str


def tax_basis(
    req: QuoteRequest, section: VehicleTaxSection
) -> tuple[TaxBasis | None, list[Problem]]:
    """How the vehicle is taxed, or what stops it being worked out (checked with the rest of a
    request, so pricing does not work it out again)."""
    reason = _not_taxed_reason(req, section)
    if reason is not None:
        return TaxBasis(reason), []
    try:
        annual, category, how = annual_tax(req, _province(req, section))
    except InvalidInput as exc:
        return None, list(exc.problems)
    return TaxBasis(None, annual, category, how), []


def _not_taxed_reason(req: QuoteRequest, section: VehicleTaxSection) -> tuple[str, str, str] | None:
    """(Chinese reason, English reason, "outside" | "exempt") for a vehicle the tax does not reach."""
    v = req.vehicle
    if v.fuel in ("bev", "fcev") and v.vehicle_class in PASSENGER_CLASSES and (v.seats or 0) <= 9:
        return (
            "纯电动、燃料电池乘用车不属于车船税征税范围",
            "battery-electric and fuel-cell passenger cars are outside the vehicle tax",
            "outside",
        )
    if v.fuel in ("bev", "fcev", "phev"):
        return (
            "新能源车船免征车船税",
            "new-energy vehicles are exempt from the vehicle tax",
            "exempt",
        )
    for rule in section.not_taxed:
        if v.vehicle_class in rule.classes or v.usage in rule.usage:
            return rule.reason_zh, rule.reason_en, rule.status
    return None


def price_tax(
    req: QuoteRequest,
    section: VehicleTaxSection,
    collected_on: date | None,
    basis: TaxBasis,
    ws: Worksheet,
) -> TaxResult:
    """This year's tax (the year the policy starts), arrears of earlier years and their late
    fees, which run to `collected_on`, the day the tax is collected (the issue date)."""
    v = req.vehicle
    year = req.start_date.year
    if basis.not_taxed is not None:
        zh, en, status = basis.not_taxed
        ws.append(lambda: WorksheetLine(f"车船税：{zh}", f"vehicle tax: {en}", ZERO))
        return TaxResult(ZERO, ZERO, ZERO, ZERO, en, year, status, zh)
    prov = _province(req, section)
    annual, category, how = round_fen(basis.annual), basis.category, basis.how
    if v.energy_saving:
        full = annual
        half = round_fen(full * section.energy_saving_share)
        ws.append(
            lambda: WorksheetLine(
                f"车船税：{how()}，节能汽车减半",
                f"vehicle tax ({category}): energy-saving vehicle, half",
                half,
                f"{num(full)} × {num(section.energy_saving_share)}",
            )
        )
        annual = half
    else:
        ws.append(
            lambda: WorksheetLine(
                f"车船税年税额：{how()}" + ("（示例税额）" if prov.illustrative else ""),
                f"vehicle tax, annual ({category})"
                + (" (illustrative amount)" if prov.illustrative else ""),
                annual,
            )
        )
    bought = v.purchase_date
    if bought is not None and bought.year == year:
        months = 12 - bought.month + 1
        current = round_fen(annual / 12 * months)
        ws.append(
            lambda: WorksheetLine(
                f"{year} 年度当年应缴：购置当年按月计算，{bought.month} 月至 12 月共 {months} 个月",
                f"tax year {year}: from the month of purchase ({bought.month}) to December, {months} months",
                current,
                f"{num(annual)} ÷ 12 × {months}",
            )
        )
    else:
        current = annual
        ws.append(
            lambda: WorksheetLine(f"{year} 年度当年应缴", f"tax year {year}", current, num(annual))
        )
    arrears = ZERO
    late = ZERO
    lines = []
    for a in req.tax.arrears:
        amount = round_fen(a.amount)
        arrears += amount
        due = date(a.year + 1, 1, 1)
        days = max(0, (collected_on - due).days) if collected_on else 0
        fee = round_fen(amount * section.late_fee_per_day * days)
        late += fee
        lines.append((a.year, amount, days, fee))
        ws.append(WorksheetLine(f"往年补缴 {a.year} 年度", f"arrears for {a.year}", amount))
        ws.append(
            WorksheetLine(
                f"滞纳金：自 {due} 至缴纳日 {collected_on} 共 {days} 天 × 每日万分之五",
                f"late fee: {days} days from {due} to the day collected ({collected_on}) at 0.05%/day",
                fee,
                f"{num(amount)} × {num(section.late_fee_per_day)} × {days}",
            )
        )
    return TaxResult(annual, current, arrears, late, None, year, category, None, tuple(lines))
