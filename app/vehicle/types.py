"""What the vehicle type printed on the 行驶证 (车辆类型, e.g. 中型普通客车, 重型半挂牵引车,
普通二轮摩托车) suggests: the CTPL class, the seat, tonnage or cc band and the vehicle-tax
category. The mapping is data (resources/vehicle/vehicle-types.json), not code; a suggestion is
what the wizard pre-selects, and the clerk confirms it."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.core.paths import resources_dir
from app.vehicle.codes import VEHICLE_CLASSES, suggested_class

TYPES_FILE = resources_dir() / "vehicle" / "vehicle-types.json"


@dataclass(frozen=True)
class VehicleTypeSuggestion:
    vehicle_type: str  # as read, normalised
    kind: str  # passenger, truck, tractor_unit, trailer, special, motorcycle, tractor, low_speed
    classes: tuple[str, ...]  # CTPL classes that fit, the likeliest first
    seats: tuple[int, int | None] | None  # the band of approved seats the type implies
    tonnage: tuple[float, float | None] | None  # the usual CTPL tonnage band (核定载质量, t)
    cc: tuple[int, int | None] | None  # motorcycles: the engine-size band (ml)
    tax_category: str  # passenger_car, bus, truck, trailer, special, motorcycle, outside
    trailer: bool
    mini_truck: bool
    exact: bool  # the type is listed by name (else a pattern of its name matched)

    @property
    def ctpl_class(self) -> str:
        return self.classes[0]

    def class_for(self, usage_code: str, owner_kind: str) -> str:
        """The candidate that fits the licence's usage nature and the owner (docs/regulations.md
        §7.6): a private non-operating car is a family car, an operating truck an operating one."""
        by_usage = suggested_class(usage_code, owner_kind, None)
        if by_usage in self.classes:
            return by_usage
        operating = usage_code in ("B", "C", "D", "E", "F", "G", "R", "T")
        if "op_truck" in self.classes and "nonop_truck" in self.classes:
            return "op_truck" if operating else "nonop_truck"
        return self.classes[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "vehicle_type": self.vehicle_type,
            "kind": self.kind,
            "classes": [{"code": c, "name_zh": VEHICLE_CLASSES.get(c, c)} for c in self.classes],
            "seats": list(self.seats) if self.seats else None,
            "tonnage": list(self.tonnage) if self.tonnage else None,
            "cc": list(self.cc) if self.cc else None,
            "tax_category": self.tax_category,
            "trailer": self.trailer,
            "mini_truck": self.mini_truck,
            "exact": self.exact,
        }


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(TYPES_FILE.read_text(encoding="utf-8"))


def _band(value: Any) -> tuple[Any, Any] | None:
    return (value[0], value[1]) if value else None


def _suggestion(text: str, entry: dict[str, Any], exact: bool) -> VehicleTypeSuggestion:
    return VehicleTypeSuggestion(
        text,
        entry["kind"],
        tuple(entry["classes"]),
        _band(entry.get("seats")),
        _band(entry.get("tonnage")),
        _band(entry.get("cc")),
        entry["tax"],
        bool(entry.get("trailer")),
        bool(entry.get("mini_truck")),
        exact,
    )


def suggest_from_vehicle_type(text: str) -> VehicleTypeSuggestion | None:
    """The suggestion for a 行驶证 vehicle type, or None when the text names no known type."""
    cleaned = "".join(unicodedata.normalize("NFKC", text or "").split())
    if not cleaned:
        return None
    data = _data()
    entry = data["types"].get(cleaned)
    if entry is not None:
        return _suggestion(cleaned, entry, True)
    for pattern in data["patterns"]:
        if pattern["contains"] in cleaned:
            return _suggestion(cleaned, pattern, False)
    return None
