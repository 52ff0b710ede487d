"""The rate table: a signed, versioned JSON document from head office (docs/architecture.md,
rate tables).

Everything the engine and underwriting read lives here, so what docs/regulations.md marks
unconfirmed (its §13) is a setting an insurer changes in the table, not a constant in code. Pydantic
validates a table once when it is loaded; its errors name the JSON path
(`commercial.third_party.pure_premiums.family_car`)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.underwriting.rules import UnderwritingRule

Money = Decimal
Rate = Decimal


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- CTPL (交强险), docs/regulations.md §1 -----------------------------------------------------


class Band(_Model):
    """A band of seats, tonnes or cc. [min, max) unless `upper_inclusive` (motorcycles: ≤50 cc)."""

    min: Decimal = Decimal(0)
    max: Decimal | None = None
    upper_inclusive: bool = False
    premium: Money

    def contains(self, x: Decimal) -> bool:
        if self.upper_inclusive:
            return x > self.min and (self.max is None or x <= self.max)
        return x >= self.min and (self.max is None or x < self.max)


class CtplClass(_Model):
    name_zh: str
    name_en: str = ""  # the worksheet in English; empty: the code, spelled out
    basis: Literal["seats", "tonnage", "cc", "none"]
    bands: list[Band]
    floats: bool = (
        True  # motorcycles, tractors do not float (docs/regulations.md §1.4, unconfirmed)
    )


class CtplLimits(_Model):
    death_disability: Money
    medical: Money
    property: Money


class DrinkDriving(_Model):
    drink_per_occurrence: Rate  # 饮酒 +10% … +15%, set by province
    drunk_per_occurrence: Rate  # 醉酒 +20% … +30%
    cap: Rate  # cumulative cap +60%
    combine: Literal["multiply", "add"]  # how it combines with the accident float (unconfirmed)


class CtplSection(_Model):
    classes: dict[str, CtplClass]
    limits_at_fault: CtplLimits
    limits_no_fault: CtplLimits
    schemes: dict[str, dict[Literal["A1", "A2", "A3", "A4", "A5", "A6"], Rate]]
    region_schemes: dict[str, str]  # 2-digit province or 4-digit city prefix -> scheme letter
    region_names_zh: dict[str, str]
    drink_driving: DrinkDriving
    drink_driving_by_region: dict[str, DrinkDriving] = {}
    short_term_month_rates: list[Rate]  # months 1..12, share of the annual premium
    trailer_factor: Rate  # trailers pay this share of a truck of the same tonnage (unconfirmed)

    @field_validator("short_term_month_rates")
    @classmethod
    def _twelve(cls, v: list[Rate]) -> list[Rate]:
        if len(v) != 12 or v[-1] != 1:
            raise ValueError("needs 12 monthly rates, the last one 1")
        return v

    @model_validator(mode="after")
    def _schemes_exist(self) -> CtplSection:
        for prefix, scheme in self.region_schemes.items():
            if scheme not in self.schemes:
                raise ValueError(f"region {prefix} uses scheme {scheme}, which is not defined")
        return self


# --- Commercial (商业险), docs/regulations.md §2–§4 ----------------------------------------------


class AgeBand(_Model):
    max_years: Decimal | None  # vehicle age below this (None: and older)
    fixed: Money
    rate: Rate


class PriceBand(_Model):
    max_price: Money | None
    factor: Rate


class VehicleDamageRates(_Model):
    """基准纯风险保费 = (fixed + rate × sum insured) × price-band factor, by class and age band."""

    by_class: dict[str, list[AgeBand]]
    price_bands: list[PriceBand]
    sum_insured_band: Rate  # allowed deviation from the depreciated value (e.g. 0.30 = ±30%)


class ThirdPartyRates(_Model):
    limits: list[Money]  # the limits offered (docs/regulations.md §2.1: 10万 … 1000万)
    pure_premiums: dict[str, dict[str, Money]]  # class -> limit (as a string) -> pure premium


class SeatRates(_Model):
    rate_by_class: dict[str, Rate]  # pure premium per yuan of per-seat limit
    limits: list[Money]


class Rider(_Model):
    name_zh: str
    name_en: str
    requires_any: list[str]  # main covers, one of which must be on the policy
    method: Literal[
        "rate_of_limit", "share_of_main", "discount_of_main", "fixed_by_limit", "per_day", "fixed"
    ]
    # What the sum or limit means to a person reading the schedule (the charger covers' tiers).
    amount_kind: Literal["limit", "sum_insured"] = "limit"
    rate: Rate | None = None
    table: dict[str, Money] | None = None  # fixed_by_limit: limit -> pure premium (by age below)
    table_older: dict[str, Money] | None = (
        None  # the same for vehicles at or past `older_from_years`
    )
    older_from_years: Decimal | None = None
    discounts: dict[str, Rate] | None = None  # discount_of_main: deductible rate -> discount
    limits: list[Money] | None = None
    max_days: int | None = None
    vehicle_classes: list[str] | None = None  # only these classes may take it
    goods_vehicles_only: bool = False


class NcdSection(_Model):
    coefficients: dict[str, Rate]  # level ("-4" … "5") -> coefficient (docs/regulations.md §3.1)
    min_level: int = -4
    max_level: int = 5
    claim_free_years_for_best: int = 4


class ShortTermCommercial(_Model):
    """Commercial cover for less than a year is kept pro rata by day (docs/regulations.md §9.2:
    the 2020 clauses have no short-rate table): premium × days covered ÷ `days_in_year`."""

    method: Literal["pro_rata_daily"] = "pro_rata_daily"
    days_in_year: Annotated[int, Field(ge=365, le=366)] = 365


class PricingWindow(_Model):
    effective_from: date
    min: Rate
    max: Rate


class PricingCoefficient(_Model):
    national: list[PricingWindow]  # 2020-09-19 [0.65, 1.35]; widened to [0.5, 1.5] by region
    by_region: dict[str, list[PricingWindow]] = {}
    outlet_min: Rate  # the narrower range an outlet may use on its own
    outlet_max: Rate


class ViolationRange(_Model):
    min: Rate
    max: Rate


class NevClauses(_Model):
    """新能源汽车商业保险专属条款 (docs/regulations.md §2.4): NEVs are priced under their own clause
    set (its own main-cover rates, riders and depreciation table), never under the ordinary
    clauses. Loading, NCD and the pricing coefficient are the commercial section's."""

    name_zh: str
    name_en: str
    illustrative: bool = False
    fuels: list[str] = ["bev", "phev", "fcev"]  # what makes a vehicle an NEV
    # Motorcycles, tractors and special vehicles stay outside the NEV clauses.
    excluded_classes: list[str] = []
    vehicle_damage: VehicleDamageRates
    third_party: ThirdPartyRates
    driver: SeatRates
    passenger: SeatRates
    riders: dict[str, Rider]
    depreciation: Depreciation


