"""The issuance wizard as data, the way Electrum's wizard is (a map of steps, each with where it
goes next, what it runs on the way and whether it is the last), so the window only shows it and
the tests walk whole issuances with plain dicts.

- **Steps** (`STEPS`, `NAVMAP`): customer → vehicle → coverage → review → payment. Drafts keep
  their step by these keys (app/issuance/drafts.py takes them from here).
- **Problems** (`IssuanceFlow.problems`): what stops "next" on a step, worked out from the app's
  validators over the draft's data and from what the services last answered (the premium, the
  underwriting decision, the signature, the payments). Each names the field it is about, in
  English and Chinese.
- **Hooks**: `enter` hooks run after arriving (the quote and head office's registry look-up on
  coverage); an `accept` hook runs before leaving forwards (signing on review → payment, issuing on
  the last step). A hook is a call into the services (`FlowServices`); the flow says which call
  with what request (`hook_call`) and takes its answer (`apply`), so a window can run the call
  off its GUI thread and a test can run it inline (`advance`).
- **Back** (`plan_back`): refused once money was taken for the signed schedule; going back
  before the review clears the signature and the checklist (the customer signs again).

Unlike Electrum's, going back keeps what was entered on later steps: the clerk who goes back to
correct a phone number finds the vehicle as they left it. The back stack holds step keys only.
Like Electrum's, what the flow logs is redacted to an allow-list (`redacted`): no name, ID number,
phone or VIN reaches the log."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from app.core.check_result import CheckResult
from app.identity import (
    check_email,
    check_mobile,
    check_party_id,
    check_person_name,
    check_resident_id,
    check_uscc,
)
from app.issuance.draft_request import (
    checklist_done,
    empty_draft,
    normalised,
    owner_differs,
    request_from_draft,
)
from app.issuance.registry_check import compare
from app.issuance.request import id_card_expired
from app.issuance.steps import OLD_STEPS, STEPS
from app.issuance.vehicle_inputs import (
    DISPLACEMENT_NEEDED_FOR,
    SEATS_NEEDED_FOR,
    VEHICLE_INPUTS,
)
from app.vehicle import check_engine_number, check_plate, check_vin

log = logging.getLogger(__name__)

TITLES = {
    "customer": ("Customer", "客户"),
    "vehicle": ("Vehicle", "车辆"),
    "coverage": ("Coverage", "险种方案"),
    "review": ("Review and sign", "复核签名"),
    "payment": ("Payment and issue", "缴费出单"),
}
FUELS_WITHOUT_DISPLACEMENT = ("bev", "fcev")


@dataclass(frozen=True)
class Problem:
    """Something that stops "next": the field it is about ("vehicle.purchase_price"; "" for the
    step as a whole) and what to do, in both languages. `waiting` problems go by themselves once a
    service answers (the premium being worked out, say)."""

    field: str
    en: str
    zh: str
    waiting: bool = False

    def text(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


def _from_check(path: str, r: CheckResult) -> Problem:
    suggestion_en = f" ({r.suggestion_en})" if r.suggestion_en else ""
    return Problem(path, r.message_en + suggestion_en, r.message_zh)


# -- what the services answered (facts the flow keeps but the clerk did not type) ---------------
@dataclass(frozen=True)
class Priced:
    """The coverage step's premium, as the quote hook found it for the draft's current data."""

    total: Decimal
    outcome: str  # pass | refer | decline
    reasons_en: tuple[str, ...] = ()
    reasons_zh: tuple[str, ...] = ()
    referral: str = "none"  # none | pending | approved | declined, for exactly this quote
    referral_by: str = ""
    referral_note: str = ""
    duplicate_en: str = ""  # the same cover already bought for these days
    duplicate_zh: str = ""
    schedule_hash: str = ""  # of the schedule the customer would sign now ("" if not signable)
    fingerprint: str = ""  # of what was priced: what a referral decision is for
    plans: dict[str, Decimal] = field(default_factory=dict)  # each preset plan's total
    # The service's whole answer, for a window to show (the worksheet, the schedule's rows); the
    # flow itself decides on the fields above only.
    detail: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class PricingFailed:
    """The quote could not be made (a rider without its main cover, a table that does not apply)."""

    en: str
    zh: str


@dataclass(frozen=True)
class Signed:
    schedule_hash: str
    total: str


@dataclass(frozen=True)
class Paid:
    """The draft's payment parts as the store holds them."""

    total: Decimal
    paid: Decimal
    parts: tuple[dict[str, str], ...] = ()

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid


