"""The headless issuance request (`chudan policy issue REQUEST.json`; example in
resources/examples/policy-request.json): who, what vehicle, which covers, the signature and the
payments. It carries every field the premium engine reads (docs/issuance.md lists them), so any
vehicle can be issued: motorcycles (cc), trucks (tonnage, curb weight), trailers, special vehicles,
NEVs. Every field is checked before anything is stored; all problems are reported at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.check_result import CheckResult
from app.core.problems import Problem, refusal, translate
from app.identity import (
    check_email,
    check_id_card_validity,
    check_mobile,
    check_person_name,
    check_resident_id,
    check_uscc,
)
from app.rating.request import Day, FenMoney
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
    # The back of a resident ID card (有效期限): `2015.03.07` … `2035.03.07` or 长期. When given,
    # the card must be valid on the issue date, for the span its holder's age allows.
    id_valid_from: str | None = Field(default=None, max_length=20)
    id_valid_until: str | None = Field(default=None, max_length=20)


class VehicleIn(_In):
    plate: str | None = None  # None: a new car without plates (未上牌)
    vin: str
    engine_number: str
    brand_model: str | None = None  # 品牌型号, the model catalogue's key
    vehicle_type: str | None = None  # 车辆类型 as the licence prints it
    usage: str = "A"
    vehicle_class: str = Field(alias="class")
    seats: int | None = None
    tonnage: Decimal | None = None  # 核定载质量 (trucks, trailers)
    curb_weight_t: Decimal | None = None  # 整备质量 (tax of trucks, trailers, special vehicles)
    cc: Decimal | None = None  # motorcycles
    trailer: bool = False
    mini_truck: bool = False
    first_registration: Day
    purchase_price: FenMoney
    purchase_date: Day | None = None
    displacement_l: Decimal | None = None
    fuel: str = "petrol"
    energy_saving: bool = False


class PaymentIn(_In):
    method: Literal["cash", "card", "qr", "transfer"]
    amount: FenMoney | Literal["rest"] = "rest"
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
    # None: the earliest start allowed (即时生效 where the region allows it, else 00:00 tomorrow).
    start_date: Day | None = None
    end_date: Day | None = None  # a short term: the last day of cover
    short_term_months: int | None = None
    # The platform's answers (docs/rating.md, `history`): claim-free years, at-fault and fatal
    # accidents, drink-driving records, NCD level, first CTPL policy.
    history: dict[str, Any] = {}
    # ctpl_only: the compulsory cover alone (always issuable: CTPL is never refused).
    plan: Literal["basic", "standard", "full", "ctpl_only"] | None = None
    coverages: list[dict[str, Any]] | None = None
    clauses: Literal["ordinary", "nev"] | None = None
    pricing_coefficient: Decimal = Decimal("1.00")
    traffic_violation_coefficient: Decimal | None = None
    promotions: list[str] = []
    # Vehicle-tax arrears of earlier years ({"arrears": [{"year": 2025, "amount": "480.00"}]});
    # they are collected, with their late fee, on the issue date.
    tax: dict[str, Any] | None = None
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
        raise refusal(
            [translate(e) for e in exc.errors()], what_en="The request", what_zh="投保请求"
        ) from exc


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
            else CheckResult(
                bool(party.name.strip()),
                party.name.strip(),
                "ok" if party.name.strip() else "empty",
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