class CommercialSection(_Model):
    # The name of the ordinary clause set, as a schedule prints it.
    clauses_name_zh: str = "机动车商业保险示范条款（2020版）"
    clauses_name_en: str = "motor commercial insurance model clauses (2020)"
    loading: Rate  # 附加费用率 (≤ 0.25 since 2020)
    loading_cap: Rate
    vehicle_damage: VehicleDamageRates
    third_party: ThirdPartyRates
    driver: SeatRates
    passenger: SeatRates
    riders: dict[str, Rider]
    ncd: NcdSection
    pricing_coefficient: PricingCoefficient
    traffic_violation: dict[str, ViolationRange] = {}  # regions that use the coefficient
    short_term: ShortTermCommercial = ShortTermCommercial()
    nev: NevClauses | None = None  # tables without it price NEVs under the ordinary clauses

    @model_validator(mode="after")
    def _loading(self) -> CommercialSection:
        if not 0 <= self.loading <= self.loading_cap:
            raise ValueError(
                f"loading {self.loading} must be between 0 and the cap {self.loading_cap}"
            )
        for tp in (self.third_party, *([self.nev.third_party] if self.nev else [])):
            for cls, steps in tp.pure_premiums.items():
                values = [steps[str(int(limit))] for limit in tp.limits if str(int(limit)) in steps]
                if values != sorted(values):
                    raise ValueError(
                        f"third-party pure premiums for {cls} must not fall as the limit rises"
                    )
        return self


# --- Depreciation, tax, refunds, promotions, plans, underwriting, payment ----------------------


class LargerGroup(_Model):
    """A vehicle group that moves to another row from a seat count on (docs/regulations.md §5:
    9座以下 / 10座以上)."""

    from_seats: int = Field(ge=1)
    group: str


