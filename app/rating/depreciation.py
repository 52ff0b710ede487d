"""Actual value for 车损险: new-car price less depreciation by whole months used, capped
(docs/regulations.md §5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.core.money import round_fen
from app.rating.table import Depreciation


def whole_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`; a part month does not count."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(0, months)


def monthly_rate(vehicle_class: str, seats: int | None, table: Depreciation) -> Decimal:
    group, use = table.class_groups.get(vehicle_class, table.other_group)
    larger = table.by_seats.get(group)
    if larger is not None and seats is not None and seats >= larger.from_seats:
        group = larger.group
    rates = table.monthly_rates[group]
    # a use the larger row lacks (a family bus) is priced as the table's non-operating use
    return rates.get(use) or rates[table.other_group[1]]


def actual_value(price: Decimal, months: int, rate: Decimal, cap: Decimal) -> Decimal:
    share = min(rate * months, cap)
    return round_fen(price - price * share)
