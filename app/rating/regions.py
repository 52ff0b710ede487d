"""Regions: a 6-digit mainland administrative code; the five separately listed cities (深圳,
厦门, 大连, 青岛, 宁波) match on their 4-digit prefix before the province's 2 digits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from app.core.errors import InvalidInput

T = TypeVar("T")


def lookup(region: str, table: Mapping[str, T], what: str) -> tuple[str, T]:
    for prefix in (region[:4], region[:2]):
        if prefix in table:
            return prefix, table[prefix]
    raise InvalidInput(
        f"Region {region} has no {what} in this rate table; check the region code (6 digits, e.g. 110000).",
        zh=f"地区代码 {region} 在费率表中没有{what}，请核对地区代码（6 位，如 110000）。",
    )


def lookup_optional(region: str, table: Mapping[str, T]) -> T | None:
    for prefix in (region[:4], region[:2]):
        if prefix in table:
            return table[prefix]
    return None
