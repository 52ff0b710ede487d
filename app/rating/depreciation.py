"""Actual value for 车损险: new-car price less depreciation by whole months used, capped
(docs/regulations.md §5). Mini trucks and trailers take their own row (the table's `by_kind`);
ordinary trucks the row their class maps to; an NEV the NEV clauses' own table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.core.money import round_fen
from app.rating.request import VehicleIn
from app.rating.table import Depreciation


def whole_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`; a part month does not count."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(0, months)


def depreciation_row(vehicle: VehicleIn, table: Depreciation) -> tuple[str, str]:
    """(vehicle group, use) of the monthly-rate table for this vehicle."""
    group, use = table.class_groups.get(vehicle.vehicle_class, table.other_group)
    kind = "trailer" if vehicle.trailer else "mini_truck" if vehicle.mini_truck else None
    if kind is not None and kind in table.by_kind:
        return table.by_kind[kind], use  # type: ignore[index]
    larger = table.by_seats.get(group)
    if larger is not None and vehicle.seats is not None and vehicle.seats >= larger.from_seats:
        group = larger.group
    return group, use


def monthly_rate(vehicle: VehicleIn, table: Depreciation) -> Decimal:
    group, use = depreciation_row(vehicle, table)
    rates = table.monthly_rates[group]
    # a use the row lacks (a family bus, a family truck) is priced as the table's non-operating use
    return rates.get(use) or rates[table.other_group[1]]


def actual_value(price: Decimal, months: int, rate: Decimal, cap: Decimal) -> Decimal:
    share = min(rate * months, cap)
    return round_fen(price - price * share)
