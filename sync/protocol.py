"""The wire protocol between an outlet and head office (version 1): pydantic v2 schemas for
every request and response, shared by `sync/` (client) and `hq/` (server) so both sides
validate the same shapes. Paths live here too, so neither side spells a URL by hand.

Money travels as a decimal string ("1234.56"), never a JSON float, so a fen is never lost in
transit; `content_hash` is the SHA-256 of `canonical_json(content)`."""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from app.core.policy_number import OUTLET_CODE_PATTERN

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
    # POST: the VIN travels in the body, never in a URL an access log records.
    CLAIMS_HISTORY_LOOKUP = f"{API_PREFIX}/lookups/claims-history"
    REFERRALS = f"{API_PREFIX}/referrals"
    REFERRAL = f"{API_PREFIX}/referrals/{{referral_id}}"
    DEVICE = f"{API_PREFIX}/device"
    QR_PAYMENT = f"{API_PREFIX}/payments/qr/{{reference}}"
    SIGNING_KEY = f"{API_PREFIX}/device/signing-key"
    AUDIT_ANCHOR = f"{API_PREFIX}/device/audit-anchor"


# A device sends `Authorization: Bearer <token>` on every call except health and provision.
AUTH_HEADER = "Authorization"
AUTH_SCHEME = "Bearer"
MAX_BATCH_ITEMS = 200
# What head office reads of one request: the body as sent (gzip or plain), and once inflated.
# Room for a full batch of the largest items (MAX_BATCH_ITEMS x MAX_CONTENT_BYTES) and no more;
# anything larger is refused (413) before it is read or inflated any further.
MAX_REQUEST_BYTES = 1024 * 1024
MAX_INFLATED_BYTES = 4 * 1024 * 1024


