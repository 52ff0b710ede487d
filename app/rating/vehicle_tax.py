"""Vehicle and vessel tax (车船税), withheld with CTPL: docs/regulations.md §6.

No vehicle is taxed 0 by omission: it is taxed by its category (passenger car by displacement,
bus per vehicle, truck or tractor unit per tonne of curb weight, a trailer half that, special
working vehicle per tonne, motorcycle per vehicle), or it is outside the tax or exempt with the
reason printed (NEVs, and what the table's `not_taxed` lists), or the request is refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.core.errors import InvalidInput
from app.core.money import ZERO, round_fen
from app.core.problems import Problem, refusal
from app.rating.regions import region_name
from app.rating.request import QuoteRequest
from app.rating.table import ProvinceTax, VehicleTaxSection
from app.rating.worksheet import TAX, Worksheet, WorksheetLine, amount, num, pct

PASSENGER_CLASSES = {"family_car", "enterprise_passenger", "government_passenger", "taxi_rental"}
BUS_CLASSES = {"city_bus", "highway_coach"}
TRUCK_CLASSES = {"nonop_truck", "op_truck"}
# 特种车四 are container tractor units: taxed as trucks. The others are special working vehicles.
TRACTOR_UNIT_CLASSES = {"special_4"}
SPECIAL_WORKING_CLASSES = {"special_1", "special_2", "special_3"}

# What the annual amount is for, in words (zh, en): worded only when printed or shown.
Words = Callable[[], tuple[str, str]]


# Built on every quote, with their own __init__ (app.rating.commercial.Factor says why).
@dataclass(slots=True, init=False)
class TaxResult:
    annual: Decimal
    current_year: Decimal
    arrears: Decimal
    late_fee: Decimal
    exempt_reason: str | None  # English; None when the tax is due
    # What the withholding certificate on the CTPL policy prints (docs/regulations.md §6).
    tax_year: int
    first_month: int  # the purchase month in the first year, else January
    exempt_reason_zh: str | None
    arrears_years: tuple[int, ...]
    # passenger_car, bus, truck, trailer, special, motorcycle; or outside / exempt
    category: str
    # Each year in arrears: (year, amount, days of late fee, late fee)
    arrears_detail: tuple[tuple[int, Decimal, int, Decimal], ...]
    # What the annual amount is for, in words (乘用车，排量 1.5 升，属 1.0 升以上至 1.6 升（含）档)
    basis: Words | None = field(repr=False, compare=False)

    def __init__(
        self,
        annual: Decimal,
        current_year: Decimal,
        arrears: Decimal,
        late_fee: Decimal,
        exempt_reason: str | None,
        tax_year: int = 0,
        first_month: int = 1,
        exempt_reason_zh: str | None = None,
        arrears_years: tuple[int, ...] = (),
        category: str = "",
        arrears_detail: tuple[tuple[int, Decimal, int, Decimal], ...] = (),
        basis: Words | None = None,
    ) -> None:
        self.annual = annual
        self.current_year = current_year
        self.arrears = arrears
        self.late_fee = late_fee
        self.exempt_reason = exempt_reason
        self.tax_year = tax_year
        self.first_month = first_month
        self.exempt_reason_zh = exempt_reason_zh
        self.arrears_years = arrears_years
        self.category = category
        self.arrears_detail = arrears_detail
        self.basis = basis

    @property
    def basis_zh(self) -> str:
        return self.basis()[0] if self.basis else ""

    @property
    def basis_en(self) -> str:
        return self.basis()[1] if self.basis else ""

    @property
    def total(self) -> Decimal:
        return self.current_year + self.arrears + self.late_fee

    def to_json(self) -> dict:
        return {
            "tax_year": self.tax_year,
            "first_month": self.first_month,
            "category": self.category,
            "basis_zh": self.basis_zh,
            "basis_en": self.basis_en,
            "annual": f"{self.annual:.2f}",
            "current_year": f"{self.current_year:.2f}",
            "arrears": f"{self.arrears:.2f}",
            "arrears_years": list(self.arrears_years),
            "arrears_by_year": [
                {"year": y, "amount": f"{a:.2f}", "late_fee_days": d, "late_fee": f"{f:.2f}"}
                for y, a, d, f in self.arrears_detail
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


def _bracket_words(prov: ProvinceTax, litres: Decimal) -> tuple[str, str]:
    lower = Decimal(0)
    for b in prov.passenger_car:
        if b.max_displacement_l is None or litres <= b.max_displacement_l:
            if b.max_displacement_l is None:
                return f"{lower:.1f} 升以上档", f"over {lower:.1f} L"
            if lower == 0:
                return (
                    f"{b.max_displacement_l:.1f} 升及以下档",
                    f"{b.max_displacement_l:.1f} L or less",
                )
            return (
                f"{lower:.1f} 升以上至 {b.max_displacement_l:.1f} 升（含）档",
                f"over {lower:.1f} L up to {b.max_displacement_l:.1f} L",
            )
        lower = b.max_displacement_l
    return "", ""


def annual_tax(req: QuoteRequest, prov: ProvinceTax) -> tuple[Decimal, str, Words]:
    """(annual amount, category, what it is for in words) for a taxed vehicle."""
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

        def car() -> tuple[str, str]:
            zh, en = _bracket_words(prov, litres)
            return (
                f"乘用车（9 座及以下），排量 {num(litres)} 升，属 {zh}",
                f"passenger car (9 seats or fewer), {num(litres)} L, band {en}",
            )

        for b in prov.passenger_car:
            if b.max_displacement_l is None or litres <= b.max_displacement_l:
                return b.annual, "passenger_car", car
    if cls in PASSENGER_CLASSES | BUS_CLASSES:
        return (
            prov.bus_per_vehicle,
            "bus",
            lambda: ("客车（9 座以上），按辆计征", "bus (more than 9 seats), per vehicle"),
        )
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
                lambda: (
                    f"专用作业车，整备质量 {num(weight)} 吨 × 每吨 {amount(rate)} 元",
                    f"special working vehicle, curb weight {num(weight)} t × {amount(rate)} per tonne",
                ),
            )
        per_tonne = prov.truck_per_tonne
        kind_zh, kind_en = (
            ("牵引车（按货车计征）", "tractor unit (taxed as a truck)")
            if cls in TRACTOR_UNIT_CLASSES
            else ("货车", "truck")
        )

        def truck() -> tuple[str, str]:
            zh = f"{kind_zh}，整备质量 {num(weight)} 吨 × 每吨 {amount(per_tonne)} 元"
            en = f"{kind_en}, curb weight {num(weight)} t × {amount(per_tonne)} per tonne"
            if v.trailer:
                zh += f"，挂车按货车税额的 {pct(prov.trailer_share)}"
                en += f"; a trailer pays {pct(prov.trailer_share)} of the truck amount"
            return zh, en

        if v.trailer:
            return per_tonne * weight * prov.trailer_share, "trailer", truck
        return per_tonne * weight, "truck", truck
    if cls == "motorcycle":
        return (
            prov.motorcycle,
            "motorcycle",
            lambda: ("摩托车，按辆计征", "motorcycle, per vehicle"),
        )
    raise _cannot(
        "vehicle.class",
        f"this rate table does not say how vehicle class {cls} is taxed; ask head office",
        f"本费率表未规定该车类（{cls}）的车船税，请联系总公司",
    )


@dataclass(slots=True, init=False)  # its own __init__, as TaxResult
class TaxBasis:
    """How a vehicle is taxed: not at all (`not_taxed`: Chinese and English reason, "outside"
    or "exempt"), or an annual amount of a category."""

    not_taxed: tuple[str, str, str] | None
    annual: Decimal
    category: str
    words: Words | None

    def __init__(
        self,
        not_taxed: tuple[str, str, str] | None,
        annual: Decimal = ZERO,
        category: str = "",
        words: Words | None = None,
    ) -> None:
        self.not_taxed = not_taxed
        self.annual = annual
        self.category = category
        self.words = words


def tax_basis(
    req: QuoteRequest, section: VehicleTaxSection
) -> tuple[TaxBasis | None, list[Problem]]:
    """How the vehicle is taxed, or what stops it being worked out (checked with the rest of a
    request, so pricing does not work it out again)."""
    reason = _not_taxed_reason(req, section)
    if reason is not None:
        return TaxBasis(reason), []
    try:
        annual, category, words = annual_tax(req, _province(req, section))
    except InvalidInput as exc:
        return None, list(exc.problems)
    return TaxBasis(None, annual, category, words), []


def _not_taxed_reason(req: QuoteRequest, section: VehicleTaxSection) -> tuple[str, str, str] | None:
    """(Chinese reason, English reason, "outside" | "exempt") for a vehicle the tax does not reach."""
    v = req.vehicle
    fuel, cls = v.fuel, v.vehicle_class  # read once: pydantic fields (app.rating.commercial)
    if fuel in ("bev", "fcev") and cls in PASSENGER_CLASSES and (v.seats or 0) <= 9:
        return (
            "纯电动、燃料电池乘用车不属于车船税征税范围",
            "battery-electric and fuel-cell passenger cars are outside the vehicle tax",
            "outside",
        )
    if fuel in ("bev", "fcev", "phev"):
        return (
            "新能源车船免征车船税",
            "new-energy vehicles are exempt from the vehicle tax",
            "exempt",
        )
    usage = v.usage
    for rule in section.not_taxed:
        if cls in rule.classes or usage in rule.usage:
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
    ws.append(TAX)
    if basis.not_taxed is not None:
        zh, en, status = basis.not_taxed
        ws.append(
            lambda: WorksheetLine(
                f"车船税：{zh}，不代收", f"vehicle tax: {en}; nothing is collected", ZERO
            )
        )
        return TaxResult(ZERO, ZERO, ZERO, ZERO, en, year, 1, zh, (), status)
    prov = _province(req, section)
    annual, category = round_fen(basis.annual), basis.category
    words = basis.words or (lambda: ("", ""))

    def annual_line() -> WorksheetLine:
        basis_zh, basis_en = words()
        known = req.region[:2] in section.provinces
        where_zh = region_name(req.region[:2], "zh") if known else "本表默认"
        where_en = region_name(req.region[:2], "en") if known else "the table's default"
        return WorksheetLine(
            f"车船税年税额：{where_zh}税额表，{basis_zh or v.vehicle_class}"
            + ("（示例税额）" if prov.illustrative else ""),
            f"vehicle tax, annual: {where_en} rates, {basis_en or v.vehicle_class}"
            + (" (illustrative amounts)" if prov.illustrative else ""),
            annual,
        )

    ws.append(annual_line)
    if v.energy_saving:
        full = annual
        half = round_fen(full * section.energy_saving_share)
        ws.append(
            lambda: WorksheetLine(
                f"节能汽车减半征收：年税额的 {pct(section.energy_saving_share)}",
                f"energy-saving vehicle: {pct(section.energy_saving_share)} of the annual amount",
                half,
                f"{num(full)} × {num(section.energy_saving_share)}",
            )
        )
        annual = half
    bought = v.purchase_date
    first_month = 1
    due_annual = annual
    if bought is not None and bought.year == year:
        first_month = bought.month
        months = 12 - bought.month + 1
        current = round_fen(due_annual / 12 * months)
        ws.append(
            lambda: WorksheetLine(
                f"当年应缴（{year} 年）：购置当年自购置月 {first_month} 月起至 12 月，共 {months} 个月，按月折算",
                f"this year ({year}): from the month of purchase ({first_month}) to December, {months} months of 12",
                current,
                f"{num(due_annual)} ÷ 12 × {months}",
            )
        )
    else:
        current = due_annual
        ws.append(
            lambda: WorksheetLine(
                f"当年应缴（{year} 年）：全年税额",
                f"this year ({year}): the full annual amount",
                current,
                num(due_annual),
            )
        )
    arrears = ZERO
    late = ZERO
    detail = []
    for a in req.tax.arrears:
        owed = round_fen(a.amount)
        arrears += owed
        due = date(a.year + 1, 1, 1)
        days = max(0, (collected_on - due).days) if collected_on else 0
        fee = round_fen(owed * section.late_fee_per_day * days)
        late += fee
        detail.append((a.year, owed, days, fee))
        ws.append(
            WorksheetLine(
                f"往年补缴（{a.year} 年）：该年未缴的车船税",
                f"arrears for {a.year}: that year's unpaid tax",
                owed,
            )
        )
        ws.append(
            WorksheetLine(
                f"滞纳金（{a.year} 年欠税）：自 {due} 起至缴纳日 {collected_on} 共 {days} 天，按每日 "
                f"{pct(section.late_fee_per_day)}",
                f"late fee on {a.year}'s arrears: {days} days from {due} to the day collected ({collected_on}) "
                f"at {pct(section.late_fee_per_day)} a day",
                fee,
                f"{num(owed)} × {num(section.late_fee_per_day)} × {days}",
            )
        )
    return TaxResult(
        annual,
        current,
        arrears,
        late,
        None,
        year,
        first_month,
        None,
        tuple([a.year for a in req.tax.arrears]),
        category,
        tuple(detail),
        words,
    )
