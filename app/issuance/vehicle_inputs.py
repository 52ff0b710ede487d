"""What the wizard asks about a vehicle beyond a car's, as data: which vehicles each input is
shown for, which need it (the premium or the vehicle tax cannot be worked out without it), and how
the clerk reads it off the 行驶证. The flow's problems (app/issuance/flow.py), the request built
from the draft (app/issuance/draft_request.py) and the vehicle step's form all read this table:
adding an input the request model accepts is adding a row here (and its words to the
translations).

Which classes price by what follows the rate table's CTPL bases (seats for cars and buses, tonnage
for trucks, engine size for motorcycles) and the vehicle tax (docs/regulations.md: by displacement
for passenger cars, by curb weight for trucks, tractor units, trailers and special working
vehicles)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

PASSENGER_CARS = frozenset(
    {"family_car", "enterprise_passenger", "government_passenger", "taxi_rental"}
)
BUSES = frozenset({"city_bus", "highway_coach"})
TRUCKS = frozenset({"nonop_truck", "op_truck"})
SPECIAL = frozenset({"special_1", "special_2", "special_3", "special_4"})
MOTORCYCLES = frozenset({"motorcycle"})
ALL_CLASSES = PASSENGER_CARS | BUSES | TRUCKS | SPECIAL | MOTORCYCLES


@dataclass(frozen=True)
class VehicleInput:
    key: str  # the request's vehicle field (app/issuance/request.py, VehicleIn)
    kind: Literal["decimal", "int", "bool"]
    label_en: str
    label_zh: str
    shown_for: frozenset[str]  # vehicle classes the step shows it for
    needed_for: frozenset[str] = frozenset()  # classes whose premium or tax needs it
    low: Decimal = Decimal(0)  # exclusive: a measure is more than nothing
    high: Decimal = Decimal(100_000)
    why_en: str = ""  # where the clerk finds it, when it is missing
    why_zh: str = ""

    def shown(self, vehicle_class: str | None) -> bool:
        return vehicle_class in self.shown_for

    def needed(self, vehicle_class: str | None) -> bool:
        return vehicle_class in self.needed_for

    def value(self, raw: Any) -> Any:
        """The draft's value as the request takes it; None when nothing usable was entered."""
        if self.kind == "bool":
            return bool(raw) if raw not in (None, "") else None
        if raw in (None, ""):
            return None
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            return None
        if not (self.low < number <= self.high):
            return None
        if self.kind == "int":
            return int(number) if number == number.to_integral_value() else None
        return str(number)


VEHICLE_INPUTS: tuple[VehicleInput, ...] = (
    VehicleInput(
        "tonnage",
        "decimal",
        "Approved load (t)",
        "核定载质量（吨）",
        shown_for=TRUCKS | SPECIAL,
        needed_for=TRUCKS,
        high=Decimal(200),
        why_en="Enter the approved load in tonnes (on the licence's second page): a truck's CTPL is priced by it.",
        why_zh="请填写核定载质量（吨，见行驶证副页），货车交强险按吨位计费。",
    ),
    VehicleInput(
        "curb_weight_t",
        "decimal",
        "Curb weight (t)",
        "整备质量（吨）",
        shown_for=TRUCKS | SPECIAL,
        needed_for=TRUCKS | SPECIAL,
        high=Decimal(200),
        why_en="Enter the curb weight in tonnes (on the licence's second page): the vehicle tax is per tonne of it.",
        why_zh="请填写整备质量（吨，见行驶证副页），车船税按整备质量每吨计算。",
    ),
    VehicleInput(
        "cc",
        "int",
        "Engine size (ml)",
        "排量（毫升）",
        shown_for=MOTORCYCLES,
        needed_for=MOTORCYCLES,
        high=Decimal(10_000),
        why_en="Enter the motorcycle's engine size in ml: its CTPL is priced by it.",
        why_zh="请填写摩托车排量（毫升），摩托车交强险按排量计费。",
    ),
    VehicleInput(
        "trailer",
        "bool",
        "Trailer (priced as a share of a truck of its load)",
        "挂车（按同吨位货车的一定比例计费）",
        shown_for=TRUCKS,
    ),
    VehicleInput(
        "mini_truck",
        "bool",
        "Mini truck",
        "微型载货汽车",
        shown_for=TRUCKS,
    ),
)
INPUTS_BY_KEY = {i.key: i for i in VEHICLE_INPUTS}

# The car's own measures, needed only by the vehicles priced or taxed by them.
SEATS_NEEDED_FOR = PASSENGER_CARS | BUSES
DISPLACEMENT_NEEDED_FOR = PASSENGER_CARS


def request_values(vehicle: dict[str, Any]) -> dict[str, Any]:
    """The inputs of `vehicle` (the draft's) that the request carries: those shown for its class
    and entered; nothing is sent for a vehicle the input is not about."""
    out: dict[str, Any] = {}
    cls = vehicle.get("class")
    for spec in VEHICLE_INPUTS:
        if not spec.shown(cls):
            continue
        value = spec.value(vehicle.get(spec.key))
        if value is not None and (spec.kind != "bool" or value):
            out[spec.key] = value
    return out
