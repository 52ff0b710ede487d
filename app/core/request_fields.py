"""The request models' field types (pydantic), made from app.core.limits and app.core.money's
amount rule: the issuance request, the quote request and, through the wire protocol, what head
office accepts use the same ones. Kept apart from the limits so that reading a limit does not
import pydantic (the window's start does not pay for it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticKnownError

from app.core.errors import BilingualValueError
from app.core.limits import (
    MAX_ADDRESS,
    MAX_BRAND_MODEL,
    MAX_CC,
    MAX_CODE_INPUT,
    MAX_COUNT,
    MAX_DAYS,
    MAX_DISPLACEMENT_L,
    MAX_EMAIL,
    MAX_NOTE,
    MAX_ORGANISATION_NAME,
    MAX_PHONE_INPUT,
    MAX_REFERENCE,
    MAX_SEATS,
    MAX_SHORT_CODE,
    MAX_SIGNATURE_POINTS,
    MAX_SIGNATURE_STROKES,
    MAX_TONNAGE,
    MAX_VEHICLE_TYPE,
    MAX_YEARS,
    QUANTITY_DECIMALS,
    check_coordinate,
    check_date_range,
    check_signature_size,
    text_problem,
)
from app.core.money import NOTHING, check_amount


def _printable(max_len: int, multiline: bool = False):
    def check(value: str) -> str:
        # The usual value, cleared without another call: its length was checked in pydantic's
        # core (a printable string has no surrogates, so the core counts what len() counts).
        if value.isprintable():
            return value
        problem = text_problem(value, max_len, multiline=multiline)
        if problem is not None:
            raise BilingualValueError(*problem)
        return value

    return check


def _text(max_len: int) -> StringConstraints:
    # The length runs in pydantic's core, before any Python sees a 15 MB value.
    return StringConstraints(strip_whitespace=True, max_length=max_len)


# Request text types: trimmed, at most so many characters, printable (one line unless said).
NameText = Annotated[
    str, _text(MAX_ORGANISATION_NAME), AfterValidator(_printable(MAX_ORGANISATION_NAME))
]
AddressText = Annotated[str, _text(MAX_ADDRESS), AfterValidator(_printable(MAX_ADDRESS))]
CodeText = Annotated[str, _text(MAX_CODE_INPUT), AfterValidator(_printable(MAX_CODE_INPUT))]
PhoneText = Annotated[str, _text(MAX_PHONE_INPUT), AfterValidator(_printable(MAX_PHONE_INPUT))]
EmailText = Annotated[str, _text(MAX_EMAIL), AfterValidator(_printable(MAX_EMAIL))]
BrandModelText = Annotated[str, _text(MAX_BRAND_MODEL), AfterValidator(_printable(MAX_BRAND_MODEL))]
VehicleTypeText = Annotated[
    str, _text(MAX_VEHICLE_TYPE), AfterValidator(_printable(MAX_VEHICLE_TYPE))
]
ShortText = Annotated[str, _text(MAX_SHORT_CODE), AfterValidator(_printable(MAX_SHORT_CODE))]
ReferenceText = Annotated[str, _text(MAX_REFERENCE), AfterValidator(_printable(MAX_REFERENCE))]
NoteText = Annotated[str, _text(MAX_NOTE), AfterValidator(_printable(MAX_NOTE, multiline=True))]


# Amounts: pydantic parses the Decimal (refusing NaN and Infinity), then money's one rule
# (finite, not negative, at most two decimals, at most MAX_AMOUNT).
Amount = Annotated[Decimal, AfterValidator(check_amount)]


def _positive_amount(value: Decimal) -> Decimal:
    check_amount(value)
    if not value > NOTHING:  # what Field(gt=0) raises, in the same order (the amount rule first)
        raise PydanticKnownError("greater_than", {"gt": 0})
    return value


# An amount above 0. Field(gt=0) after the amount rule cannot run in pydantic's core (it follows a
# Python validator), so pydantic calls back into Python a second time for it: one call does both.
PositiveAmount = Annotated[Decimal, AfterValidator(_positive_amount)]
RequestDate = Annotated[date, AfterValidator(check_date_range)]
Seats = Annotated[int, Field(ge=1, le=MAX_SEATS)]
Years = Annotated[int, Field(ge=0, le=MAX_YEARS)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Days = Annotated[int, Field(ge=1, le=MAX_DAYS)]
Tonnes = Annotated[Decimal, Field(ge=0, le=MAX_TONNAGE, decimal_places=QUANTITY_DECIMALS)]
Litres = Annotated[Decimal, Field(ge=0, le=MAX_DISPLACEMENT_L, decimal_places=QUANTITY_DECIMALS)]
CubicCentimetres = Annotated[Decimal, Field(ge=0, le=MAX_CC, decimal_places=QUANTITY_DECIMALS)]
Coordinate = Annotated[float, AfterValidator(check_coordinate)]
Signature = Annotated[
    list[Annotated[list[tuple[Coordinate, Coordinate]], Field(max_length=MAX_SIGNATURE_POINTS)]],
    Field(max_length=MAX_SIGNATURE_STROKES),
    AfterValidator(check_signature_size),
]