class Depreciation(_Model):
    monthly_rates: dict[
        str, dict[str, Rate]
    ]  # group -> use -> monthly rate (docs/regulations.md §5)
    class_groups: dict[str, list[str]]  # rating class -> [vehicle group, use group]
    # A class the table does not list uses this row (docs/regulations.md §5, "anything else"),
    # never a rate of 0.
    other_group: list[str]
    by_seats: dict[str, LargerGroup] = {}  # vehicle group -> the group it becomes from N seats on
    # A kind of vehicle that takes its own row whatever its class: mini trucks and trailers
    # (docs/regulations.md §5); ordinary trucks stay in their class's row.
    by_kind: dict[Literal["trailer", "mini_truck"], str] = {}
    cap: Rate

    @model_validator(mode="after")
    def _groups_exist(self) -> Depreciation:
        pairs = {f"class_groups.{k}": v for k, v in self.class_groups.items()}
        pairs["other_group"] = self.other_group
        for where, pair in pairs.items():
            if (
                len(pair) != 2
                or pair[0] not in self.monthly_rates
                or pair[1] not in self.monthly_rates[pair[0]]
            ):
                raise ValueError(
                    f"depreciation.{where}: {pair} is not a [vehicle group, use group] of monthly_rates"
                )
        for group, larger in self.by_seats.items():
            if larger.group not in self.monthly_rates:
                raise ValueError(f"depreciation.by_seats.{group}: unknown group {larger.group}")
        for kind, group in self.by_kind.items():
            if group not in self.monthly_rates:
                raise ValueError(f"depreciation.by_kind.{kind}: unknown group {group}")
        return self


class TaxBracket(_Model):
    max_displacement_l: Decimal | None
    annual: Money


class ProvinceTax(_Model):
    illustrative: bool = False
    passenger_car: list[TaxBracket]  # 乘用车 ≤ 9 seats, by displacement
    bus_per_vehicle: Money
    truck_per_tonne: Money  # 货车, tractor units included, per tonne of curb weight
    motorcycle: Money
    trailer_share: Rate = Decimal("0.5")
    # 专用作业车 per tonne of curb weight; a table without it cannot withhold a special vehicle's
    # tax, and says so, rather than taxing it 0.
    special_per_tonne: Money | None = None


class NotTaxed(_Model):
    """A vehicle the tax does not reach (outside its scope) or that the law exempts, with the
    reason printed on the tax lines."""

    classes: list[str] = []
    usage: list[str] = []
    status: Literal["outside", "exempt"]
    reason_zh: str
    reason_en: str


class VehicleTaxSection(_Model):
    provinces: dict[str, ProvinceTax]  # "11" or "default"
    late_fee_per_day: Rate
    energy_saving_share: Rate = Decimal("0.5")
    not_taxed: list[NotTaxed] = []


class RefundRules(_Model):
    commercial_after_start: Literal["pro_rata_daily"]
    ctpl_after_start: Literal["pro_rata_daily"]
    # Kept from commercial premium when cover is cancelled before it starts: 3% in the 2014
    # clauses; whether 2020 keeps it is unconfirmed (0 = no fee). Never charged on CTPL.
    before_start_fee: Rate


Authority = Literal["clerk", "supervisor", "head_office"]


class ChangeRules(_Model):
    """Who may make each kind of endorsement or cancellation (docs/changes.md): the clerk alone,
    a supervisor who approves it at the desk (never the clerk who asked), or head office's
    underwriter, who approves it before confirming. The insurer's business rule, so a setting."""

    authority: dict[
        Literal[
            "plate",
            "vin_engine",
            "owner",
            "contact",
            "usage",
            "covers",
            "start_date",
            "reprint",
            "cancel",
        ],
        Authority,
    ] = {
        "plate": "clerk",
        "vin_engine": "supervisor",
        "owner": "clerk",
        "contact": "clerk",
        "usage": "clerk",
        "covers": "clerk",
        "start_date": "clerk",
        "reprint": "clerk",
        "cancel": "supervisor",
    }

    def of(self, kind: str) -> Authority:
        """A kind the table does not name needs a supervisor: never less authority by omission."""
        return self.authority.get(kind, "supervisor")  # type: ignore[call-overload]


class Promotion(_Model):
    code: str
    name_zh: str
    discount: Rate  # share off the commercial premium
    valid_from: date
    valid_to: date
    channels: list[str] = []  # empty: every channel
    vehicle_classes: list[str] = []
    fuels: list[str] = []  # empty: every fuel (an NEV launch offer names bev, phev, fcev)
    covers: list[str] = []  # empty: every commercial line; else only these covers
    stackable: bool = False


class PromotionRules(_Model):
    items: list[Promotion] = []
    floor: Rate  # the promotions together never bring the commercial factor below this


class PaymentRulesSection(_Model):
    real_name_required: bool = True
    aml_cash_threshold: Money = Decimal("50000.00")