def canonical_json(obj: Any) -> bytes:
    """The one byte form that is hashed or signed (same rule as rate-table signing)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


# --- limits every side applies -------------------------------------------------------------

# Characters no field may hold: control characters (NUL, escape...), format characters (the
# right-to-left override U+202E, zero-width spaces), surrogates and private-use code points.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})


def printable(v: str) -> str:
    # The usual value is cleared by one call in C: str.isprintable() is False for every refused
    # category (and for some allowed ones, such as U+3000, which the character test then clears).
    # Head office runs this over every string of every upload; character by character it was a
    # fifth of the intake's time.
    if v.isprintable():
        return v
    if any(unicodedata.category(ch) in _REFUSED_CATEGORIES for ch in v):
        raise ValueError("contains control or invisible characters")
    return v


def _real_date(v: str) -> str:
    date.fromisoformat(v)  # "2026-02-30" raises ValueError, named as this field's error
    return v


Text16 = Annotated[str, StringConstraints(max_length=16), AfterValidator(printable)]
Text20 = Annotated[str, StringConstraints(max_length=20), AfterValidator(printable)]
Text32 = Annotated[str, StringConstraints(max_length=32), AfterValidator(printable)]
Text64 = Annotated[str, StringConstraints(max_length=64), AfterValidator(printable)]
Text100 = Annotated[str, StringConstraints(max_length=100), AfterValidator(printable)]
Text200 = Annotated[str, StringConstraints(max_length=200), AfterValidator(printable)]
Text254 = Annotated[str, StringConstraints(max_length=254), AfterValidator(printable)]
Text1000 = Annotated[str, StringConstraints(max_length=1000), AfterValidator(printable)]

# Free-form parts (a quote request, a summary): nested at most this deep, this many values in
# all, strings and keys this long. A request nested a thousand deep is refused, not recursed into.
MAX_JSON_DEPTH = 8
MAX_JSON_VALUES = 2000
MAX_JSON_STRING = 1000


def bounded_json(value: Any, where: str = "value") -> Any:
    """`value` if it is JSON within the limits above, else ValueError naming the limit."""
    # Head office checks every upload's quote request this way: the quick pass clears the usual
    # request in under half the walk's time. Anything it does not clear (a limit broken,
    # a character str.isprintable() refuses but the rule allows, a subclass) goes through the
    # walk, which alone decides and names what is wrong.
    if _quick_count(value, 1) > 0:
        return value
    return _walk_bounded(value, where)


def _quick_count(node: Any, depth: int) -> int:
    """How many values `node` holds (itself included) if it plainly keeps every limit of
    `bounded_json`, else -1 (also for any type it does not know, subclasses included). A
    container deeper than the limit is refused before it is entered, so the recursion is
    bounded; a string or a whole number, the usual value, is cleared without a call."""
    kind = type(node)
    if kind is dict:
        if depth > MAX_JSON_DEPTH:
            return -1
        count = 1
        for key, value in node.items():
            if type(key) is not str or len(key) > 64 or not key.isprintable():
                return -1
            kind = type(value)
            if kind is str:
                if len(value) > MAX_JSON_STRING or not value.isprintable():
                    return -1
                count += 1
            elif kind is int or kind is bool or value is None:
                count += 1
            else:
                inner = _quick_count(value, depth + 1)
                if inner < 0:
                    return -1
                count += inner
            if count > MAX_JSON_VALUES:  # stops as soon as there are too many
                return -1
        return count
    if kind is list:
        if depth > MAX_JSON_DEPTH:
            return -1
        count = 1
        for value in node:
            kind = type(value)
            if kind is str:
                if len(value) > MAX_JSON_STRING or not value.isprintable():
                    return -1
                count += 1
            elif kind is int or kind is bool or value is None:
                count += 1
            else:
                inner = _quick_count(value, depth + 1)
                if inner < 0:
                    return -1
                count += inner
            if count > MAX_JSON_VALUES:
                return -1
        return count
    if kind is str:
        return 1 if len(node) <= MAX_JSON_STRING and node.isprintable() else -1
    if kind is int or kind is bool or node is None:
        return 1
    if kind is float:
        return 1 if math.isfinite(node) else -1
    return -1


def _walk_bounded(value: Any, where: str) -> Any:
    stack: list[tuple[Any, int]] = [(value, 1)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_JSON_VALUES:
            raise ValueError(f"{where} holds more than {MAX_JSON_VALUES} values")
        if isinstance(node, dict):
            if depth > MAX_JSON_DEPTH:
                raise ValueError(f"{where} is nested deeper than {MAX_JSON_DEPTH} levels")
            for k, v in node.items():
                if not isinstance(k, str) or len(k) > 64:
                    raise ValueError(f"{where} has a key longer than 64 characters")
                printable(k)
                stack.append((v, depth + 1))
        elif isinstance(node, list):
            if depth > MAX_JSON_DEPTH:
                raise ValueError(f"{where} is nested deeper than {MAX_JSON_DEPTH} levels")
            stack.extend((v, depth + 1) for v in node)
        elif isinstance(node, str):
            if len(node) > MAX_JSON_STRING:
                raise ValueError(f"{where} has a text longer than {MAX_JSON_STRING} characters")
            printable(node)
        elif isinstance(node, float) and not math.isfinite(node):
            raise ValueError(f"{where} holds a number that is not finite")
    return value


def _json_object(v: dict[str, Any]) -> dict[str, Any]:
    return bounded_json(v, "object")  # type: ignore[no-any-return]


JsonObject = Annotated[dict[str, Any], AfterValidator(_json_object)]


def _check_extras(extra: dict[str, Any] | None, what: str) -> None:
    """Fields a newer outlet adds to a block: short names, scalar values."""
    for name, value in (extra or {}).items():
        if len(name) > 40:
            raise ValueError(f"{what} has a field name longer than 40 characters")
        if isinstance(value, str):
            if len(value) > 100:
                raise ValueError(f"{what}.{name}: at most 100 characters")
            printable(value)
        elif value is not None and not isinstance(value, bool | int | float):
            raise ValueError(f"{what}.{name}: a number, true/false or short text")


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
    device_name: Text100 = ""


class ProvisionResponse(_Model):
    device_id: str
    outlet_code: str
    # Assigned by head office, unique within the outlet: the two digits after the outlet code in
    # every policy number this desk draws.
    device_number: int = Field(ge=1, le=99)
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
    # Files written before head office assigned device numbers carry none: the desk learns its
    # number on its first sync, before it issues.
    device_number: int | None = Field(default=None, ge=1, le=99)
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


class DeviceState(_Model):
    """What head office holds about the asking device (GET /device, on every sync): its device
    number, and the last policy number it holds from the device's range. A desk restored from
    an older backup draws its next numbers after that one."""

    device_id: str
    outlet_code: str
    device_number: int = Field(ge=1, le=99)
    last_policy_number: str | None = None


class SigningKeyRegistration(_Model):
    """The device's document-signing public key (Ed25519, raw, base64): head office keeps one per
    device, the first registered, and checks printed policies' QR tokens with it."""

    public_key: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$")


