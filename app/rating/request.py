"""The quote request (documented in the README; example in resources/examples/quote-request.json).
Amounts are strings in JSON and Decimal here; a bad request names the field and what is allowed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.errors import InvalidInput
from app.core.json_paths import json_path


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class VehicleIn(_In):
    vehicle_class: str = Field(alias="class")
    seats: int | None = Field(default=None, ge=1, le=80)
    tonnage: Decimal | None = Field(default=None, ge=0)  # 核定载质量, tonnes (trucks)
    curb_weight_t: Decimal | None = Field(default=None, ge=0)  # 整备质量, tonnes (truck tax)
    cc: Decimal | None = Field(default=None, ge=0)  # motorcycles
    first_registration: date
    purchase_price: Decimal = Field(gt=0)
    purchase_date: date | None = None  # invoice date: the first tax year is prorated from its month
    displacement_l: Decimal | None = Field(default=None, ge=0)
    fuel: Literal["petrol", "diesel", "hybrid", "phev", "bev", "fcev", "gas"] = "petrol"
    energy_saving: bool = False  # catalogued energy-saving vehicle: half tax
    usage: str = Field(pattern=r"^[A-U]$")
    trailer: bool = False


class HistoryIn(_In):
    ctpl_claim_free_years: int = Field(default=0, ge=0)
    ctpl_at_fault_claims_last_year: int = Field(default=0, ge=0)
    ctpl_fatal_at_fault_last_year: bool = False
    drink_driving: int = Field(default=0, ge=0)
    drunk_driving: int = Field(default=0, ge=0)
    ncd_level: int = Field(default=0, ge=-4, le=5)
    first_ctpl: bool = False  # a vehicle's first CTPL policy does not float


class CoverageIn(_In):
    code: str
    limit: Decimal | None = Field(default=None, gt=0)
    sum_insured: Decimal | None = Field(default=None, gt=0)
    seats: int | None = Field(default=None, ge=1)
    rate: Decimal | None = Field(
        default=None, gt=0, lt=1
    )  # deductible rate for the 绝对免赔率 rider
    attaches_to: str | None = None
    days: int | None = Field(default=None, ge=1)
    daily_amount: Decimal | None = Field(default=None, gt=0)
    services: list[str] | None = None


class TaxArrearIn(_In):
    year: int = Field(ge=2012)
    amount: Decimal = Field(ge=0)


class TaxIn(_In):
    arrears: list[TaxArrearIn] = Field(default_factory=list)
    paid_on: date | None = None


class QuoteRequest(_In):
    start_date: date
    end_date: date | None = None
    short_term_months: int | None = Field(default=None, ge=1, le=11)
    region: str = Field(pattern=r"^\d{6}$")
    channel: str = "outlet"
    vehicle: VehicleIn
    # default_factory: a model instance as a plain default is deep-copied on every parse
    history: HistoryIn = Field(default_factory=HistoryIn)
    coverages: list[CoverageIn] = Field(min_length=1)
    pricing_coefficient: Decimal = Decimal("1.00")
    traffic_violation_coefficient: Decimal | None = None
    promotions: list[str] = Field(default_factory=list)
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
        raise InvalidInput(
            f"Quote request field {where}: {first['msg']}.",
            zh=f"报价请求字段 {where} 有误：{first['msg']}。",
        ) from exc
