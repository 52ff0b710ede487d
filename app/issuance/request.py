"""The headless issuance request (`chudan policy issue REQUEST.json`; example in
resources/examples/policy-request.json): who, what vehicle, which covers, the signature and the
payments. It carries every field the premium engine reads (docs/issuance.md lists them), so any
vehicle can be issued: motorcycles (cc), trucks (tonnage, curb weight), trailers, special vehicles,
NEVs. Every field is checked before anything is stored; all problems are reported at once.
Sizes, ranges and the printable-character rule come from app.core.limits, amounts from
app.core.money's one rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.check_result import CheckResult
from app.core.limits import MAX_LIST_ITEMS
from app.core.problems import Problem, refusal, translate
from app.core.request_fields import (
    AddressText,
    Amount,
    BrandModelText,
    CodeText,
    CubicCentimetres,
    EmailText,
    Litres,
    NameText,
    NoteText,
    PhoneText,
    ReferenceText,
    Seats,
    ShortText,
    Signature,
    Tonnes,
    VehicleTypeText,
)
from app.identity import (
    check_email,
    check_id_card_validity,
    check_mobile,
    check_person_name,
    check_resident_id,
    check_uscc,
)
from app.rating.request import Day
from app.vehicle import check_engine_number, check_plate, check_usage_code, check_vin

# JSON-like parts checked elsewhere (the quote request, head office's answers): bounded here in
# size only.
_Loose = Annotated[dict[str, Any], Field(max_length=MAX_LIST_ITEMS)]
_LooseList = Annotated[list[dict[str, Any]], Field(max_length=MAX_LIST_ITEMS)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class PartyIn(_In):
    kind: Literal["person", "organisation"] = "person"
    name: NameText  # a person's name is checked further by app.identity
    id_type: Literal["resident_id", "uscc"] = "resident_id"
    id_number: CodeText
    phone: PhoneText | None = None
    email: EmailText | None = None
    address: AddressText | None = None
    # The back of a resident ID card (有效期限): `2015.03.07` … `2035.03.07` or 长期. When given,
    # the card must be valid on the issue date, for the span its holder's age allows.
    id_valid_from: ShortText | None = None
    id_valid_until: ShortText | None = None


class VehicleIn(_In):
    plate: CodeText | None = None  # None: a new car without plates (未上牌)
    vin: CodeText
    engine_number: CodeText
    brand_model: BrandModelText | None = None  # 品牌型号, the model catalogue's key
    vehicle_type: VehicleTypeText | None = None  # 车辆类型 as the licence prints it
    # the licence's 使用性质: never assumed, a guess prices the wrong cover
    usage: ShortText | None = None
    vehicle_class: ShortText = Field(alias="class")
    seats: Seats | None = None
    tonnage: Tonnes | None = None  # 核定载质量 (trucks, trailers)
    curb_weight_t: Tonnes | None = None  # 整备质量 (tax of trucks, trailers, special vehicles)
    cc: CubicCentimetres | None = None  # motorcycles
    trailer: bool = False
    mini_truck: bool = False
    first_registration: Day
    purchase_price: Annotated[Amount, Field(gt=0)]
    purchase_date: Day | None = None
    displacement_l: Litres | None = None
    fuel: ShortText = "petrol"
    energy_saving: bool = False


class PaymentIn(_In):
    method: Literal["cash", "card", "qr", "transfer"]
    amount: Amount | Literal["rest"] = "rest"
    payer_name: NameText | None = None  # default: the policyholder
    reference: ReferenceText = ""
    failed: NoteText | None = None  # the failure reason, when it failed
    aml_record: Annotated[dict[ShortText, AddressText], Field(max_length=20)] | None = None


class PriorPolicyIn(_In):
    """A policy head office holds on this VIN (its prior-policies look-up, which the wizard
    passes on), as sync.protocol.PriorPolicy has it."""

    model_config = ConfigDict(extra="ignore")  # head office may say more than this desk reads
    policy_number: ShortText
    insurer: NameText = ""
    outlet_code: ShortText = ""
    coverage: ShortText  # "ctpl" | "commercial"
    start: ShortText  # ISO dates, as head office sends them
    end: ShortText


class ConsentIn(_In):
    given: bool
    text_version: ShortText = "pipl-2026-1"


class PolicyRequest(_In):
    policyholder: PartyIn
    insured: PartyIn | None = None  # None: the policyholder
    owner: PartyIn | None = None  # None: the insured
    consent: ConsentIn
    vehicle: VehicleIn
    # None: the earliest start allowed (即时生效 where the region allows it, else 00:00 tomorrow).
    start_date: Day | None = None
    end_date: Day | None = None  # a short term: the last day of cover
    short_term_months: int | None = Field(default=None, ge=1, le=11)
    # The platform's answers (docs/rating.md, `history`): claim-free years, at-fault and fatal
    # accidents, drink-driving records, NCD level, first CTPL policy. Checked by the quote.
    history: _Loose = {}
    # ctpl_only: the compulsory cover alone (always issuable: CTPL is never refused).
    plan: Literal["basic", "standard", "full", "ctpl_only"] | None = None
    coverages: _LooseList | None = None
    clauses: Literal["ordinary", "nev"] | None = None
    pricing_coefficient: Annotated[Decimal, Field(gt=0, le=10, decimal_places=4)] = Decimal("1.00")
    traffic_violation_coefficient: (
        Annotated[Decimal, Field(gt=0, le=10, decimal_places=4)] | None
    ) = None
    promotions: Annotated[list[ShortText], Field(max_length=MAX_LIST_ITEMS)] = []
    # Vehicle-tax arrears of earlier years ({"arrears": [{"year": 2025, "amount": "480.00"}]});
    # they are collected, with their late fee, on the issue date. Checked by the quote.
    tax: _Loose | None = None
    signature: Signature | None = None
    checklist_confirmed: bool = True
    payments: Annotated[list[PaymentIn], Field(max_length=MAX_LIST_ITEMS)] = []
    # The wizard's draft: a referral decided for this draft (and exactly this quote) lets it issue,
    # and its scans are kept with the policy.
    draft_id: ShortText | None = None
    # The registry look-up: head office's answer as received, or the key of the queued call.
    registry_answer: _Loose | None = None
    registry_key: ReferenceText | None = None
    # Head office's prior policies on this VIN (all outlets), when the wizard could ask.
    prior_policies: Annotated[list[PriorPolicyIn], Field(max_length=MAX_LIST_ITEMS)] | None = None


def parse_policy_request(data: Any) -> PolicyRequest:
    try:
        return PolicyRequest.model_validate(data)
    except ValidationError as exc:
        raise refusal(
            [translate(e) for e in exc.errors()], what_en="The request", what_zh="投保请求"
        ) from exc


def id_card_expired(valid_until: str | None, today: date) -> bool:
    """Whether the back of the ID card says it has expired by `today` (the one validity rule,
    app.identity.id_card_validity; a date it cannot read is that rule's problem, not expiry)."""
    if not valid_until:
        return False
    return check_id_card_validity(None, valid_until, on=today).reason == "expired"


def check_request(req: PolicyRequest, today: date | None = None) -> dict[str, str]:
    """Every field check; {field path: normalised value}. Raises with ALL problems listed."""
    values, problems = field_problems(req, today or date.today())
    if problems:
        raise refusal(problems, what_en="The request", what_zh="投保请求")
    return values


def field_problems(req: PolicyRequest, today: date) -> tuple[dict[str, str], list[Problem]]:
    """Every field check on `today` (the issue date): the normalised values, and the problems as
    app.core.problems lists them (the quote's own problems are added by the service)."""
    problems: list[tuple[str, CheckResult]] = []
    values: dict[str, str] = {}

    def run(path: str, result: CheckResult) -> None:
        if result.valid:
            values[path] = result.value
        else:
            problems.append((path, result))

    for role in ("policyholder", "insured", "owner"):
        party: PartyIn | None = getattr(req, role)
        if party is None:
            continue
        run(
            f"{role}.name",
            check_person_name(party.name)
            if party.kind == "person"
            else CheckResult(  # length and characters were checked by the model (app.core.limits)
                bool(party.name),
                party.name,
                "ok" if party.name else "empty",
                "请填写单位名称。",
                "Enter the organisation's name.",
            ),
        )
        number = (
            check_resident_id(party.id_number, today=today)
            if party.id_type == "resident_id"
            else check_uscc(party.id_number)
        )
        run(f"{role}.id_number", number)
        if party.id_valid_from or party.id_valid_until:
            if party.id_type != "resident_id":
                problems.append(
                    (
                        f"{role}.id_valid_until",
                        CheckResult(
                            False,
                            "",
                            "not_an_id_card",
                            "只有居民身份证填写有效期限。",
                            "Only a resident ID card has a validity period here.",
                        ),
                    )
                )
            else:
                run(
                    f"{role}.id_valid_until",
                    check_id_card_validity(
                        party.id_valid_from,
                        party.id_valid_until,
                        on=today,
                        birth_date=number.details.get("birth_date") if number.valid else None,
                    ),
                )
        if party.phone:
            run(f"{role}.phone", check_mobile(party.phone))
        if party.email:
            run(f"{role}.email", check_email(party.email))
    v = req.vehicle
    run("vehicle.vin", check_vin(v.vin))
    if v.plate:
        run("vehicle.plate", check_plate(v.plate))
    run("vehicle.engine_number", check_engine_number(v.engine_number))
    if v.usage is None:
        problems.append(
            (
                "vehicle.usage",
                CheckResult(
                    False,
                    "",
                    "no_usage",
                    "请按行驶证选择使用性质。",
                    "Choose the usage nature as the vehicle licence shows it.",
                ),
            )
        )
    else:
        run("vehicle.usage", check_usage_code(v.usage))
    if not req.consent.given:
        problems.append(
            (
                "consent",
                CheckResult(
                    False,
                    "",
                    "no_consent",
                    "须取得客户对处理个人信息（含身份证号、支付信息等敏感信息）的单独同意。",
                    "The customer's separate consent to processing personal (and sensitive) "
                    "information is required.",
                ),
            )
        )
    return values, [
        Problem(
            p,
            r.message_en.rstrip(".") + (f" ({r.suggestion_en})" if r.suggestion_en else ""),
            r.message_zh.rstrip("。") + (f"（{r.suggestion_zh}）" if r.suggestion_zh else ""),
        )
        for p, r in problems
    ]