class LookupRulesSection(_Model):
    """Registry look-ups (docs/regulations.md §8.2 and §13 leave the limits to the insurer:
    settings, not constants)."""

    # A look-up still unanswered after this long waits on a person (待处理: refresh now, or defer).
    max_wait_minutes: Annotated[int, Field(ge=1)] = 30
    # May the outlet bind while the registry has not answered (the policy then carries the flag)?
    issue_while_pending: bool = True


class OnExpiryRule(_Model):
    """What the table allows once its `effective_to` has passed and no newer table is installed:
    refuse every quote, or keep quoting for `grace_days` more (start dates up to the end of the
    grace), with a warning meanwhile. Head office re-prices by the same rule."""

    mode: Literal["refuse", "grace"] = "refuse"
    grace_days: Annotated[int, Field(ge=0, le=366)] = 0

    @model_validator(mode="after")
    def _grace_has_days(self) -> OnExpiryRule:
        if self.mode == "grace" and self.grace_days < 1:
            raise ValueError('on_expiry: mode "grace" needs grace_days of at least 1')
        return self


class InceptionRules(_Model):
    """When cover may start (docs/regulations.md §8.6). Never before the moment of issue; at the
    moment of issue (即时生效) only where the region allows it, else from 00:00 the next day; and
    at most `max_days_ahead` days after the issue day (the renewal lead time)."""

    immediate: bool = False
    immediate_by_region: dict[str, bool] = {}  # 2-digit province or 4-digit city prefix
    max_days_ahead: Annotated[int, Field(ge=1, le=366)] = 90


class RoundingRules(_Model):
    """Where base premiums (基准保费) are rounded to the fen: `where_made` (the printed base is
    multiplied by the factors) or `at_end` (only each line's premium is rounded; docs/regulations.md
    §2.3). Each line's premium is rounded once either way."""

    base_premiums: Literal["where_made", "at_end"] = "where_made"


class CatalogueModel(_Model):
    """One model of the catalogue (车型库), keyed by the licence's 品牌型号."""

    name: str  # maker and model as sold
    new_price: Money = Field(gt=0)  # 新车购置价
    seats: Annotated[int, Field(ge=1, le=80)]
    displacement_l: Decimal | None = None
    fuel: Literal["petrol", "diesel", "hybrid", "phev", "bev", "fcev", "gas"]
    nev: bool
    vehicle_type: str | None = None  # as the 行驶证 prints it


def model_key(brand_model: str) -> str:
    """品牌型号 as the catalogue keys it: full-width letters and digits made half-width, letters
    upper-case, spaces and middle dots dropped ("大众汽车牌 svw71810bu" → "大众汽车牌SVW71810BU")."""
    text = unicodedata.normalize("NFKC", brand_model)
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "·・")


class Catalogue(_Model):
    illustrative: bool = False
    note: str = ""
    models: dict[str, CatalogueModel]

    @model_validator(mode="after")
    def _nev_matches_fuel(self) -> Catalogue:
        # one pass for the whole catalogue (a validator per model would slow every table load)
        for key, m in self.models.items():
            if m.nev != (m.fuel in ("bev", "phev", "fcev")):
                raise ValueError(
                    f"catalogue model {key}: nev must be {not m.nev} for fuel {m.fuel}"
                )
        return self

    @cached_property
    def index(self) -> dict[str, CatalogueModel]:
        """The models by their normalised 品牌型号 (built once per table)."""
        return {model_key(k): v for k, v in self.models.items()}


@dataclass(frozen=True)
class Clauses:
    """The clause set a commercial quote is priced under: its name, rates, riders and
    depreciation (built once per table)."""

    code: Literal["ordinary", "nev"]
    name_zh: str
    name_en: str
    illustrative: bool
    loading: Rate
    vehicle_damage: VehicleDamageRates
    third_party: ThirdPartyRates
    driver: SeatRates
    passenger: SeatRates
    riders: dict[str, Rider]
    depreciation: Depreciation


class InsurerInfo(_Model):
    """Who insures, as every policy and cover note prints it. The claims hotline is the insurer's
    to state: a table without one prints that it is not stated, never a made-up number."""

    name_zh: str
    name_en: str = ""
    claims_hotline: str = ""
    illustrative: bool = False  # a demo table's made-up insurer and number say so on paper


class PlanCover(_Model):
    code: str
    limit: Money | None = None
    seats: Literal["all_passengers"] | int | None = None
    rate: Rate | None = None
    attaches_to: str | None = None