@dataclass(frozen=True)
class Issued:
    state: str
    policy_number: str | None
    en: str = ""
    zh: str = ""
    detail: Any = field(default=None, compare=False)  # the service's whole answer (its PDF)


@dataclass
class Facts:
    priced: Priced | PricingFailed | None = None
    quoting: bool = False  # a quote for the current data is on its way
    paid: Paid | None = None
    issued: Issued | None = None
    registry: dict[str, Any] = field(default_factory=dict)  # what the look-up answered
    # When cover may start for a policy issued now (app/rating/inception.py: no back-dating, the
    # region's 即时生效, the table's lead time), as the services said; None until they have.
    start_range: tuple[date, date] | None = None


class FlowServices(Protocol):
    """What the hooks call. The desk's implementation is `DeskServices` (the issuance service
    for one user, and head office's look-up when the desk has one); tests pass small fakes."""

    def quote(self, request: dict[str, Any]) -> Priced | PricingFailed: ...

    def registry(self, vin: str, draft_id: str | None) -> dict[str, Any]: ...

    def queue_registry(self, vin: str, draft_id: str | None) -> dict[str, Any]: ...

    def sign(self, request: dict[str, Any], draft: dict[str, Any] | None = None) -> Signed: ...

    def payments(self, request: dict[str, Any]) -> Paid: ...

    def issue(self, request: dict[str, Any]) -> Issued: ...


# -- the steps --------------------------------------------------------------------------------
Check = Callable[["IssuanceFlow"], list[Problem]]


@dataclass(frozen=True)
class StepSpec:
    key: str
    next: str | Callable[[dict[str, Any]], str] | None
    check: Check
    enter: tuple[str, ...] = ()  # hooks run after arriving
    accept: str | None = None  # the hook that must succeed before leaving forwards
    last: bool = False


def _customer(flow: IssuanceFlow) -> list[Problem]:
    h = flow.data["policyholder"]
    org = h.get("kind") == "organisation"
    name, number = str(h.get("name") or "").strip(), str(h.get("id_number") or "").strip()
    out: list[Problem] = []
    if name and not org:
        r = check_person_name(name)
        if not r.valid:
            out.append(_from_check("policyholder.name", r))
    if number:
        r = check_uscc(number) if org else check_resident_id(number)
        if not r.valid:
            out.append(_from_check("policyholder.id_number", r))
    for key, check in (("phone", check_mobile), ("email", check_email)):
        value = str(h.get(key) or "").strip()
        if value:
            r = check(value)
            if not r.valid:
                out.append(_from_check(f"policyholder.{key}", r))
    if not name or not number:
        out.append(
            Problem(
                "policyholder.name" if not name else "policyholder.id_number",
                "Enter the policyholder's name and ID number (or scan the ID card).",
                "请填写投保人姓名和证件号码（或扫描身份证）。",
            )
        )
    if not org and id_card_expired(h.get("id_valid_until"), flow.today):
        until = h.get("id_valid_until")
        out.append(
            Problem(
                "policyholder.id_valid_until",
                f"The ID card expired on {until}: ask for a valid ID card (or a temporary one).",
                f"身份证已于 {until} 过期：请客户出示有效身份证（或临时身份证）。",
            )
        )
    insured = h.get("insured")
    if insured is not None:
        i_name = str(insured.get("name") or "").strip()
        i_number = str(insured.get("id_number") or "").strip()
        if i_name:
            r = check_person_name(i_name)
            if not r.valid:
                out.append(_from_check("insured.name", r))
        if i_number:
            r = check_resident_id(i_number)
            if not r.valid:
                out.append(_from_check("insured.id_number", r))
        if not i_name or not i_number:
            out.append(
                Problem(
                    "insured.name" if not i_name else "insured.id_number",
                    "Enter the insured's name and ID number, or untick 'The insured is someone else'.",
                    "请填写被保险人姓名和身份证号，或取消勾选“被保险人不是投保人”。",
                )
            )
    if not h.get("consent"):
        out.append(
            Problem(
                "policyholder.consent",
                "The customer's consent to processing personal information is required.",
                "须取得客户对处理个人信息的同意。",
            )
        )
    return out + _to_check(flow, "customer")