class SigningKeyAnswer(_Model):
    device_id: str
    fingerprint: str  # SHA-256 of the raw key, hex


# --- audit anchoring ------------------------------------------------------------------------
# Every sync sends the head of the desk's audit chain (how many events, the last one's hash);
# head office keeps each one and refuses a chain that shrank or forked since the last it
# acknowledged. Administrator recoveries (`user.recovery`) since that anchor travel with it.

MAX_RECOVERIES_PER_ANCHOR = 100
RECOVERY_ACTION = "user.recovery"


class AnchorState(_Model):
    """The last anchor head office acknowledged for the asking device (GET): 0 events, no hash
    and no time when there is none yet."""

    count: int = Field(ge=0)
    head_hash: Sha256Hex | None = None
    acknowledged_at: datetime | None = None


class RecoveryEvent(_Model):
    event_id: int = Field(ge=1, le=10**12)
    ts: datetime
    actor: Text64
    summary: Text1000 = ""


class AnchorReport(_Model):
    """The desk's chain head (POST). `since` is the count head office last acknowledged and
    `hash_at_since` the desk's own hash of that event: head office compares it with the hash it
    holds, so a chain rewritten below the anchor is refused as forked."""

    count: int = Field(ge=1, le=10**12)
    head_hash: Sha256Hex
    since: int = Field(ge=0, le=10**12)
    hash_at_since: Sha256Hex | None = None
    # The first event the desk's seal covers: a log sealed again from a later event lost its
    # seal or seal key, and head office refuses it.
    sealed_from: int | None = Field(default=None, ge=1, le=10**12)
    recoveries: list[RecoveryEvent] = Field(
        default_factory=list, max_length=MAX_RECOVERIES_PER_ANCHOR
    )


# --- policy intake ------------------------------------------------------------------------


# Money: a decimal string with at most two places, never negative, never beyond what any motor
# policy carries (a premium, a price, a sum insured or a limit). "1e999999" or "NaN" is a field
# error naming the field, never an arithmetic failure later.
MAX_MONEY = Decimal("100000000.00")
Money = Annotated[
    Decimal, Field(ge=0, le=MAX_MONEY, max_digits=11, decimal_places=2, allow_inf_nan=False)
]
PositiveMoney = Annotated[
    Decimal, Field(gt=0, le=MAX_MONEY, max_digits=11, decimal_places=2, allow_inf_nan=False)
]


class PremiumFigures(_Model):
    """The figures the outlet printed; head office re-prices and compares each to the fen."""

    total: Money
    ctpl: Money = Decimal("0")
    commercial: Money = Decimal("0")
    vehicle_tax: Money = Decimal("0")


