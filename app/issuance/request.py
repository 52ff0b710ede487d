"""The headless issuance request (`chudan policy issue REQUEST.json`; example in
resources/examples/policy-request.json): who, what vehicle, which covers, the signature and the
payments. Every field is checked before anything is stored; all problems are reported at once.
Sizes, ranges and the printable-character rule come from app.core.limits, amounts from
app.core.money's one rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.check_result import CheckResult
from app.core.errors import InvalidInput
from app.core.json_paths import validation_problems
from app.core.limits import MAX_LIST_ITEMS
from app.core.request_fields import (
    AddressText,
    Amount,
    BrandModelText,
    CodeText,
    EmailText,
    Litres,
    NameText,
    NoteText,
    PhoneText,
    ReferenceText,
    RequestDate,
    Seats,
    ShortText,
    Signature,
    Tonnes,
    VehicleTypeText,
)
from app.identity import check_email, check_mobile, check_person_name, check_resident_id, check_uscc
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


class VehicleIn(_In):
    plate: CodeText | None = None  # None: a new car without plates (未上牌)
    vin: CodeText
    engine_number: CodeText
    brand_model: BrandModelText | None = None
    vehicle_type: VehicleTypeText | None = None
    usage: ShortText = "A"
    vehicle_class: ShortText = Field(alias="class")
    seats: Seats | None = None
    tonnage: Tonnes | None = None
    curb_weight_t: Tonnes | None = None
    first_registration: RequestDate
    purchase_price: Annotated[Amount, Field(gt=0)]
    purchase_date: RequestDate | None = None
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
    start_date: RequestDate
    history: _Loose = {}
    plan: Literal["basic", "standard", "full"] | None = None
    coverages: _LooseList | None = None
    pricing_coefficient: Annotated[Decimal, Field(gt=0, le=10, decimal_places=4)] = Decimal("1.00")
    promotions: Annotated[list[ShortText], Field(max_length=MAX_LIST_ITEMS)] = []
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
        problems = "; ".join(validation_problems(exc.errors()))
        raise InvalidInput(
            f"The request is refused: {problems}.", zh=f"请求有误：{problems}。"
        ) from exc


def check_request(req: PolicyRequest) -> dict[str, str]:
    """Every field check; {field path: normalised value}. Raises with ALL problems listed."""
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
        run(
            f"{role}.id_number",
            check_resident_id(party.id_number)
            if party.id_type == "resident_id"
            else check_uscc(party.id_number),
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
    if problems:
        en = "; ".join(
            f"{p}: {r.message_en}" + (f" ({r.suggestion_en})" if r.suggestion_en else "")
            for p, r in problems
        )
        zh = "；".join(f"{p}：{r.message_zh}" for p, r in problems)
        raise InvalidInput(f"The request is refused: {en}", zh=f"请求被拒绝：{zh}")
    return values