def _to_check(flow: IssuanceFlow, step: str) -> list[Problem]:
    names = flow.data["to_check"].get(step) or []
    if not names:
        return []
    return [
        Problem(
            names[0],
            "Compare the highlighted fields with the document, then confirm or correct them.",
            "请将标黄的字段与证件原件核对，确认无误或予以更正。",
        )
    ]


def _positive_decimal(value: Any) -> bool:
    try:
        return Decimal(str(value).strip()) > 0
    except (InvalidOperation, ValueError):
        return False


def _vehicle(flow: IssuanceFlow) -> list[Problem]:
    v = flow.data["vehicle"]
    out: list[Problem] = []
    vin, engine = str(v.get("vin") or "").strip(), str(v.get("engine_number") or "").strip()
    for path, value, check in (
        ("vehicle.vin", vin, check_vin),
        ("vehicle.engine_number", engine, check_engine_number),
    ):
        if value:
            r = check(value)
            if not r.valid:
                out.append(_from_check(path, r))
    if not vin or not engine:
        out.append(
            Problem(
                "vehicle.vin" if not vin else "vehicle.engine_number",
                "Enter the VIN and engine number (or scan the vehicle licence).",
                "请填写车辆识别代号和发动机号（或扫描行驶证）。",
            )
        )
    plate = str(v.get("plate") or "").strip()
    if not v.get("no_plate"):
        if not plate:
            out.append(
                Problem(
                    "vehicle.plate",
                    "Enter the plate, or tick 'New car, no plate yet'.",
                    "请填写号牌号码，或勾选“新车未上牌”。",
                )
            )
        else:
            r = check_plate(plate)
            if not r.valid:
                out.append(_from_check("vehicle.plate", r))
    if owner_differs(flow.data):
        owner = str(v.get("owner_name") or "").strip()
        number = str(v.get("owner_id_number") or "").strip()
        if not number or not check_party_id(number).valid:
            out.append(
                Problem(
                    "vehicle.owner_id_number",
                    f"The licence names {owner}, not the insured: enter the owner's ID number "
                    "(or credit code).",
                    f"行驶证所有人为 {owner}，与被保险人不同：请填写所有人的身份证号（或统一社会信用代码）。",
                )
            )
    usage_read = flow.data["to_check"].get("usage_read") or ""
    if usage_read:
        out.append(
            Problem(
                "vehicle.usage",
                f"The licence says {usage_read}: choose the usage nature that matches.",
                f"行驶证上的使用性质为“{usage_read}”：请选择对应的使用性质。",
            )
        )
    elif not v.get("usage"):
        out.append(
            Problem(
                "vehicle.usage",
                "Choose the usage nature as the vehicle licence shows it.",
                "请按行驶证选择使用性质。",
            )
        )
    if not v.get("class"):
        out.append(Problem("vehicle.class", "Choose the vehicle class.", "请选择车辆类别。"))
    cls = v.get("class") or None
    if not v.get("seats") and (cls is None or cls in SEATS_NEEDED_FOR):
        out.append(
            Problem(
                "vehicle.seats",
                "Enter the approved seats (on the licence's second page).",
                "请填写核定载人数（见行驶证副页）。",
            )
        )
    if not v.get("first_registration"):
        out.append(
            Problem(
                "vehicle.first_registration",
                "Enter the first registration date (on the licence).",
                "请填写初次登记日期（见行驶证）。",
            )
        )
    if not _positive_decimal(v.get("purchase_price")):
        out.append(
            Problem(
                "vehicle.purchase_price",
                "Enter the new-car price in yuan (the invoice or the model's list price).",
                "请填写新车购置价（元，以发票或车型指导价为准）。",
            )
        )
    if not v.get("fuel"):
        out.append(Problem("vehicle.fuel", "Choose the fuel.", "请选择燃料种类。"))
    if (
        (cls is None or cls in DISPLACEMENT_NEEDED_FOR)
        and v.get("fuel") not in FUELS_WITHOUT_DISPLACEMENT
        and not _positive_decimal(v.get("displacement_l"))
    ):
        out.append(
            Problem(
                "vehicle.displacement_l",
                "Enter the displacement in litres (the vehicle tax depends on it).",
                "请填写排量（升），车船税按排量计算。",
            )
        )
    for spec in VEHICLE_INPUTS:  # what this kind of vehicle is priced or taxed by
        if spec.needed(cls) and spec.value(v.get(spec.key)) is None:
            out.append(Problem(f"vehicle.{spec.key}", spec.why_en, spec.why_zh))
    return out + _to_check(flow, "vehicle")


