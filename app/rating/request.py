"""The quote request (documented in docs/rating.md; example in resources/examples/quote-request.json).
Amounts are strings in JSON and Decimal here; money never has more than two decimals. A bad
request lists every problem at once, each in English and in Chinese (app.core.problems)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.problems import Problem, refusal, translate

NEV_FUELS = frozenset({"bev", "phev", "fcev"})
Fuel = Literal["petrol", "diesel", "hybrid", "phev", "bev", "fcev", "gas"]
# A date a motor policy can name: no year 9999 reaches the calendar arithmetic.
Day = Annotated[date, Field(ge=date(1950, 1, 1), le=date(2099, 12, 31))]


MONEY_CEILING = Decimal(10) ** 12
# Money in a quote request: a finite decimal string or number below a trillion. That it has at
# most two decimals (fen) is checked with the request's other rules (app.rating.checks), one
# problem per amount: a quote is parsed on every keystroke in the wizard, and pydantic's own
# decimal-places check costs more than the rest of the parse.
Money = Annotated[Decimal, Field(allow_inf_nan=False, ge=0, lt=MONEY_CEILING)]
PositiveMoney = Annotated[Decimal, Field(allow_inf_nan=False, gt=0, lt=MONEY_CEILING)]
# The same, refused at parsing when it has more than two decimals (the issuance request).
FenMoney = Annotated[Decimal, Field(allow_inf_nan=False, decimal_places=2, gt=0, lt=MONEY_CEILING)]


def fen_problem(path: str, value: Decimal | None) -> Problem | None:
    """A money amount with more than two decimals, as a problem of the request."""
    if value is None or value.normalize().as_tuple().exponent >= -2:  # type: ignore[operator]
        return None
    return Problem(
        path,
        "is money: at most two decimals (fen), e.g. 1234.56",
        "是金额，最多两位小数（分），如 1234.56",
    )


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class VehicleIn(_In):
    vehicle_class: str = Field(alias="class")
    seats: int | None = Field(default=None, ge=1, le=80)
    tonnage: Decimal | None = Field(default=None, ge=0, le=200)  # 核定载质量, tonnes (trucks)
    curb_weight_t: Decimal | None = Field(default=None, gt=0, le=200)  # 整备质量, tonnes (tax)
    cc: Decimal | None = Field(default=None, gt=0, le=10000)  # motorcycles, ml
    first_registration: Day
    purchase_price: PositiveMoney
    purchase_date: Day | None = None  # invoice date: the first tax year is prorated from its month
    displacement_l: Decimal | None = Field(default=None, ge=0, le=20)
    fuel: Fuel = "petrol"
    energy_saving: bool = False  # catalogued energy-saving vehicle: half tax
    usage: str = Field(pattern=r"^[A-U]$")
    trailer: bool = False  # 挂车: CTPL a share of a truck of its tonnage, half the truck tax
    mini_truck: bool = False  # 微型载货汽车: its own depreciation row

    @property
    def nev(self) -> bool:
        return self.fuel in NEV_FUELS


class HistoryIn(_In):
    ctpl_claim_free_years: int = Field(default=0, ge=0, le=50)
    ctpl_at_fault_claims_last_year: int = Field(default=0, ge=0, le=99)
    ctpl_fatal_at_fault_last_year: bool = False
    drink_driving: int = Field(default=0, ge=0, le=99)
    drunk_driving: int = Field(default=0, ge=0, le=99)
    ncd_level: int = Field(default=0, ge=-4, le=5)
    first_ctpl: bool = False  # a vehicle's first CTPL policy does not float


class CoverageIn(_In):
    code: str
    limit: PositiveMoney | None = None
    sum_insured: PositiveMoney | None = None
    seats: int | None = Field(default=None, ge=1, le=80)
    rate: Decimal | None = Field(default=None, gt=0, le=1)  # the 绝对免赔率 rider's deductible
    attaches_to: str | None = None  # the main cover a rider is bought for
    days: int | None = Field(default=None, ge=1, le=366)
    daily_amount: PositiveMoney | None = None
    services: list[str] | None = None


class TaxArrearIn(_In):
    year: int = Field(ge=2012, le=2100)
    amount: Money


class TaxIn(_In):
    arrears: list[TaxArrearIn] = Field(default_factory=list, max_length=20)
    paid_on: Day | None = None  # the day the tax is collected (with the CTPL: the issue date)


class QuoteRequest(_In):
    start_date: Day
    # 即时生效: cover starts at the moment of issue on the start date (where the region allows
    # it) instead of 00:00; a full year then ends at the same moment a year later.
    immediate: bool = False
    end_date: Day | None = None  # the last day of cover (24:00), for a term shorter than a year
    short_term_months: int | None = Field(default=None, ge=1, le=11)
    region: str = Field(pattern=r"^\d{6}$")
    channel: str = "outlet"
    clauses: Literal["ordinary", "nev"] | None = None  # None: the NEV clauses for an NEV
    vehicle: VehicleIn
    # default_factory: a model instance as a plain default is deep-copied on every parse
    history: HistoryIn = Field(default_factory=HistoryIn)
    coverages: list[CoverageIn] = Field(min_length=1, max_length=40)
    pricing_coefficient: Decimal = Field(default=Decimal("1.00"), gt=0, le=10)
    traffic_violation_coefficient: Decimal | None = Field(default=None, gt=0, le=10)
    promotions: list[str] = Field(default_factory=list, max_length=10)
    tax: TaxIn = Field(default_factory=TaxIn)


def parse_request(data: Any) -> QuoteRequest:
    if isinstance(data, QuoteRequest):
        return data
    try:
        return QuoteRequest.model_validate(data)
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
