"""The headless issuance request (`chudan policy issue REQUEST.json`; example in
resources/examples/policy-request.json): who, what vehicle, which covers, the signature and the
payments. Every field is checked before anything is stored; all problems are reported at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.check_result import CheckResult
from app.core.errors import InvalidInput
from app.core.json_paths import json_path
from app.identity import check_email, check_mobile, check_person_name, check_resident_id, check_uscc
from app.vehicle import check_engine_number, check_plate, check_usage_code, check_vin


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class PartyIn(_In):
    kind: Literal["person", "organisation"] = "person"
    name: str
    id_type: Literal["resident_id", "uscc"] = "resident_id"
    id_number: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    # From the back of the ID card: an ISO date, or 长期 (valid for life). An expired card is refused.
    id_valid_until: str | None = None


class VehicleIn(_In):
    plate: str | None = None  # None: a new car without plates (未上牌)
    vin: str
    engine_number: str
    brand_model: str | None = None
    vehicle_type: str | None = None
    usage: str | None = (
        None  # the licence's 使用性质: never assumed, a guess prices the wrong cover
    )
    vehicle_class: str = Field(alias="class")
    seats: int | None = None
    tonnage: Decimal | None = None
    curb_weight_t: Decimal | None = None
    first_registration: date
    purchase_price: Decimal
    purchase_date: date | None = None
    displacement_l: Decimal | None = None
    fuel: str = "petrol"
    energy_saving: bool = False


class PaymentIn(_In):
    method: Literal["cash", "card", "qr", "transfer"]
    amount: Decimal | Literal["rest"] = "rest"
    payer_name: str | None = None  # default: the policyholder
    reference: str = ""
    failed: str | None = None  # the failure reason, when this part failed
    aml_record: dict[str, Any] | None = None


class ConsentIn(_In):
    given: bool
    text_version: str = "pipl-2026-1"


class PolicyRequest(_In):
    policyholder: PartyIn
    insured: PartyIn | None = None  # None: the policyholder
    owner: PartyIn | None = None  # None: the insured
    consent: ConsentIn
    vehicle: VehicleIn
    start_date: date
    history: dict[str, Any] = {}
    plan: Literal["basic", "standard", "full"] | None = None
    coverages: list[dict[str, Any]] | None = None
    pricing_coefficient: Decimal = Decimal("1.00")
    promotions: list[str] = []
    signature: list[list[tuple[float, float]]] | None = None
    checklist_confirmed: bool = True
    payments: list[PaymentIn] = []
    # The wizard's draft: a referral decided for this draft (and exactly this quote) lets it issue,
    # and its scans are kept with the policy.
    draft_id: str | None = None
    # The registry look-up: head office's answer as received, or the key of the queued call.
    registry_answer: dict[str, Any] | None = None
    registry_key: str | None = None
    # Head office's prior policies on this VIN (all outlets), when the wizard could ask.
    prior_policies: list[dict[str, Any]] | None = None


def parse_policy_request(data: Any) -> PolicyRequest:
    try:
        return PolicyRequest.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{json_path(e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        raise InvalidInput(
            f"The request is refused: {problems}.", zh=f"请求有误：{problems}。"
        ) from exc


def id_card_expired(valid_until: str | None, today: date) -> bool:
    """The back of the ID card says until when it is valid (长期: for life); a card past that
    date is no proof of identity for a policy."""
    if not valid_until or valid_until.strip() == "长期":
        return False
    try:
        return date.fromisoformat(valid_until.strip()) < today
    except ValueError:
        return False


def check_request(req: PolicyRequest, today: date | None = None) -> dict[str, str]:
    """Every field check; {field path: normalised value}. Raises with ALL problems listed.
    `today` (the desk's local date) checks the ID cards' validity."""
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
            else CheckResult(
                bool(party.name.strip()),
                party.name.strip(),
                "ok" if party.name.strip() else "empty",
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
        if today is not None and id_card_expired(party.id_valid_until, today):
            problems.append(
                (
                    f"{role}.id_valid_until",
                    CheckResult(
                        False,
                        party.id_valid_until or "",
                        "id_expired",
                        f"身份证已于 {party.id_valid_until} 过期，请客户出示有效身份证（或临时身份证）。",
                        f"The ID card expired on {party.id_valid_until}: ask for a valid ID card "
                        "(or a temporary one).",
                    ),
                )
            )
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
    if problems:
        en = "; ".join(
            f"{p}: {r.message_en}" + (f" ({r.suggestion_en})" if r.suggestion_en else "")
            for p, r in problems
        )
        zh = "；".join(f"{p}：{r.message_zh}" for p, r in problems)
        raise InvalidInput(f"The request is refused: {en}", zh=f"请求被拒绝：{zh}")
    return values