def _start_problems(flow: IssuanceFlow) -> list[Problem]:
    """No back-dating: the start is not before the earliest the rating rules allow (nor beyond
    the table's lead time), once the services have said what those are."""
    window = flow.facts.start_range
    raw = flow.data.get("start_date")
    if window is None or not raw:
        return []
    try:
        start = date.fromisoformat(str(raw))
    except ValueError:
        return [Problem("start_date", "Choose when cover starts.", "请选择起保日期。")]
    first, last = window
    if start < first:
        return [
            Problem(
                "start_date",
                f"Cover cannot start before {first} (no back-dating): choose {first} or later.",
                f"起保日期不能早于 {first}（不得倒签），请选择 {first} 或之后的日期。",
            )
        ]
    if start > last:
        return [
            Problem(
                "start_date",
                f"Cover may start at most on {last}: issue the policy nearer its start.",
                f"起保日期最晚为 {last}，请临近起保时再出单。",
            )
        ]
    return []


def _coverage(flow: IssuanceFlow) -> list[Problem]:
    out = record_missing(flow) + _start_problems(flow)
    if out:
        return out
    return _priced_problems(flow)


def record_missing(flow: IssuanceFlow) -> list[Problem]:
    """What of the platform's record is still to be entered: until it is, nothing is priced (a
    premium worked out from an assumed record would be shown, and compared, as if it were real)."""
    h = flow.data["history"]
    out: list[Problem] = []
    if h.get("ctpl_claim_free_years") in (None, ""):
        out.append(
            Problem(
                "history.ctpl_claim_free_years",
                "Enter the CTPL years without a claim from the platform's record.",
                "请按平台查询结果填写交强险连续无赔年数。",
            )
        )
    elif h.get("ctpl_claim_free_years") == 0 and h.get("ctpl_at_fault_claims_last_year") in (
        None,
        "",
    ):
        out.append(
            Problem(
                "history.ctpl_at_fault_claims_last_year",
                "Enter last year's at-fault CTPL claims from the platform's record.",
                "请按平台查询结果填写上年交强险有责赔款次数。",
            )
        )
    if h.get("ncd_level") in (None, ""):
        out.append(
            Problem(
                "history.ncd_level",
                "Enter the NCD level from the platform's record.",
                "请按平台查询结果填写无赔款优待等级（NCD）。",
            )
        )
    return out


