"""Vehicle checks (pure: head office reuses them): VIN, plates, usage codes, classes, engine
numbers, document dates."""

from app.vehicle.codes import (
    USAGE_CODES,
    USAGE_NAMES_EN,
    VEHICLE_CLASS_NAMES_EN,
    VEHICLE_CLASSES,
    check_document_dates,
    check_engine_number,
    check_usage_code,
    check_vehicle_class,
    suggested_class,
)
from app.vehicle.plate import check_plate, normalise_plate
from app.vehicle.types import VehicleTypeSuggestion, suggest_from_vehicle_type
from app.vehicle.vin import check_vin, model_year, vin_check_digit

__all__ = [
    "USAGE_CODES",
    "USAGE_NAMES_EN",
    "VEHICLE_CLASS_NAMES_EN",
    "VehicleTypeSuggestion",
    "VEHICLE_CLASSES",
    "check_document_dates",
    "check_engine_number",
    "check_plate",
    "check_usage_code",
    "check_vehicle_class",
    "check_vin",
    "model_year",
    "normalise_plate",
    "suggest_from_vehicle_type",
    "suggested_class",
    "vin_check_digit",
]
