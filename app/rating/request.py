"""The quote request (documented in docs/rating.md; example in resources/examples/quote-request.json).
Amounts are strings in JSON and Decimal here; money never has more than two decimals. A bad
request lists every problem at once, each in English and in Chinese (app.core.problems)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.limits import MAX_LIST_ITEMS
from app.core.problems import refusal, translate
from app.core.request_fields import (
    Amount,
    Count,
    CubicCentimetres,
    Days,
    Litres,
    PositiveAmount,
    Seats,
    ShortText,
    Tonnes,
    Years,
)

NEV_FUELS = frozenset({"bev", "phev", "fcev"})
Fuel = Literal["petrol", "diesel", "hybrid", "phev", "bev", "fcev", "gas"]
# A date a motor policy can name: no year 9999 reaches the calendar arithmetic (the window is
# narrower than app.core.limits' for any date a person types, and checked in pydantic's core).
Day = Annotated[date, Field(ge=date(1950, 1, 1), le=date(2099, 12, 31))]
# Sizes and ranges come from app.core.limits, amounts from app.core.money's one rule: a value
# such as 1e999999 is refused here with the field's name, never inside the engine.
Money = Amount
PositiveMoney = PositiveAmount
_Coefficient = Annotated[Decimal, Field(gt=0, le=10, decimal_places=4)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class VehicleIn(_In):
    vehicle_class: ShortText = Field(alias="class")
    seats: Seats | None = None
    tonnage: Tonnes | None = None  # 核定载质量, tonnes (trucks, trailers)
    curb_weight_t: Annotated[Tonnes, Field(gt=0)] | None = None  # 整备质量, tonnes (tax)
    cc: Annotated[CubicCentimetres, Field(gt=0)] | None = None  # motorcycles, ml
    first_registration: Day
    purchase_price: PositiveMoney
    purchase_date: Day | None = None  # invoice date: the first tax year is prorated from its month
    displacement_l: Litres | None = None
    fuel: Fuel = "petrol"
    energy_saving: bool = False  # catalogued energy-saving vehicle: half tax
    usage: str = Field(pattern=r"^[A-U]$")
    trailer: bool = False  # 挂车: CTPL a share of a truck of its tonnage, half the truck tax
    mini_truck: bool = False  # 微型载货汽车: its own depreciation row

    @property
    def nev(self) -> bool:
        return self.fuel in NEV_FUELS


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
    limit: PositiveMoney | None = None
    sum_insured: PositiveMoney | None = None
    seats: Seats | None = None
    # the 绝对免赔率 rider's deductible (1: an exclusion's only option)
    rate: Annotated[Decimal, Field(gt=0, le=1, decimal_places=4)] | None = None
    attaches_to: ShortText | None = None  # the main cover a rider is bought for
    days: Days | None = None
    daily_amount: PositiveMoney | None = None
    services: Annotated[list[ShortText], Field(max_length=MAX_LIST_ITEMS)] | None = None


class TaxArrearIn(_In):
    year: int = Field(ge=2012, le=2100)
    amount: Money


class TaxIn(_In):
    arrears: list[TaxArrearIn] = Field(default_factory=list, max_length=20)
    paid_on: Day | None = None  # the day the tax is collected (with the CTPL: the issue date)


# What a request without history or tax stands for. A frozen model as a plain default is
# deep-copied on every parse and a default_factory of the class validates one anew each time; the
# requests share these two instead (frozen, and nothing appends to a request's lists).
NO_HISTORY = HistoryIn()
NO_TAX = TaxIn()


class QuoteRequest(_In):
    start_date: Day
    # 即时生效: cover starts at the moment of issue on the start date (where the region allows
    # it) instead of 00:00; a full year then ends at the same moment a year later.
    immediate: bool = False
    end_date: Day | None = None  # the last day of cover (24:00), for a term shorter than a year
    short_term_months: int | None = Field(default=None, ge=1, le=11)
    region: str = Field(pattern=r"^\d{6}$")
    channel: ShortText = "outlet"
    clauses: Literal["ordinary", "nev"] | None = None  # None: the NEV clauses for an NEV
    vehicle: VehicleIn
    history: HistoryIn = Field(default_factory=lambda: NO_HISTORY)
    coverages: list[CoverageIn] = Field(min_length=1, max_length=MAX_LIST_ITEMS)
    pricing_coefficient: _Coefficient = Decimal("1.00")
    traffic_violation_coefficient: _Coefficient | None = None
    promotions: list[ShortText] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    tax: TaxIn = Field(default_factory=lambda: NO_TAX)


# The model's validator called directly: `model_validate` puts a Python frame with six keyword
# arguments in front of this same call (about 0.6 µs of a 14 µs parse, on every quote).
_validate_request = QuoteRequest.__pydantic_validator__.validate_python


def parse_request(data: Any) -> QuoteRequest:
    if isinstance(data, QuoteRequest):
        return data
    try:
        request: QuoteRequest = _validate_request(data)
        return request
    except ValidationError as exc:
        raise refusal(
            [translate(e) for e in exc.errors()],
            what_en="The quote request",
            what_zh="报价请求",
        ) from exc


# The vehicle fields the engine reads, as a policy's upload carries them (sync/protocol.py).
RATED_VEHICLE_FIELDS = (
    "class",
    "seats",
    "tonnage",
    "curb_weight_t",
    "cc",
    "first_registration",
    "purchase_price",
    "purchase_date",
    "displacement_l",
    "fuel",
    "energy_saving",
    "usage",
    "trailer",
    "mini_truck",
)


def request_from_policy(content: dict[str, Any]) -> dict[str, Any]:
    """The quote request rebuilt from a policy's own data (its `vehicle`, `region`, `term`,
    `history`, `coverages`, `pricing` and `tax`, sync/protocol.py's PolicyContent), for head
    office to re-price what was insured rather than what the outlet says it priced. Raises
    KeyError when the policy does not carry its rating data (uploads from older outlets)."""
    vehicle = content["vehicle"]
    term = content["term"]
    pricing = content["pricing"]
    out: dict[str, Any] = {
        "start_date": term["start_date"],
        "end_date": term["end_date"],
        "region": content["region"],
        "vehicle": {k: vehicle[k] for k in RATED_VEHICLE_FIELDS if vehicle.get(k) is not None},
        "history": content.get("history") or {},
        "coverages": content["coverages"],
        "pricing_coefficient": pricing["pricing_coefficient"],
        "promotions": pricing.get("promotions") or [],
    }
    if term.get("immediate"):
        out["immediate"] = True
    if pricing.get("clauses"):
        out["clauses"] = pricing["clauses"]
    if pricing.get("traffic_violation_coefficient") is not None:
        out["traffic_violation_coefficient"] = pricing["traffic_violation_coefficient"]
    if content.get("tax"):
        out["tax"] = content["tax"]
    return out