def _priced_problems(flow: IssuanceFlow) -> list[Problem]:
    priced = flow.facts.priced
    if isinstance(priced, PricingFailed):
        return [Problem("plan", priced.en, priced.zh)]
    if priced is None or flow.facts.quoting:
        return [Problem("", "Waiting for the premium…", "正在等待报价…", waiting=True)]
    if priced.duplicate_en:
        return [Problem("start_date", priced.duplicate_en, priced.duplicate_zh)]
    if priced.outcome == "decline":
        # Underwriting decides the commercial cover only: CTPL is never refused (交强险条例
        # art. 10), so the clerk is told the way on (the plan 仅交强险).
        return [
            Problem(
                "plan",
                "Underwriting declines the commercial cover. CTPL cannot be refused: choose "
                "“CTPL only” to issue the compulsory cover alone.",
                "核保拒保商业险。交强险不得拒保：请选择“仅交强险”单独投保交强险。",
            )
        ]
    if priced.outcome == "refer" and priced.referral != "approved":
        if priced.referral == "declined":
            return [
                Problem(
                    "plan",
                    "A supervisor declined this policy; it cannot be issued as it is.",
                    "主管已拒绝承保，按现方案不能出单。",
                )
            ]
        return [
            Problem(
                "plan",
                "Underwriting referred this policy: a supervisor must approve it first.",
                "核保转人工：须先经主管审批。",
            )
        ]
    return []


def _review(flow: IssuanceFlow) -> list[Problem]:
    out = []
    if not checklist_done(flow.data):
        out.append(
            Problem(
                "review.checked",
                "Tick every item of the checklist with the customer.",
                "请与客户逐项核对并勾选复核清单。",
            )
        )
    if not flow.data["review"].get("signature"):
        out.append(Problem("review.signature", "The customer must sign.", "请客户签名。"))
    return out or _coverage(flow)


def _payment(flow: IssuanceFlow) -> list[Problem]:
    paid = flow.facts.paid
    if paid is None:
        return [Problem("", "Waiting for the payments…", "正在读取缴费记录…", waiting=True)]
    if paid.outstanding > 0:
        due = f"{paid.outstanding:.2f}"
        return [
            Problem(
                "payment.amount",
                f"{due} yuan is still due: take it before issuing (no policy before the premium).",
                f"尚欠 {due} 元：收齐保费后才能出单（见费出单）。",
            )
        ]
    return []


NAVMAP: dict[str, StepSpec] = {
    "customer": StepSpec("customer", "vehicle", _customer),
    "vehicle": StepSpec("vehicle", "coverage", _vehicle),
    "coverage": StepSpec("coverage", "review", _coverage, enter=("quote", "registry")),
    "review": StepSpec("review", "payment", _review, enter=("quote",), accept="sign"),
    "payment": StepSpec("payment", None, _payment, enter=("payments",), accept="issue", last=True),
}
# Hooks that write the store: a window runs them on its one write lane, the others on its pool.
WRITING_HOOKS = frozenset({"sign", "issue", "registry_queue"})


@dataclass(frozen=True)
class Move:
    """A step change the flow allows: run `accept` first (if any), then arrive and run `enter`."""

    source: str
    target: str
    forward: bool
    accept: str | None = None
    enter: tuple[str, ...] = ()


