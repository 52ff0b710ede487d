"""The wire protocol between an outlet and head office (version 1): pydantic v2 schemas for
every request and response, shared by `sync/` (client) and `hq/` (server) so both sides
validate the same shapes. Paths live here too, so neither side spells a URL by hand.

Money travels as a decimal string ("1234.56"), never a JSON float, so a fen is never lost in
transit; `content_hash` is the SHA-256 of `canonical_json(content)`."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"


class Paths:
    HEALTH = f"{API_PREFIX}/health"
    PROVISION = f"{API_PREFIX}/provision"
    POLICIES = f"{API_PREFIX}/policies/batch"
    RATE_INDEX = f"{API_PREFIX}/rates"
    RATE_TABLE = f"{API_PREFIX}/rates/{{version}}"
    VEHICLE_LOOKUP = f"{API_PREFIX}/lookups/vehicle"
    VIOLATIONS_LOOKUP = f"{API_PREFIX}/lookups/violations"
    PRIOR_POLICIES_LOOKUP = f"{API_PREFIX}/lookups/prior-policies"
    REFERRALS = f"{API_PREFIX}/referrals"
    REFERRAL = f"{API_PREFIX}/referrals/{{referral_id}}"
    QR_PAYMENT = f"{API_PREFIX}/payments/qr/{{reference}}"
    SIGNING_KEY = f"{API_PREFIX}/device/signing-key"


# A device sends `Authorization: Bearer <token>` on every call except health and provision.
AUTH_HEADER = "Authorization"
AUTH_SCHEME = "Bearer"
MAX_BATCH_ITEMS = 200


def canonical_json(obj: Any) -> bytes:
    """The one byte form that is hashed or signed (same rule as rate-table signing)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


class _Model(BaseModel):
    # Unknown fields are refused: a typo on one side must fail loudly, not be dropped.
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Model):
    """Every non-2xx answer: a stable code, what went wrong and what to do (English and Chinese)."""

    error: str  # e.g. "unauthorized", "invalid_request", "not_found", "lookup_unavailable"
    message: str
    message_zh: str = ""


class Health(_Model):
    status: Literal["ok"] = "ok"
    protocol_version: int = PROTOCOL_VERSION
    server_time: datetime
    latest_rate_version: int | None = None


# --- provisioning -------------------------------------------------------------------------


class ProvisionRequest(_Model):
    code: str = Field(min_length=6, max_length=64)  # the one-time enrolment code
    device_name: str = Field(default="", max_length=100)


class ProvisionResponse(_Model):
    device_id: str
    outlet_code: str
    token: str  # shown once; head office keeps only its SHA-256
    hq_public_key: (
        str  # Ed25519 raw public key, base64; verifies rate tables and provisioning files
    )
    ca_cert_pem: str = ""  # the CA the outlet pins for TLS; empty only for loopback development
    hq_url: str = ""


class ProvisioningFilePayload(_Model):
    """What an outlet that is never online at install receives on a USB stick. The payload is
    signed with head office's key; the outlet verifies it with `hq_public_key` fetched out of
    band (the fingerprint is printed with the file)."""

    format: Literal["chudan-provisioning"] = "chudan-provisioning"
    format_version: int = 1
    device_id: str
    outlet_code: str
    token: str
    hq_public_key: str
    ca_cert_pem: str = ""
    hq_url: str = ""
    issued_at: datetime


class ProvisioningFile(_Model):
    payload: ProvisioningFilePayload
    signature: str  # base64 Ed25519 over canonical_json(payload.model_dump(mode="json"))

    def signed_bytes(self) -> bytes:
        return canonical_json(self.payload.model_dump(mode="json"))


class SigningKeyRegistration(_Model):
    """The device's document-signing public key (Ed25519, raw, base64): head office keeps one per
    device, the first registered, and checks printed policies' QR tokens with it."""

    public_key: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$")


class SigningKeyAnswer(_Model):
    device_id: str
    fingerprint: str  # SHA-256 of the raw key, hex