POLICY_NUMBER_MAX = 64
MAX_CONTENT_BYTES = 16 * 1024  # one policy's content as hashed (a real one is about 2 KB)
MAX_COVERS = 40
# A calendar date as issuing writes it (date.isoformat()): exactly ten characters, a real date.
IsoDate = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)
]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
OutletCode = Annotated[str, StringConstraints(pattern=OUTLET_CODE_PATTERN)]
Vin = Annotated[str, StringConstraints(pattern=r"^[A-HJ-NPR-Z0-9]{17}$")]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class PolicyParty(_Model):
    """A party as the policy names it (policyholder, insured, owner)."""

    kind: Literal["person", "organisation"] = "person"
    name: Text100
    id_type: Code
    id_number: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z()\-]{4,32}$")]
    phone: Text20 | None = None
    email: Text254 | None = None
    address: Text200 | None = None

    @field_validator("name")
    @classmethod
    def _named(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v


class PolicyVehicle(_Model):
    """The insured vehicle as the policy describes it: what identifies it and every fact the
    premium depends on. Head office prices this vehicle, not the one in `quote_request`. Facts
    the rating engine gains later may travel as further fields (numbers, booleans or short
    text, checked by `_scalar_extras`)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    vin: Vin
    plate: Text16 | None = None
    engine_number: Text32 | None = None
    brand_model: Text100 | None = None
    vehicle_type: Text64 | None = None
    usage: Annotated[str, StringConstraints(pattern=r"^[A-U]$")]
    vehicle_class: Code = Field(alias="class")
    seats: int | None = Field(default=None, ge=1, le=80)
    tonnage: Decimal | None = Field(default=None, ge=0, le=100, max_digits=8)
    curb_weight_t: Decimal | None = Field(default=None, ge=0, le=100, max_digits=8)
    cc: Decimal | None = Field(default=None, ge=0, le=10000, max_digits=8)
    displacement_l: Decimal | None = Field(default=None, ge=0, le=30, max_digits=8)
    first_registration: IsoDate
    purchase_price: PositiveMoney
    purchase_date: IsoDate | None = None
    fuel: Code = "petrol"
    energy_saving: bool = False
    trailer: bool = False

    @model_validator(mode="after")
    def _scalar_extras(self) -> PolicyVehicle:
        _check_extras(self.model_extra, "vehicle")
        return self


class PolicyCover(_Model):
    """One cover of the schedule (the rating engine's cover request)."""

    model_config = ConfigDict(extra="allow")

    code: Code
    limit: PositiveMoney | None = None
    sum_insured: PositiveMoney | None = None
    seats: int | None = Field(default=None, ge=1, le=80)
    rate: Decimal | None = Field(default=None, gt=0, lt=1, max_digits=6)
    attaches_to: Code | None = None
    days: int | None = Field(default=None, ge=1, le=366)
    daily_amount: PositiveMoney | None = None
    services: list[Code] | None = Field(default=None, max_length=20)

    @model_validator(mode="after")
    def _scalar_extras(self) -> PolicyCover:
        _check_extras(self.model_extra, "cover")
        return self


class PolicyPayment(_Model):
    method: Literal["cash", "card", "qr", "transfer"]
    amount: Money
    reference: Text64 = ""


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

    # Bounded like every figure at head office: "1e999999" is a field error, never a 500.
    pricing_coefficient: Decimal = Field(gt=0, le=10, max_digits=8)
    traffic_violation_coefficient: Decimal | None = Field(default=None, gt=0, le=10, max_digits=8)
    promotions: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=list, max_length=10
    )
    clauses: Literal["ordinary", "nev"] | None = None


class PolicyContent(_Model):
    """Everything hashed: a change to any of it is a different policy content. The policy's own
    facts (vehicle, parties, period, covers) are what head office prices and records.

    A policy also carries its own rating data (optional, so older outlets' uploads stay valid),
    from which head office rebuilds the quote request (`app.rating.request.request_from_policy`;
    field names as in docs/rating.md's quote request); without it the rating inputs that are
    not facts of the policy come from `quote_request`:

    - `region`: the 6-digit region code the policy was priced for;
    - `term`: PolicyTerm (its dates must be the policy's `period`);
    - `history`: the platform's answers (`ctpl_claim_free_years`,
      `ctpl_at_fault_claims_last_year`, `ctpl_fatal_at_fault_last_year`, `drink_driving`,
      `drunk_driving`, `ncd_level`, `first_ctpl`);
    - `coverages`: the covers as priced (the same codes as `covers`);
    - `pricing`: PolicyPricing;
    - `tax`: vehicle-tax arrears collected with the CTPL (`arrears`: [{`year`, `amount`}],
      `paid_on`: the day collected, the bind date), or null.
    """

    model_config = ConfigDict(extra="allow")  # e.g. the outlet's schedule hash; bounded below

    policy_number: str = Field(min_length=1, max_length=POLICY_NUMBER_MAX)
    rate_version: int = Field(ge=1, le=1_000_000)
    quote_request: JsonObject
    premium: PremiumFigures
    period: tuple[IsoDate, IsoDate]  # cover start and end, both included
    # Immediate cover (即时生效): the moment cover starts on the start date. Without it cover
    # starts at 00:00 (China time) of the start date.
    starts_at: datetime | None = None
    issued_at: datetime  # bound at the outlet
    vehicle: PolicyVehicle
    covers: list[PolicyCover] = Field(min_length=1, max_length=MAX_COVERS)
    customer: PolicyParty  # the policyholder
    insured: PolicyParty | None = None  # None: the policyholder
    owner: PolicyParty | None = None  # None: the insured
    payments: list[PolicyPayment] = Field(default_factory=list, max_length=20)
    outlet: OutletCode | None = None
    device: int | None = Field(default=None, ge=1, le=99)
    schedule_hash: Sha256Hex | None = None
    # The policy's own rating data (see above).
    region: Annotated[str, StringConstraints(pattern=r"^\d{6}$")] | None = None
    term: PolicyTerm | None = None
    history: JsonObject | None = None
    coverages: list[PolicyCover] | None = Field(default=None, max_length=MAX_COVERS)
    pricing: PolicyPricing | None = None
    tax: JsonObject | None = None

    @model_validator(mode="after")
    def _bounded_extras(self) -> PolicyContent:
        for name, value in (self.model_extra or {}).items():
            if len(name) > 40:
                raise ValueError(f"field name {name[:40]}… is longer than 40 characters")
            bounded_json(value, name)
        return self

    @property
    def owner_party(self) -> PolicyParty:
        return self.owner or self.insured or self.customer


def describe_errors(exc: ValidationError, limit: int = 3) -> str:
    """The fields and rules a validation broke, never the values (they may be personal data)."""
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'content'}: {e['msg']}"
        for e in exc.errors(include_input=False, include_url=False)[:limit]
    )
    more = f" (and {exc.error_count() - limit} more)" if exc.error_count() > limit else ""
    return problems + more