class Blocked(Exception):
    """The step change is refused; `problems` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.en for p in problems))
        self.problems = problems


# Draft keys that may be logged (Electrum's allow-list): nothing that names or identifies a person
# or a vehicle.
LOGGABLE = frozenset(
    {
        "kind",
        "id_type",
        "consent",
        "no_plate",
        "usage",
        "vehicle_type",
        "tonnage",
        "curb_weight_t",
        "cc",
        "trailer",
        "mini_truck",
        "class",
        "seats",
        "fuel",
        "plan",
        "start_date",
        "history",
        "ctpl_claim_free_years",
        "ctpl_at_fault_claims_last_year",
        "ncd_level",
        "drink_driving",
        "drunk_driving",
        "ctpl_fatal_at_fault_last_year",
        "first_ctpl",
        "checked",
    }
)


def redacted(data: Any, key: str = "") -> Any:
    if isinstance(data, dict):
        return {k: redacted(v, k) for k, v in data.items()}
    if isinstance(data, list) and key not in LOGGABLE:
        return f"<{len(data)} redacted>" if data else []
    return data if key in LOGGABLE or data in (None, "", False) else "<redacted>"


class IssuanceFlow:
    """One issuance in progress: the draft's data, the step it is at, the back stack and what the
    services last answered. `today` is the desk's local date (ID cards, the default start)."""

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        step: str = "customer",
        *,
        draft_id: str | None = None,
        today: date | None = None,
    ) -> None:
        self.today = today or date.today()
        self.data = normalised(data) if data is not None else empty_draft()
        self.data.setdefault("start_date", (self.today + timedelta(days=1)).isoformat())
        step = OLD_STEPS.get(step, step)
        self.step = step if step in NAVMAP else STEPS[0]
        self.stack: list[str] = list(STEPS[: STEPS.index(self.step)])
        self.draft_id = draft_id
        self.facts = Facts()
        # Told what the clerk does (`_tell`): the training sandbox scores a drill played in the
        # wizard from it (app/training/wizard_drill.py). None in real work.
        self.observer: Callable[[str, dict[str, Any]], None] | None = None
        self.new = data is None  # a new issuance, not a draft opened again

    def _tell(self, event: str, **info: Any) -> None:
        """What happened, for the observer: paths, steps, plans and outcomes, never a value a
        person typed (no name, number or VIN). An observer's failure never stops the issuance."""
        if self.observer is None:
            return
        try:
            self.observer(event, info)
        except Exception:  # a drill's scoring must not break the clerk's work
            log.exception("the issuance observer failed on %s", event)

    def start_call(self, record: Callable[[str], Any]) -> Callable[[], Any] | None:
        """The call that records that this new issuance started (the wizard opened it):
        `record(draft_id)`, the desk's DraftService.start for the clerk, run on the write lane.
        The issuance time is measured from it (docs/reports.md). None for a draft opened again:
        it started when it was first opened, and the time it sat parked is counted apart."""
        if not self.new or self.draft_id is None:
            return None
        draft_id = self.draft_id
        log.info("issuance %s: started", draft_id)
        return lambda: record(draft_id)

    # -- reading ------------------------------------------------------------------------------
    @property
    def spec(self) -> StepSpec:
        return NAVMAP[self.step]

    @property
    def index(self) -> int:
        return STEPS.index(self.step)

    def problems(self, step: str | None = None) -> list[Problem]:
        return NAVMAP[step or self.step].check(self)

    def all_problems(self) -> dict[str, list[Problem]]:
        """Every step's problems up to the current one (the summary's "still to check")."""
        return {s: self.problems(s) for s in STEPS[: self.index + 1]}

    def request(self) -> dict[str, Any]:
        return request_from_draft(self.data, self.draft_id)

    def money_taken(self) -> bool:
        return self.facts.paid is not None and self.facts.paid.paid > 0

    # -- editing ------------------------------------------------------------------------------
    def update(self, section: str, values: dict[str, Any] | Any) -> None:
        """The window reports what a step holds now. What the customer signs may change with it:
        then the checklist and the signature no longer hold (`unsign`)."""
        before = self.data.get(section)
        if isinstance(values, dict) and isinstance(before, dict):
            changed = [k for k, v in values.items() if before.get(k) != v]
            flagged = {p for names in self.data["to_check"].values() for p in names or []}
            self.data[section] = {**before, **values}
            if changed:
                self._tell(
                    "edited",
                    section=section,
                    paths=[f"{section}.{k}" for k in changed],
                    # corrected while highlighted from a scan: the clerk compared it
                    corrected=[f"{section}.{k}" for k in changed if f"{section}.{k}" in flagged],
                    ticks={f"{section}.{k}": values[k] for k in changed if values[k] is True},
                )
        else:
            self.data[section] = values

    def unsign(self) -> None:
        review = self.data["review"]
        review["checked"] = [False] * len(review.get("checked") or [])
        review["signature"] = []
        review["signed_total"] = None
        review["checked_for"] = None
        review["phone_signed_hash"] = None  # a signature from the phone goes with the rest

    # -- moving -------------------------------------------------------------------------------
    def plan_next(self) -> Move:
        """The move forwards, or Blocked with what stops it."""
        problems = self.problems()
        if problems:
            self._tell("blocked", step=self.step, paths=[p.field for p in problems])
            raise Blocked(problems)
        spec = self.spec
        if spec.last or spec.next is None:
            if spec.accept:
                return Move(self.step, self.step, True, spec.accept, ())
            raise Blocked([])
        target = spec.next(self.data) if callable(spec.next) else spec.next
        return Move(self.step, target, True, spec.accept, NAVMAP[target].enter)

    def plan_back(self) -> Move:
        if not self.stack:
            raise Blocked([])
        target = self.stack[-1]
        if STEPS.index(target) < STEPS.index("review") <= self.index and self.money_taken():
            raise Blocked(
                [
                    Problem(
                        "",
                        "Money has been taken for this schedule: issue the policy, or refund the "
                        "payment before changing what the customer signed.",
                        "已按此投保单收取保费：请先出单，或退款后再修改客户已签名的内容。",
                    )
                ]
            )
        return Move(self.step, target, False, None, NAVMAP[target].enter)

    def arrive(self, move: Move) -> None:
        if move.target == move.source:
            return
        if move.forward:
            self.stack.append(move.source)
        else:
            self.stack.pop()
            if STEPS.index(move.target) < STEPS.index("review") <= STEPS.index(move.source):
                self.unsign()  # anything may change now: the customer checks and signs again
        self.step = move.target
        self._tell("arrived", source=move.source, target=move.target, forward=move.forward)
        log.info("issuance %s: %s → %s", self.draft_id, move.source, move.target)
        log.debug("draft %s", redacted(self.data))

    # -- hooks --------------------------------------------------------------------------------
    def hook_call(self, name: str, services: FlowServices) -> Callable[[], Any]:
        """The service call for hook `name` over a copy of the data as it is now: safe to run on
        another thread while the clerk keeps typing."""
        request = copy.deepcopy(self.request())
        if name == "quote":
            self.facts.quoting = True
            return lambda: services.quote(request)
        if name in ("registry", "registry_queue"):
            vin = str(self.data["vehicle"].get("vin") or "")
            draft_id = self.draft_id
            if name == "registry_queue":
                return lambda: services.queue_registry(vin, draft_id)
            return lambda: services.registry(vin, draft_id)
        if name == "sign":
            draft = copy.deepcopy(self.data)  # saved with the signature, in the same write
            return lambda: services.sign(request, draft)
        if name == "payments":
            return lambda: services.payments(request)
        if name == "issue":
            return lambda: services.issue(request)
        raise KeyError(name)

    def apply(self, name: str, result: Any) -> tuple[str, ...]:
        """Take hook `name`'s answer into the flow; returns the hooks to run after it (head office
        knowing of another policy on this VIN means pricing again, to check for a duplicate)."""
        if name == "quote":
            self.on_priced(result)
        elif name == "registry":
            self.on_registry(result)
            if result.get("vin") and result.get("answer") is None and "key" not in result:
                return ("registry_queue",)  # not answered now: asked again at the next sync
            return ("quote",) if result.get("prior") else ()
        elif name == "registry_queue":
            self.on_registry({**self.facts.registry, **result})
        elif name == "sign":
            self.on_signed(result)
        elif name == "payments":
            self.on_paid(result)
        elif name == "issue":
            self.facts.issued = result
            self._tell(
                "issued",
                state=result.state,
                plan=self.data.get("plan"),
            )
        else:
            raise KeyError(name)
        return ()

    def on_priced(self, priced: Priced | PricingFailed) -> None:
        """A new premium. If what the customer would sign is no longer what the checklist was
        ticked against (or what they signed), the ticks and the signature go."""
        self.facts.quoting = False
        self.facts.priced = priced
        if isinstance(priced, Priced) and self.observer is not None:
            self._tell(
                "priced",
                outcome=priced.outcome,
                referral=priced.referral,
                duplicate=bool(priced.duplicate_en),
                **self._registry_check(),  # the vehicle priced, against the registry
            )
        review = self.data["review"]
        if isinstance(priced, Priced):
            held = review.get("checked_for")
            if held and priced.schedule_hash and held != priced.schedule_hash:
                self.unsign()
            if priced.schedule_hash and any(review.get("checked") or []):
                review["checked_for"] = priced.schedule_hash

    def tick(self, checked: list[bool]) -> None:
        """The checklist as ticked now, held against the schedule shown."""
        review = self.data["review"]
        review["checked"] = list(checked)
        self._tell("ticked", all=bool(checked) and all(checked))
        priced = self.facts.priced
        if isinstance(priced, Priced) and priced.schedule_hash and any(checked):
            review["checked_for"] = priced.schedule_hash

    def on_registry(self, found: dict[str, Any]) -> None:
        """Head office's registry answer (or the key of the queued look-up), kept for the
        request; a model the licence did not give is taken from it and marked so."""
        self.facts.registry = dict(found)
        self.data["registry"] = {
            k: found.get(k) for k in ("vin", "answer", "key", "prior") if found.get(k)
        }
        record = (found.get("answer") or {}).get("vehicle") or {}
        v = self.data["vehicle"]
        if record.get("model") and not v.get("brand_model"):
            v["brand_model"] = record["model"]
            self.data["sources"]["vehicle.brand_model"] = "registry"
        if self.observer is not None:
            self._tell("registry", **self._registry_check())

    def _registry_check(self) -> dict[str, Any]:
        """The registry's answer against the vehicle as it stands now: its status and which
        fields differ (names, never the values)."""
        found = self.facts.registry
        if not found:
            return {"registry": "none", "differs": []}
        vehicle = self.data["vehicle"]
        answer = found.get("answer") if found.get("vin") == vehicle.get("vin") else None
        check = compare(vehicle, answer)
        return {"registry": check.status, "differs": list(check.fields)}

    def on_paid(self, paid: Paid) -> None:
        """The draft's payment parts as the store now holds them. The observer hears each
        part's method, amount and whether it failed or carries a large-cash record (no
        reference, no payer)."""
        self.facts.paid = paid
        self._tell(
            "paid",
            parts=[
                {
                    "method": p.get("method", ""),
                    "amount": str(p.get("amount", "")),
                    "failed": bool(p.get("failed")),
                    "aml_record": bool(p.get("aml_record")),
                }
                for p in paid.parts
            ],
        )

    def on_signed(self, signed: Signed) -> None:
        self.data["review"]["signed_total"] = signed.total
        self.data["review"]["signed_hash"] = signed.schedule_hash
        if self.observer is not None:
            self._tell("signed", **self._registry_check())

    # -- headless walking (tests, scripts) ----------------------------------------------------
    def run_hook(self, name: str, services: FlowServices) -> None:
        for then in self.apply(name, self.hook_call(name, services)()):
            self.run_hook(then, services)

    def advance(self, services: FlowServices) -> Move:
        """Next, with its hooks run inline: what the window does, on one thread."""
        move = self.plan_next()
        if move.accept:
            self.run_hook(move.accept, services)
        self.arrive(move)
        for hook in move.enter:
            self.run_hook(hook, services)
        return move

    def retreat(self, services: FlowServices) -> Move:
        move = self.plan_back()
        self.arrive(move)
        for hook in move.enter:
            self.run_hook(hook, services)
        return move