# --- policy intake ------------------------------------------------------------------------


class PremiumFigures(_Model):
    """The figures the outlet printed; head office re-prices and compares each to the fen."""

    total: Decimal
    ctpl: Decimal = Decimal("0")
    commercial: Decimal = Decimal("0")
    vehicle_tax: Decimal = Decimal("0")

    @field_validator("total", "ctpl", "commercial", "vehicle_tax")
    @classmethod
    def _to_fen(cls, v: Decimal) -> Decimal:
        if v.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError("money has at most two decimal places (fen)")
        return v


POLICY_NUMBER_MAX = 64
# A calendar date as issuing writes it (date.isoformat()): exactly ten characters.
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class PolicyTerm(_Model):
    """The period of cover. `start_date` 00:00 to `end_date` 24:00; with `immediate` (即时生效)
    cover starts at the moment of binding (`issued_at`) on `start_date` and ends at the same
    time of day on `end_date`. `short_term_months`: the months charged for a term shorter than a
    year (a part month counts as one), else null."""

    start_date: IsoDate
    end_date: IsoDate
    immediate: bool = False
    short_term_months: int | None = Field(default=None, ge=1, le=12)


class PolicyPricing(_Model):
    """The coefficients the outlet priced with: 自主定价系数, the traffic-violation coefficient
    (null where the region has none), the promotions' codes, and the commercial clause set
    (`ordinary`, `nev`; null without commercial cover)."""

    pricing_coefficient: Decimal
    traffic_violation_coefficient: Decimal | None = None
    promotions: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=list, max_length=10
    )
    clauses: Literal["ordinary", "nev"] | None = None


class PolicyContent(_Model):
    """Everything hashed: a change to any of it is a different policy content.

    Besides the figures and the quote request the outlet priced, a policy carries its own rating
    data (all optional, so older outlets' uploads stay valid), from which head office can
    rebuild the quote request (field names as in docs/rating.md's quote request):

    - `vehicle`: the identity (`vin`, `plate`, `engine_number`, `brand_model`, `usage`) and the
      rating fields `vehicle_type` (as the licence prints it), `class`, `seats`, `tonnage`
      (核定载质量, t), `curb_weight_t` (整备质量, t), `cc` (motorcycles), `trailer`,
      `mini_truck`, `first_registration`, `purchase_price`, `purchase_date`, `displacement_l`,
      `fuel`, `energy_saving` (decimals as strings, dates ISO);
    - `region`: the 6-digit region code the policy was priced for;
    - `term`: PolicyTerm;
    - `history`: the platform's answers (`ctpl_claim_free_years`,
      `ctpl_at_fault_claims_last_year`, `ctpl_fatal_at_fault_last_year`, `drink_driving`,
      `drunk_driving`, `ncd_level`, `first_ctpl`);
    - `coverages`: the covers as priced (`code`, `limit`, `sum_insured`, `seats`, `rate`,
      `attaches_to`, `days`, `daily_amount`, `services`);
    - `pricing`: PolicyPricing;
    - `tax`: vehicle-tax arrears collected with the CTPL (`arrears`: [{`year`, `amount`}],
      `paid_on`: the day collected, the bind date), or null.
    """

    model_config = ConfigDict(extra="allow")  # customer/vehicle/payment blocks grow per issue

    # Lengths match head office's columns (hq.models.Policy), so an over-long value is this
    # item's "invalid_content" rather than a database error for the whole batch.
    policy_number: str = Field(min_length=1, max_length=POLICY_NUMBER_MAX)
    rate_version: int = Field(ge=1)
    quote_request: dict[str, Any]
    premium: PremiumFigures
    customer: dict[str, Any] = Field(default_factory=dict)
    vehicle: dict[str, Any] = Field(default_factory=dict)
    payments: list[dict[str, Any]] = Field(default_factory=list)
    issued_at: datetime | None = None
    period: tuple[IsoDate, IsoDate] | None = None  # cover start and end
    region: Annotated[str, StringConstraints(pattern=r"^\d{6}$")] | None = None
    term: PolicyTerm | None = None
    history: dict[str, Any] | None = None
    coverages: list[dict[str, Any]] | None = Field(default=None, max_length=40)
    pricing: PolicyPricing | None = None
    tax: dict[str, Any] | None = None


