"""Vehicle and vessel tax (车船税), collected with CTPL: docs/regulations.md §6."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.core.errors import InvalidInput
from app.core.money import ZERO, round_fen
from app.rating.regions import region_name
from app.rating.request import QuoteRequest
from app.rating.table import ProvinceTax, VehicleTaxSection
from app.rating.worksheet import TAX, Worksheet, WorksheetLine, amount, num, pct

PASSENGER_CLASSES = {"family_car", "enterprise_passenger", "government_passenger", "taxi_rental"}
BUS_CLASSES = {"city_bus", "highway_coach"}
TRUCK_CLASSES = {"nonop_truck", "op_truck"}


@dataclass(frozen=True)
class TaxResult:
    annual: Decimal
    current_year: Decimal
    arrears: Decimal
    late_fee: Decimal
    exempt_reason: str | None
    # What the withholding certificate on the CTPL policy prints (docs/regulations.md §6).
    tax_year: int = 0
    first_month: int = 1  # the purchase month in the first year, else January
    exempt_reason_zh: str | None = None
    arrears_years: tuple[int, ...] = ()
    # What the annual amount is for, in words (乘用车，排量 1.5 升，属 1.0 升以上至 1.6 升（含）档):
    # worded only when printed, so re-pricing does not pay for it.
    basis: Callable[[], tuple[str, str]] | None = field(default=None, repr=False, compare=False)

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
            "annual": f"{self.annual:.2f}",
            "current_year": f"{self.current_year:.2f}",
            "arrears": f"{self.arrears:.2f}",
            "late_fee": f"{self.late_fee:.2f}",
            "total": f"{self.total:.2f}",
            "exempt_reason": self.exempt_reason,
            "exempt_reason_zh": self.exempt_reason_zh,
            "tax_year": self.tax_year,
            "first_month": self.first_month,
            "basis_zh": self.basis_zh,
            "arrears_years": list(self.arrears_years),
        }


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


def tax_basis(req: QuoteRequest, prov: ProvinceTax) -> tuple[str, str]:
    """What the annual amount is for, in words: the category and the band or the measure."""
    v = req.vehicle
    seats = v.seats or 0
    if v.vehicle_class in PASSENGER_CLASSES and seats <= 9 and v.displacement_l is not None:
        zh, en = _bracket_words(prov, v.displacement_l)
        return (
            f"乘用车（9 座及以下），排量 {num(v.displacement_l)} 升，属 {zh}",
            f"passenger car (9 seats or fewer), {num(v.displacement_l)} L, band {en}",
        )
    if v.vehicle_class in PASSENGER_CLASSES | BUS_CLASSES:
        return "客车（9 座以上），按辆计征", "bus (more than 9 seats), per vehicle"
    if v.vehicle_class in TRUCK_CLASSES and v.curb_weight_t is not None:
        zh = f"货车，整备质量 {num(v.curb_weight_t)} 吨 × 每吨 {amount(prov.truck_per_tonne)} 元"
        en = f"truck, curb weight {num(v.curb_weight_t)} t × {amount(prov.truck_per_tonne)} per tonne"
        if v.trailer:
            zh += f"，挂车按货车税额的 {pct(prov.trailer_share)}"
            en += f"; a trailer pays {pct(prov.trailer_share)} of the truck amount"
        return zh, en
    if v.vehicle_class == "motorcycle":
        return "摩托车，按辆计征", "motorcycle, per vehicle"
    return "", ""


def annual_tax(req: QuoteRequest, prov: ProvinceTax) -> Decimal:
    v = req.vehicle
    seats = v.seats or 0
    if v.vehicle_class in PASSENGER_CLASSES and seats <= 9:
        if v.displacement_l is None:
            raise InvalidInput(
                "vehicle.displacement_l is needed for the vehicle tax of a passenger car.",
                zh="计算车船税需要排量（vehicle.displacement_l）。",
            )
        for b in prov.passenger_car:
            if b.max_displacement_l is None or v.displacement_l <= b.max_displacement_l:
                return b.annual
    if v.vehicle_class in PASSENGER_CLASSES | BUS_CLASSES:
        return prov.bus_per_vehicle
    if v.vehicle_class in TRUCK_CLASSES:
        if v.curb_weight_t is None:
            raise InvalidInput(
                "vehicle.curb_weight_t (整备质量, tonnes) is needed for a truck's vehicle tax.",
                zh="计算货车车船税需要整备质量（vehicle.curb_weight_t）。",
            )
        amount = prov.truck_per_tonne * v.curb_weight_t
        return amount * prov.trailer_share if v.trailer else amount
    if v.vehicle_class == "motorcycle":
        return prov.motorcycle
    return ZERO  # special vehicles and tractors: set locally, not withheld here


def price_tax(req: QuoteRequest, section: VehicleTaxSection, ws: Worksheet) -> TaxResult:
    v = req.vehicle
    year = req.start_date.year
    ws.append(TAX)
    if v.fuel in ("bev", "fcev"):
        ws.append(
            lambda: WorksheetLine(
                "车船税：纯电动、燃料电池乘用车不属于车船税征税范围，不代收",
                "vehicle tax: battery-electric and fuel-cell cars are outside the tax; nothing is collected",
                ZERO,
            )
        )
        return TaxResult(
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            "outside the tax (BEV/FCEV)",
            tax_year=year,
            exempt_reason_zh="纯电动、燃料电池乘用车不属于车船税征税范围",
        )
    if v.fuel == "phev":
        ws.append(
            lambda: WorksheetLine(
                "车船税：插电式混合动力新能源汽车免征，不代收",
                "vehicle tax: plug-in hybrids are exempt; nothing is collected",
                ZERO,
            )
        )
        return TaxResult(
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            "exempt (NEV)",
            tax_year=year,
            exempt_reason_zh="插电式混合动力新能源汽车免征车船税",
        )
    prov = _province(req, section)
    annual = annual_tax(req, prov)

    def annual_line() -> WorksheetLine:
        basis_zh, basis_en = tax_basis(req, prov)
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
        half = round_fen(annual * section.energy_saving_share)
        ws.append(
            WorksheetLine(
                f"节能汽车减半征收：年税额的 {pct(section.energy_saving_share)}",
                f"energy-saving vehicle: {pct(section.energy_saving_share)} of the annual amount",
                half,
                f"{num(annual)} × {num(section.energy_saving_share)}",
            )
        )
        annual = half
    bought = v.purchase_date
    first_month = 1
    if bought is not None and bought.year == year:
        first_month = bought.month
        months = 12 - bought.month + 1
        current = round_fen(annual / 12 * months)
        ws.append(
            lambda: WorksheetLine(
                f"当年应缴（{year} 年）：购置当年自购置月 {bought.month} 月起至 12 月，共 {months} 个月，按月折算",
                f"this year ({year}): from the month of purchase ({bought.month}) to December, {months} months of 12",
                current,
                f"{num(annual)} ÷ 12 × {months}",
            )
        )
    else:
        current = annual
        ws.append(
            lambda: WorksheetLine(
                f"当年应缴（{year} 年）：全年税额",
                f"this year ({year}): the full annual amount",
                current,
                f"{num(annual)}",
            )
        )
    arrears = ZERO
    late = ZERO
    paid_on = req.tax.paid_on or req.start_date
    for a in req.tax.arrears:
        arrears += a.amount
        due = date(a.year + 1, 1, 1)
        days = max(0, (paid_on - due).days)
        fee = round_fen(a.amount * section.late_fee_per_day * days)
        late += fee
        ws.append(
            WorksheetLine(
                f"往年补缴（{a.year} 年）：该年未缴的车船税",
                f"arrears for {a.year}: that year's unpaid tax",
                round_fen(a.amount),
            )
        )
        ws.append(
            WorksheetLine(
                f"滞纳金（{a.year} 年欠税）：自 {due} 起至 {paid_on} 共 {days} 天，按每日 {pct(section.late_fee_per_day)}",
                f"late fee on {a.year}'s arrears: {days} days from {due} to {paid_on} at {pct(section.late_fee_per_day)} a day",
                fee,
                f"{num(a.amount)} × {num(section.late_fee_per_day)} × {days}",
            )
        )
    return TaxResult(
        annual,
        current,
        round_fen(arrears),
        late,
        None,
        tax_year=year,
        first_month=first_month,
        arrears_years=tuple(a.year for a in req.tax.arrears),
        basis=lambda: tax_basis(req, prov),
    )