class _HashedContent(dict[str, Any]):
    """An upload item's content together with its canonical byte form, made once when the item is
    validated (to know it can be hashed at all) and then hashed, measured and stored as it is:
    serialising ~2 KB again per use was a tenth of head office's intake. A content replaced
    after validation (`model_copy(update=...)`) is a plain dict and is serialised anew; the
    content is never changed in place."""

    canonical: bytes


class PolicyUploadItem(_Model):
    kind: Literal["policy", "endorsement", "cancellation"] = "policy"
    policy_id: UUID  # the outlet's permanent id; head office stores each once, forever
    content_hash: Sha256Hex
    # Kept as the raw JSON object the outlet hashed: re-serialising through a model would add
    # defaults and reformat decimals, and the hash would no longer match what was sent. Its shape
    # is checked per item (`parsed`), so one bad item is refused alone.
    content: dict[str, Any]

    @field_validator("content")
    @classmethod
    def _hashable(cls, v: dict[str, Any]) -> dict[str, Any]:
        # Text that is not Unicode (a lone surrogate from a "\ud800" escape) cannot be hashed
        # or stored: a request carrying it is malformed, whatever else it holds.
        try:
            raw = canonical_json(v)
        except (UnicodeEncodeError, RecursionError) as exc:
            raise ValueError(
                "holds text that is not valid Unicode, or is nested too deeply"
            ) from exc
        hashed = _HashedContent(v)
        hashed.canonical = raw
        return hashed

    def canonical(self) -> bytes:
        """The content's one byte form (hashed, measured and stored)."""
        if isinstance(self.content, _HashedContent):
            return self.content.canonical
        return canonical_json(self.content)

    def hash_matches(self, canonical: bytes | None = None) -> bool:
        raw = self.canonical() if canonical is None else canonical
        return hashlib.sha256(raw).hexdigest() == self.content_hash

    def parsed(self, canonical: bytes | None = None) -> PolicyContent:
        """The content validated (raises ValueError -> reason "invalid_content")."""
        size = len(self.canonical() if canonical is None else canonical)
        if size > MAX_CONTENT_BYTES:
            raise ValueError(
                f"content: {size:,} bytes, at most {MAX_CONTENT_BYTES:,} for one policy"
            )
        return PolicyContent.model_validate(self.content)


