"""The quote request (documented in the README; example in resources/examples/quote-request.json).
Amounts are strings in JSON and Decimal here; a bad request names the field and what is allowed."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.errors import InvalidInput
from app.core.json_paths import json_path
from app.core.limits import MAX_LIST_ITEMS
from app.core.request_fields import (
    Amount,
    Count,
    CubicCentimetres,
    Days,
    Litres,
    RequestDate,
    Seats,
    ShortText,
    Tonnes,
    Years,
)

# Sizes and ranges come from app.core.limits, amounts from app.core.money's one rule: a value
# such as 1e999999 is refused here with the field's name, never inside the engine.
_Positive = Annotated[Amount, Field(gt=0)]
_Coefficient = Annotated[Decimal, Field(gt=0, le=10, decimal_places=4)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class VehicleIn(_In):
    vehicle_class: ShortText = Field(alias="class")
    seats: Seats | None = None
    tonnage: Tonnes | None = None  # 核定载质量, tonnes (trucks)
    curb_weight_t: Tonnes | None = None  # 整备质量, tonnes (truck tax)
    cc: CubicCentimetres | None = None  # motorcycles
    first_registration: RequestDate
    purchase_price: _Positive
    purchase_date: RequestDate | None = (
        None  # invoice date: the first tax year is prorated from its month
    )
    displacement_l: Litres | None = None
    fuel: Literal["petrol", "diesel", "hybrid", "phev", "bev", "fcev", "gas"] = "petrol"
    energy_saving: bool = False  # catalogued energy-saving vehicle: half tax
    usage: str = Field(pattern=r"^[A-U]$")
    trailer: bool = False


class HistoryIn(_In):
    ctpl_claim_free_years: Years = 0
    ctpl_at_fault_claims_last_year: Count = 0
    ctpl_fatal_at_fault_last_year: bool = False
    drink_driving: Count = 0
    drunk_driving: Count = 0
    ncd_level: int = Field(default=0, ge=-4, le=5)
    first_ctpl: bool = False  # a vehicle's first CTPL policy does not float


class CoverageIn(_In):
    code: ShortText
    limit: _Positive | None = None
    sum_insured: _Positive | None = None
    seats: Seats | None = None
    rate: Annotated[Decimal, Field(gt=0, lt=1, decimal_places=4)] | None = (
        None  # deductible rate for the 绝对免赔率 rider
    )
    attaches_to: ShortText | None = None
    days: Days | None = None
    daily_amount: _Positive | None = None
    services: Annotated[list[ShortText], Field(max_length=MAX_LIST_ITEMS)] | None = None


class TaxArrearIn(_In):
    year: int = Field(ge=2012, le=2099)
    amount: Amount


class TaxIn(_In):
    arrears: list[TaxArrearIn] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    paid_on: RequestDate | None = None


class QuoteRequest(_In):
    start_date: RequestDate
    end_date: RequestDate | None = None
    short_term_months: int | None = Field(default=None, ge=1, le=11)
    region: str = Field(pattern=r"^\d{6}$")
    channel: ShortText = "outlet"
    vehicle: VehicleIn
    # default_factory: a model instance as a plain default is deep-copied on every parse
    history: HistoryIn = Field(default_factory=HistoryIn)
    coverages: list[CoverageIn] = Field(min_length=1, max_length=MAX_LIST_ITEMS)
    pricing_coefficient: _Coefficient = Decimal("1.00")
    traffic_violation_coefficient: _Coefficient | None = None
    promotions: list[ShortText] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    tax: TaxIn = Field(default_factory=TaxIn)

    @field_validator("pricing_coefficient")
    @classmethod
    def _positive(cls, v: Decimal) -> Decimal:
        if v <= 0:
            raise ValueError("must be above 0")
        return v


def parse_request(data: Any) -> QuoteRequest:
    if isinstance(data, QuoteRequest):
        return data
    try:
        return QuoteRequest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = json_path(first["loc"])
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(
            f"Quote request field {where}: {msg}.",
            zh=f"报价请求字段 {where} 有误：{msg}。",
        ) from exc