class PolicyUploadItem(_Model):
    kind: Literal["policy", "endorsement", "cancellation"] = "policy"
    policy_id: UUID  # the outlet's permanent id; head office stores each once, forever
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    # Kept as the raw JSON object the outlet hashed: re-serialising through a model would add
    # defaults and reformat decimals, and the hash would no longer match what was sent.
    content: dict[str, Any]

    def hash_matches(self) -> bool:
        return content_hash(self.content) == self.content_hash

    def parsed(self) -> PolicyContent:
        """The content validated (raises pydantic.ValidationError -> reason "invalid_content")."""
        return PolicyContent.model_validate(self.content)


class PolicyBatch(_Model):
    items: list[PolicyUploadItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


# Reason codes a rejected item carries (stable strings the outlet may branch on).
REJECT_REASONS = (
    "hash_mismatch",  # the content does not hash to content_hash
    "changed_content",  # same policy id seen before with a different hash: flagged
    "unknown_rate_version",
    "premium_mismatch",  # re-pricing differs by at least one fen
    "invalid_content",
    "unsupported_kind",
    "invalid_quote_request",  # the named table cannot price the quote_request at all
)


class ItemOutcome(_Model):
    policy_id: UUID
    outcome: Literal["accepted", "duplicate", "rejected", "retry"]
    confirmation_code: str = ""  # for accepted and duplicate (the original code)
    reason_code: str = ""
    reason: str = ""


class BatchResult(_Model):
    results: list[ItemOutcome]


# --- rate tables ----------------------------------------------------------------------------


class RateIndexEntry(_Model):
    version: int
    published_at: datetime
    sha256: str  # of the signed document as served


class RateIndex(_Model):
    latest: int | None
    versions: list[RateIndexEntry]


# The download is the signed table document itself (app.rating format), served as JSON.


# --- look-ups ------------------------------------------------------------------------------


class VehicleLookupRequest(_Model):
    vin: str = ""
    plate: str = ""


class VehicleRecord(_Model):
    vin: str
    plate: str
    model: str
    usage_nature: str
    owner_name_masked: str  # never the full name
    registered_on: str = ""


class VehicleLookupResponse(_Model):
    found: bool
    vehicle: VehicleRecord | None = None


class Violation(_Model):
    occurred_on: str
    code: str
    description: str
    points: int = 0
    fine: Decimal = Decimal("0")


class ViolationsLookupResponse(_Model):
    plate: str
    violations: list[Violation]


class PriorPolicy(_Model):
    policy_number: str
    insurer: str
    outlet_code: str
    coverage: str  # "ctpl" | "commercial"
    start: str
    end: str


class PriorPoliciesResponse(_Model):
    vin: str
    policies: list[PriorPolicy]


# --- referrals -----------------------------------------------------------------------------


class ReferralSubmit(_Model):
    referral_id: UUID  # outlet-chosen, so a resend is idempotent
    policy_number: str = ""
    reasons: list[str]
    quote_request: dict[str, Any]
    note: str = ""
    draft_id: str = Field(default="", max_length=64)  # the outlet's draft the referral is about
    # What the clerk saw (e.g. {"total": "5530.70", "rate_version": 1}); shown to the underwriter.
    quote_summary: dict[str, Any] = Field(default_factory=dict)


class ReferralStatus(_Model):
    referral_id: UUID
    status: Literal["pending", "approved", "declined"]
    note: str = ""
    decided_at: datetime | None = None


class QrPaymentStatus(_Model):
    """What the insurer's payment gateway told head office about a payment QR the outlet showed
    (amount and reference are on the QR): paid or not yet, and how much."""

    reference: str
    paid: bool
    amount: Decimal | None = None
    paid_at: datetime | None = None