class RecommendWhen(_Model):
    """When a recommendation rule applies: every condition given must hold (none: always).
    Ages are whole years from the first registration to the start of cover; `regions` are
    prefixes of the 6-digit region code (a province's 2 digits, a city's 4)."""

    age_years_min: Annotated[int, Field(ge=0)] | None = None
    age_years_max: Annotated[int, Field(ge=0)] | None = None
    price_min: Money | None = None  # 新车购置价, yuan
    price_max: Money | None = None
    classes: list[str] | None = None  # rating classes (family_car, ...)
    operating: bool | None = None  # the usage nature is operating (营运)
    nev: bool | None = None
    renewal: bool | None = None  # a renewal (last year's covers known) or new business
    claims_min: Annotated[int, Field(ge=0)] | None = None  # claims in the expiring term
    claims_max: Annotated[int, Field(ge=0)] | None = None
    regions: list[Annotated[str, Field(pattern=r"^\d{2,6}$")]] | None = None


class RecommendCover(_Model):
    code: str
    limit: Money | None = None
    seats: Literal["all_passengers"] | None = None
    attaches_to: str | None = None


class RecommendRule(_Model):
    """One rule: when it applies, covers added (or their limit set), covers removed, or last
    year's covers kept; and the reason, in words a clerk can read to the customer ({age}, {price},
    {claims} are filled in)."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
    when: RecommendWhen = RecommendWhen()
    keep_last_year: bool = False
    add: list[RecommendCover] = []
    remove: list[str] = []
    reason_zh: str
    reason_en: str


class RecommendationRules(_Model):
    """精准推荐: the plan proposed for every quote, from `base` and the rules in order (docs/renewals.md
    explains them). Versioned with the table: a recommendation records both versions."""

    version: Annotated[str, Field(min_length=1, max_length=40)]
    base: list[RecommendCover]
    rules: list[RecommendRule]

    @model_validator(mode="after")
    def _unique_ids(self) -> RecommendationRules:
        ids = [r.id for r in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError("recommendation rule ids must be unique")
        return self


class RateTable(_Model):
    schema_version: Literal[1] = 1
    issuer: str
    insurer: InsurerInfo | None = None  # printed on policies; None: the issuer's name, no hotline
    version: Annotated[int, Field(ge=1)]
    effective_from: date
    effective_to: date | None
    illustrative: bool
    notes: str = ""
    ctpl: CtplSection
    commercial: CommercialSection
    depreciation: Depreciation
    vehicle_tax: VehicleTaxSection
    refunds: RefundRules
    promotions: PromotionRules
    plans: dict[Literal["basic", "standard", "full"], list[PlanCover]]
    underwriting: list[UnderwritingRule]
    payment: PaymentRulesSection = PaymentRulesSection()
    lookups: LookupRulesSection = LookupRulesSection()
    on_expiry: OnExpiryRule = OnExpiryRule()  # tables without it refuse after expiry
    changes: ChangeRules = ChangeRules()  # endorsements and cancellations: who decides
    inception: InceptionRules = InceptionRules()
    rounding: RoundingRules = RoundingRules()
    catalogue: Catalogue | None = None  # 车型库, published with the rates
    recommendations: RecommendationRules | None = None  # 精准推荐 (app.rating.recommend)

    @cached_property
    def ordinary_clauses(self) -> Clauses:
        c = self.commercial
        return Clauses(
            "ordinary",
            c.clauses_name_zh,
            c.clauses_name_en,
            self.illustrative,
            c.loading,
            c.vehicle_damage,
            c.third_party,
            c.driver,
            c.passenger,
            c.riders,
            self.depreciation,
        )

    @cached_property
    def nev_clauses(self) -> Clauses | None:
        n = self.commercial.nev
        if n is None:
            return None
        return Clauses(
            "nev",
            n.name_zh,
            n.name_en,
            n.illustrative or self.illustrative,
            self.commercial.loading,
            n.vehicle_damage,
            n.third_party,
            n.driver,
            n.passenger,
            n.riders,
            n.depreciation,
        )

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def grace_until(self) -> date | None:
        """The last day its expiry rule still lets it price, if it grants grace."""
        if self.effective_to is None or self.on_expiry.mode != "grace":
            return None
        return self.effective_to + timedelta(days=self.on_expiry.grace_days)

    def usable_on(self, day: date) -> bool:
        """In force on `day`, or expired but within the grace its own rule gives."""
        end = self.grace_until()
        return self.in_force_on(day) or (end is not None and self.effective_from <= day <= end)