class PolicyBatch(_Model):
    items: list[PolicyUploadItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


# Reason codes a rejected item carries (stable strings the outlet may branch on).
REJECT_REASONS = (
    "hash_mismatch",  # the content does not hash to content_hash
    "changed_content",  # same policy id seen before with a different hash: flagged
    "unknown_rate_version",
    "premium_mismatch",  # re-pricing the policy's own facts differs by at least one fen
    "invalid_content",
    "unsupported_kind",
    "invalid_quote_request",  # the named table cannot price the policy at all
    "foreign_policy_id",  # the policy id belongs to another device's policy
    "number_outside_range",  # not a number of this device's outlet and device number
    "duplicate_number",  # another policy holds this number already
    "invalid_period",  # ends before it starts, or runs longer than a year
    "starts_before_issue",  # cover would start before the policy was bound (倒签)
    "class_mismatch",  # the vehicle class does not fit its usage or its owner
    "overlapping_cover",  # another policy covers the same vehicle and cover for some of the days
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


MAX_CLAIMS_YEARS = 5


class ClaimsHistoryRequest(_Model):
    vin: Vin
    years: int = Field(default=3, ge=1, le=MAX_CLAIMS_YEARS)


class ClaimRecord(_Model):
    loss_date: IsoDate
    paid: Money


class ClaimsHistoryResponse(_Model):
    """Head office's claims register for one vehicle (hq/claims.py, docs/hq.md): the claims in
    the last `years` years, the whole years since the last claim (or since the window began),
    the years of continuous cover head office knows of, and the NCD level those give by the rate
    table's NCD rules. `ncd_level` is None when head office knows of no cover for the vehicle
    (then nothing can be said; the desk keeps its own estimate)."""

    vin: Vin
    years: int
    claims: list[ClaimRecord]
    claims_last_year: int
    claim_free_years: int
    continuous_years: int | None
    ncd_level: int | None
    rate_version: int | None
    as_of: IsoDate


# --- referrals -----------------------------------------------------------------------------


class ReferralSubmit(_Model):
    referral_id: UUID  # outlet-chosen, so a resend is idempotent
    policy_number: Text64 = ""
    reasons: list[Text200] = Field(max_length=20)
    quote_request: JsonObject
    note: Text1000 = ""
    draft_id: Text64 = ""  # the outlet's draft the referral is about
    # What the clerk saw (e.g. {"total": "5530.70", "rate_version": 1}); shown to the underwriter.
    quote_summary: JsonObject = Field(default_factory=dict)


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
