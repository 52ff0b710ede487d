"""Vehicle and vessel tax (车船税), collected with CTPL: docs/regulations.md §6."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.core.errors import InvalidInput
from app.core.money import ZERO, round_fen
from app.rating.request import QuoteRequest
from app.rating.table import ProvinceTax, VehicleTaxSection
from app.rating.worksheet import Worksheet, WorksheetLine, num

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
        }


def _province(req: QuoteRequest, section: VehicleTaxSection) -> ProvinceTax:
    return section.provinces.get(req.region[:2]) or section.provinces["default"]


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
    if v.fuel in ("bev", "fcev"):
        ws.append(
            lambda: WorksheetLine(
                "车船税：纯电动/燃料电池乘用车不属于征税范围",
                "vehicle tax: BEV/FCEV are outside the tax",
                ZERO,
            )
        )
        return TaxResult(ZERO, ZERO, ZERO, ZERO, "outside the tax (BEV/FCEV)")
    if v.fuel == "phev":
        ws.append(
            lambda: WorksheetLine(
                "车船税：插电式混合动力新能源汽车免征",
                "vehicle tax: plug-in hybrids are exempt",
                ZERO,
            )
        )
        return TaxResult(ZERO, ZERO, ZERO, ZERO, "exempt (NEV)")
    prov = _province(req, section)
    annual = annual_tax(req, prov)
    if v.energy_saving:
        ws.append(
            WorksheetLine(
                "车船税：节能汽车减半",
                "vehicle tax: energy-saving vehicle, half",
                round_fen(annual * section.energy_saving_share),
                f"{num(annual)} × {num(section.energy_saving_share)}",
            )
        )
        annual = round_fen(annual * section.energy_saving_share)
    else:
        ws.append(
            lambda: WorksheetLine(
                "车船税年税额" + ("（示例税额）" if prov.illustrative else ""),
                "vehicle tax, annual" + (" (illustrative amount)" if prov.illustrative else ""),
                annual,
            )
        )
    bought = v.purchase_date
    if bought is not None and bought.year == req.start_date.year:
        months = 12 - bought.month + 1
        current = round_fen(annual / 12 * months)
        ws.append(
            lambda: WorksheetLine(
                f"当年应缴：购置当年按月计算，{bought.month} 月至 12 月共 {months} 个月",
                f"this year: from the month of purchase ({bought.month}) to December, {months} months",
                current,
                f"{num(annual)} ÷ 12 × {months}",
            )
        )
    else:
        current = annual
        ws.append(lambda: WorksheetLine("当年应缴", "this year", current, f"{num(annual)}"))
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
            WorksheetLine(f"往年补缴 {a.year} 年", f"arrears for {a.year}", round_fen(a.amount))
        )
        ws.append(
            WorksheetLine(
                f"滞纳金：自 {due} 起 {days} 天 × 万分之五",
                f"late fee: {days} days from {due} at 0.05%/day",
                fee,
                f"{num(a.amount)} × {num(section.late_fee_per_day)} × {days}",
            )
        )
    return TaxResult(annual, current, round_fen(arrears), late, None)
