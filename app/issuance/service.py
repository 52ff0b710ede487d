"""Issuing a policy: check, quote, underwrite, sign, pay, bind — each step a transition through
the lifecycle, the whole headless run in ONE transaction (a refused request leaves nothing
behind). The wizard calls the same pieces step by step.

Bind (docs/regulations.md §8.2): the policy number is drawn offline, the cover note (暂保单)
rendered, and the outbox row for head office written in the same transaction as the policy."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.auth import to_current_user
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.core.changes import NOTHING, Changes
from app.core.errors import InvalidInput
from app.core.masking import mask_reference, mask_text
from app.core.money import ZERO, fmt_money
from app.core.problems import Problem, refusal, translate
from app.documents.policy_pdf import render_policy_pdf
from app.issuance.drafts import keep_draft
from app.issuance.formal import COVER_NOTE_KIND, policy_pdf_path, write_atomically
from app.issuance.lifecycle import Event, Lifecycle, State
from app.issuance.outlet import this_desk
from app.issuance.payments import (
    PaymentRules,
    PaymentService,
    cash_earlier_today,
    draft_paid,
    draft_payments,
    payment_state,
)
from app.issuance.policy_numbers import draw_number
from app.issuance.referrals import ReferralService, ReferralStatus
from app.issuance.registry_check import compare as compare_registry
from app.issuance.request import (
    PartyIn,
    PaymentIn,
    PolicyRequest,
    field_problems,
    parse_policy_request,
)
from app.issuance.schedule import build_schedule, canonical_hash, signed_schedule
from app.issuance.signing import (
    ScheduleChanged,
    Signature,
    check_signed,
    latest_signature,
    store_signature,
)
from app.rating import Quote, quote_and_underwrite
from app.rating.inception import StartWindow, check_start, default_start, start_window
from app.rating.installed import InstalledTables
from app.rating.regions import lookup_optional
from app.rating.table import RateTable
from app.underwriting import Decision
from app.underwriting.duplicates import cover_kinds, overlapping
from app.vehicle import check_vin
from app.work_items.queue import WorkItemKind, WorkItemQueue
from local_db.models import (
    Customer,
    Device,
    Document,
    Draft,
    OutboxItem,
    Outlet,
    Policy,
    User,
    Vehicle,
    WorkItem,
)
from local_db.store import Store
from local_db.types import utcnow

ACTIVE = (State.SIGNED, State.PAID, State.BOUND, State.CONFIRMED, State.ENDORSED)
# Built once (every quote the wizard asks for and every signature look for a duplicate): making
# the statement cost more than running it.
_ACTIVE_ON_VIN = (
    select(Policy)
    .join(Vehicle, Vehicle.id == Policy.vehicle_id)
    .where(Vehicle.vin == bindparam("vin"), Policy.state.in_([x.value for x in ACTIVE]))
)


@dataclass(frozen=True)
class Preview:
    quote: Quote  # with its underwriting decision
    fingerprint: str  # of the quote request: what a referral decision is for
    referral: ReferralStatus
    duplicate: InvalidInput | None = None  # the same cover already bought for these days
    quote_request: dict[str, Any] = field(
        default_factory=dict
    )  # what was priced (sent with a referral)
    # What the customer would sign now (app/issuance/schedule.py) and its hash; None while the
    # request still has a problem (an ID number that does not check, say).
    schedule: dict[str, Any] | None = None
    schedule_hash: str = ""
    plans: dict[str, Decimal] = field(default_factory=dict)  # each preset plan's total


@dataclass(frozen=True)
class DraftPayments:
    """A draft's payment parts as the store holds them, against the premium signed for."""

    total: Decimal
    paid: Decimal
    parts: list[dict[str, str]]
    changes: Changes = NOTHING

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.paid == self.total


def _quote_kinds(q: Quote) -> set[str]:
    return cover_kinds((["ctpl"] if q.ctpl else []) + [ln.code for ln in q.lines])


def _elsewhere(req: PolicyRequest, q: Quote) -> InvalidInput | None:
    """The same cover already bought for these days at another outlet (head office's look-up)."""
    prior = [p.model_dump() for p in req.prior_policies or []]
    found = overlapping(prior, q.start_date, q.end_date, _quote_kinds(q))
    if not found:
        return None
    p = found[0]
    what_zh = "交强险" if p["coverage"] == "ctpl" else "商业险"
    return InvalidInput(
        f"This vehicle already has {p['coverage']} cover ({p['policy_number']}, {p.get('insurer', '')}, outlet "
        f"{p.get('outlet_code', '')}) for {p['start']}–{p['end']}; the same cover cannot be bought twice for the same "
        "days. Start the new policy after it ends.",
        zh=f"该车在 {p.get('insurer', '')}（网点 {p.get('outlet_code', '')}）已有{what_zh}保单 {p['policy_number']}"
        f"（{p['start']} 至 {p['end']}），同一期间不能重复投保，请将起保日期设在原保单到期之后。",
    )


def _duplicate_error(dup: Policy) -> InvalidInput:
    return InvalidInput(
        f"This vehicle already has a policy ({dup.policy_number or dup.id}) for {dup.start_date}–{dup.end_date}; "
        "the same cover cannot be bought twice for the same days. Start the new policy after it ends.",
        zh=f"该车已有保单 {dup.policy_number or ''}（{dup.start_date} 至 {dup.end_date}），同一期间不能重复投保，"
        "请将起保日期设在原保单到期之后。",
    )


class _DuplicateBlock(Exception):
    """Raised inside a write transaction so it rolls back; the 待处理 item is opened after."""

    def __init__(self, error: InvalidInput) -> None:
        super().__init__(error.message)
        self.error = error


class _Unpaid(Exception):
    """A short payment: the transaction rolls back (nothing issued, nothing that blocks a retry)."""

    def __init__(self, result: IssueResult) -> None:
        super().__init__(result.state)
        self.result = result


@dataclass(frozen=True)
class _Priced:
    outlet: Outlet
    device: Device
    quote_request: dict[str, Any]
    quote: Quote  # with its underwriting decision
    schedule: dict[str, Any]  # what the customer signs (app.issuance.signing)
    table: RateTable

    @property
    def fingerprint(self) -> str:
        """Of what was priced: a referral decided for a draft holds for exactly this."""
        return canonical_hash(self.quote_request)

    @property
    def schedule_hash(self) -> str:
        return canonical_hash(self.schedule)


@dataclass
class IssueResult:
    policy_id: str | None  # None: nothing was stored (a short payment)
    state: str
    policy_number: str | None = None
    total: Decimal = ZERO
    pdf_path: Path | None = None
    underwriting: dict[str, Any] = field(default_factory=dict)
    outstanding: Decimal = ZERO
    message: str = ""  # what happens next, when nothing was issued
    message_zh: str = ""
    changes: Changes = NOTHING

    def to_json(self) -> dict[str, Any]:
        return {
            "policy_id": self.policy_id,
            "policy_number": self.policy_number,
            "state": self.state,
            "total": fmt_money(self.total),
            "outstanding": fmt_money(self.outstanding),
            "pdf": str(self.pdf_path) if self.pdf_path else None,
            "underwriting": self.underwriting,
            "message": self.message,
            "message_zh": self.message_zh,
        }


def rated_vehicle(req: PolicyRequest, qreq: dict[str, Any]) -> dict[str, Any]:
    """The vehicle's rating fields as priced, for the policy's upload (besides its identity)."""
    return {"vehicle_type": req.vehicle.vehicle_type, **qreq["vehicle"]}


def rating_content(qreq: dict[str, Any], q: Quote) -> dict[str, Any]:
    """The policy's own term, region, history, covers, coefficients and tax, as uploaded."""
    term = q.term
    return {
        "region": qreq["region"],
        "term": {
            "start_date": q.start_date.isoformat(),
            "end_date": q.end_date.isoformat(),
            "immediate": bool(term and term.immediate),
            "short_term_months": term.months if term and term.short else None,
        },
        "history": qreq.get("history") or {},
        "coverages": qreq["coverages"],
        "pricing": {
            "pricing_coefficient": qreq["pricing_coefficient"],
            "traffic_violation_coefficient": qreq.get("traffic_violation_coefficient"),
            "promotions": qreq.get("promotions") or [],
            "clauses": q.clauses.code if q.clauses else None,
        },
        "tax": qreq.get("tax"),
    }


def expand_plan(table: RateTable, plan: str, seats: int | None) -> list[dict[str, Any]]:
    if plan == "ctpl_only":  # the compulsory cover alone: needs no plan in the table
        return [{"code": "ctpl"}]
    out = []
    for c in table.plans[plan]:  # type: ignore[index]
        cov: dict[str, Any] = {"code": c.code}
        if c.limit is not None:
            cov["limit"] = str(c.limit)
        if c.seats == "all_passengers":
            if (seats or 0) <= 1:
                continue
            cov["seats"] = (seats or 1) - 1
        elif isinstance(c.seats, int):
            cov["seats"] = c.seats
        if c.rate is not None:
            cov["rate"] = str(c.rate)
        if c.attaches_to:
            cov["attaches_to"] = c.attaches_to
        out.append(cov)
    return out


def _party_block(c: Customer) -> dict[str, Any]:
    """A party as head office receives it (it is the insurer: it needs whom it insures)."""
    block: dict[str, Any] = {
        "kind": c.kind,
        "name": c.name,
        "id_type": c.id_type,
        "id_number": c.id_number,
    }
    for name in ("phone", "email", "address"):
        if getattr(c, name):
            block[name] = getattr(c, name)
    return block


class IssuanceService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        work_items: WorkItemQueue,
        home: Path,
        clock: Callable[[], datetime] = utcnow,
        referrals: ReferralService | None = None,
    ) -> None:
        self._store = store
        self._audit = audit
        self._work_items = work_items
        self._home = home
        self._clock = clock
        self._lifecycle = Lifecycle(audit)
        self._payments = PaymentService(audit, self._lifecycle, work_items)
        self.tables = InstalledTables(home)
        self.referrals = referrals

    # -- pieces -------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The moment of issue, in the desk's local time (what cover may start from)."""
        return self._clock().astimezone()

    def table_for(self, start: date) -> RateTable:
        """The one rate table a policy starting on `start` is priced with (the covers offered,
        the payment rules, the premium): the one in force on that date."""
        return self.tables.for_date(start)

    def catalogue_model(self, brand_model: str, start: date) -> dict[str, Any] | None:
        """What the rate table's model catalogue (车型库) says of a licence's 品牌型号: the new-car
        price, seats, displacement, fuel and vehicle type; None when it does not know the model."""
        from app.rating.catalogue import lookup_model

        found = lookup_model(brand_model, self.table_for(start))
        return None if found is None else found.model_dump(mode="json")

    def start_range(self) -> StartWindow:
        """(earliest, latest, immediate) start of a policy issued now at this desk: no
        back-dating, the outlet region's 即时生效, the table's lead time (app/rating/inception.py).
        The wizard's date pickers keep to it."""
        now = self.now()
        with self._store.read() as s:
            outlet, _ = self._outlet(s)
        return start_window(outlet.region_code, now, self.tables.for_date(now.date()))

    def traffic_violation_range(self, start: date) -> tuple[Decimal, Decimal] | None:
        """The outlet region's range for the traffic-violation coefficient in the table in force
        on `start`, or None where the region uses none (the wizard then offers no field)."""
        with self._store.read() as s:
            outlet, _ = self._outlet(s)
        band = lookup_optional(
            outlet.region_code, self.table_for(start).commercial.traffic_violation
        )
        return None if band is None else (band.min, band.max)

    def term_for(
        self, req: PolicyRequest, region: str, now: datetime
    ) -> tuple[RateTable, date, bool, list[Problem]]:
        """(table, start date, immediate, problems): a request without a start date starts at
        the earliest moment allowed (即时生效 where the region allows it, else 00:00 tomorrow);
        one that names a start before that, or beyond the renewal lead time, is refused
        (docs/regulations.md §8.6)."""
        if req.start_date is None:
            start, immediate = default_start(region, now, self.tables.for_date(now.date()))
            return self.tables.for_date(start), start, immediate, []
        table = self.table_for(req.start_date)
        immediate, problems = check_start(req.start_date, region, now, table)
        return table, req.start_date, immediate, problems

    def quote_request(
        self,
        req: PolicyRequest,
        table: RateTable,
        region: str,
        start: date | None = None,
        immediate: bool = False,
        issue_date: date | None = None,
    ) -> dict[str, Any]:
        """What the engine prices for this request: every rating field of the vehicle, the
        history, the term, the covers, the coefficients and the tax arrears (collected on
        `issue_date`, the day of issue)."""
        v = req.vehicle
        coverages = (
            req.coverages
            if req.coverages is not None
            else expand_plan(table, req.plan or "standard", v.seats)
        )
        vehicle: dict[str, Any] = {
            "class": v.vehicle_class,
            "seats": v.seats,
            "first_registration": v.first_registration.isoformat(),
            "purchase_price": str(v.purchase_price),
            "fuel": v.fuel,
            "usage": v.usage,
            "energy_saving": v.energy_saving,
        }
        for name in ("tonnage", "curb_weight_t", "cc", "displacement_l", "purchase_date"):
            value = getattr(v, name)
            if value is not None:
                vehicle[name] = str(value)
        for flag in ("trailer", "mini_truck"):
            if getattr(v, flag):
                vehicle[flag] = True
        start = start or req.start_date or (issue_date or date.today())
        out: dict[str, Any] = {"start_date": start.isoformat()}
        if immediate:
            out["immediate"] = True
        if req.end_date is not None:
            out["end_date"] = req.end_date.isoformat()
        if req.short_term_months is not None:
            out["short_term_months"] = req.short_term_months
        out |= {
            "region": region,
            "vehicle": vehicle,
            "history": req.history,
            "coverages": coverages,
            "pricing_coefficient": str(req.pricing_coefficient),
            "promotions": req.promotions,
        }
        if req.clauses is not None:
            out["clauses"] = req.clauses
        if req.traffic_violation_coefficient is not None:
            out["traffic_violation_coefficient"] = str(req.traffic_violation_coefficient)
        if req.tax:
            tax = dict(req.tax)
            if tax.get("arrears") and issue_date is not None:
                # The tax is collected with the CTPL, on the day of issue: late fees run to it.
                tax.setdefault("paid_on", issue_date.isoformat())
            out["tax"] = tax
        return out

    def _outlet(self, s: Session) -> tuple[Outlet, Device]:
        return this_desk(s)

    @staticmethod
    def _open_draft(s: Session, draft_id: str | None) -> None:
        """A request naming a draft must name an open one: anything else is refused here, with
        the reason, before a row that points at it is written."""
        if not draft_id:
            return
        draft = s.get(Draft, draft_id)
        if draft is None:
            raise InvalidInput(
                "The request names a draft this desk does not have (draft_id); leave draft_id out, "
                "or resume the draft in the window.",
                zh="请求中的草稿（draft_id）在本机不存在：请去掉 draft_id，或在窗口中继续该草稿。",
            )
        if draft.status != "open":
            raise InvalidInput(
                "This draft was already issued or abandoned.", zh="该草稿已出单或已放弃。"
            )

    def _customer(self, s: Session, p: PartyIn, values: dict[str, str], role: str) -> Customer:
        number = values[f"{role}.id_number"]
        c = s.execute(select(Customer).where(Customer.id_number == number)).scalars().first()
        if c is None:
            c = Customer(
                kind=p.kind, name=values[f"{role}.name"], id_type=p.id_type, id_number=number
            )
            s.add(c)
        c.name = values[f"{role}.name"]
        c.phone = values.get(f"{role}.phone", c.phone)
        c.email = values.get(f"{role}.email", c.email)
        c.address = p.address or c.address
        s.flush()
        return c

    def _has_draft_payments(self, draft_id: str | None) -> bool:
        if not draft_id:
            return False
        with self._store.read() as s:
            return bool(draft_payments(s, draft_id))

    def record_draft_payment(
        self, actor: CurrentUser, data: dict[str, Any], part: dict[str, Any]
    ) -> DraftPayments:
        """One payment part, recorded the moment it is taken in the wizard (见费出单: the money is
        on record before the policy exists). `data` is the wizard's request (its draft, the
        policyholder and the schedule the customer signed); returns the draft's parts and what is
        still due. Refused (ScheduleChanged) when the schedule is no longer the one the customer
        signed."""
        require(actor, Permission.ISSUE_POLICY)
        req = parse_policy_request(data)
        if not req.draft_id:
            raise InvalidInput("Save the draft before taking payment.", zh="请先保存草稿再收费。")
        values, problems = self._fields(req)
        try:
            pay = PaymentIn.model_validate(part)
        except ValidationError as exc:
            raise refusal(
                [translate(e) for e in exc.errors()], what_en="The payment", what_zh="缴费信息"
            ) from exc
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            self._open_draft(s, req.draft_id)
            priced = self._priced(s, req, values, problems)
            table = priced.table
            check_signed(latest_signature(s, req.draft_id), priced.schedule)
            total = priced.quote.total
            outstanding = total - draft_paid(s, req.draft_id)
            amount = outstanding if pay.amount == "rest" else pay.amount
            self._payments.record_for_draft(
                s,
                actor,
                req.draft_id,
                total=total,
                holder_name=values["policyholder.name"],
                method=pay.method,
                amount=amount,
                payer_name=pay.payer_name or "",
                reference=pay.reference,
                succeeded=pay.failed is None,
                failure_reason=pay.failed or "",
                aml_record=pay.aml_record,
                rules=PaymentRules(
                    table.payment.real_name_required, table.payment.aml_cash_threshold
                ),
                holder_id_number=values["policyholder.id_number"],
            )
        return self.draft_payment_state(
            req.draft_id,
            total,
            Changes(drafts=True, work_items=pay.failed is not None),
        )

    def draft_payment_state(
        self, draft_id: str, total: Decimal | None = None, changes: Changes = NOTHING
    ) -> DraftPayments:
        """What the draft's parts add up to against the premium the customer signed for (见费出单:
        issuing waits until they are complete). `total` None: the signed premium."""
        with self._store.read() as s:
            if total is None:
                signature = latest_signature(s, draft_id)
                total = Decimal(signature.total) if signature is not None else ZERO
            return DraftPayments(total, draft_paid(s, draft_id), self._parts(s, draft_id), changes)

    def cash_paid_today(self, draft_id: str | None, holder_id_number: str) -> Decimal:
        """Cash the policyholder already paid at this desk today (China time), this draft's
        parts included: what the large-value record counts (docs/regulations.md §10.2)."""
        with self._store.read() as s:
            return cash_earlier_today(s, id_number=holder_id_number or None, draft_id=draft_id)

    def payment_rules(self, start: date) -> PaymentRules:
        """实名缴费 and the large-cash threshold of the table in force on the start date."""
        table = self.table_for(start)
        return PaymentRules(table.payment.real_name_required, table.payment.aml_cash_threshold)

    def sign(
        self,
        actor: CurrentUser,
        data: dict[str, Any],
        draft_data: dict[str, Any] | None = None,
        signed_over: str | None = None,
    ) -> Signature:
        """The customer signs the schedule the wizard shows: its hash and the time are stored with
        the draft, and taking money or issuing later refuses any other schedule. Only an issuable
        schedule is signed (underwriting passed or a supervisor approved exactly this quote, no
        duplicate insurance). `draft_data`, the wizard's draft as it stands, is saved in the same
        write (the draft then holds the strokes the signature was stored with; one write instead
        of two on the step the clerk waits for). `signed_over`: the hash of the schedule the
        customer signed away from the desk (on their phone, docs/phone.md); the signature is
        stored only if the schedule as it stands now is exactly that one."""
        require(actor, Permission.ISSUE_POLICY)
        req = parse_policy_request(data)
        if not req.draft_id:
            raise InvalidInput(
                "Save the draft before the customer signs.", zh="请先保存草稿再签名。"
            )
        values, problems = self._fields(req)
        if not req.checklist_confirmed:
            raise InvalidInput(
                "Tick every item of the review checklist with the customer before they sign.",
                zh="签名前须与客户逐项完成复核清单。",
            )
        if not req.signature:
            raise InvalidInput("The customer must sign on the pad.", zh="请客户在签名板上签名。")
        try:
            with self._store.write() as s:
                require_standing(s, actor, Permission.ISSUE_POLICY)
                self._open_draft(s, req.draft_id)
                if draft_data is not None:
                    draft = s.get(Draft, req.draft_id)
                    assert draft is not None  # _open_draft refused anything else
                    keep_draft(s, actor, req.draft_id, draft.step, draft_data, self._clock())
                priced = self._priced(s, req, values, problems)
                decision = priced.quote.decision
                self._refuse_declined(decision)
                if decision.outcome == "refer":
                    if (
                        self.referrals is None
                        or self.referrals.approver(s, req.draft_id, priced.fingerprint) is None
                    ):
                        st = (
                            self.referrals.status_in(s, req.draft_id, priced.fingerprint)
                            if self.referrals
                            else None
                        )
                        if st is not None and st.status == "declined":
                            raise InvalidInput(
                                f"A supervisor declined this policy: {st.note}. Nothing was issued.",
                                zh=f"主管已拒绝承保：{st.note}。未出单。",
                            )
                        raise InvalidInput(
                            "Underwriting refers this quote: a supervisor must approve it before the customer signs.",
                            zh="该报价需人工核保：须经主管审批后客户方可签名。",
                        )
                self._refuse_duplicate(s, req, priced)
                if signed_over is not None and canonical_hash(priced.schedule) != signed_over:
                    raise ScheduleChanged(
                        "The schedule changed after the customer signed it on their phone: "
                        "send it to the phone again for a new signature.",
                        zh="客户在手机上签名后报价单已变更：请重新发送到客户手机签名。",
                    )
                signature = store_signature(
                    s, req.draft_id, req.signature, priced.schedule, self._clock()
                )
                self._audit.record(
                    s,
                    actor.audit_name,
                    "draft.sign",
                    "draft",
                    req.draft_id,
                    f"schedule {signature.schedule_hash[:12]}, total {fmt_money(priced.quote.total)}",
                )
                return signature
        except _DuplicateBlock as block:
            self._note_duplicate(actor, req.draft_id, block.error)
            raise block.error from None

    def draft_payments(self, draft_id: str) -> list[dict[str, str]]:
        """The parts recorded for a draft, as the wizard lists them (references masked)."""
        with self._store.read() as s:
            return self._parts(s, draft_id)

    @staticmethod
    def _parts(s: Session, draft_id: str) -> list[dict[str, str]]:
        return [
            {
                "method": p.method,
                "amount": fmt_money(p.amount),
                "reference": mask_reference(p.reference) if p.reference else "",
                **({"failed": p.failure_reason or "declined"} if p.status == "failed" else {}),
                # that the large-value record was made (its content stays in the store)
                **({"aml_record": "made"} if (p.extra or {}).get("aml") else {}),
            }
            for p in draft_payments(s, draft_id)
        ]

    @staticmethod
    def _queued_answer(s: Session, key: str | None) -> dict[str, Any] | None:
        """Head office's answer to a look-up queued while offline, once the sync has it."""
        if not key:
            return None
        row = s.execute(
            select(OutboxItem).where(OutboxItem.idempotency_key == key, OutboxItem.kind == "lookup")
        ).scalar_one_or_none()
        return (
            (row.payload or {}).get("answer") if row is not None and row.status == "acked" else None
        )

    def _duplicate(self, s: Session, vin: str, q: Quote) -> Policy | None:
        """An active policy on this VIN in this store with the same kind of cover for any of the
        same days (app/underwriting/duplicates.py; head office's look-up covers other outlets)."""
        rows = s.execute(_ACTIVE_ON_VIN, {"vin": vin}).scalars()
        kinds = _quote_kinds(q)
        for p in rows:
            if not (p.start_date and p.end_date):
                continue
            request = (p.quote or {}).get("request") or {}
            held = [
                {"coverage": kind, "start": p.start_date.isoformat(), "end": p.end_date.isoformat()}
                for kind in cover_kinds(c.get("code") for c in request.get("coverages") or [])
            ]
            if overlapping(held, q.start_date, q.end_date, kinds):
                return p
        return None

    def _fields(self, req: PolicyRequest) -> tuple[dict[str, str], list[Problem]]:
        return field_problems(req, self.now().date())

    def _quoted(
        self, req: PolicyRequest, region: str, problems: list[Problem]
    ) -> tuple[RateTable, dict[str, Any], Quote]:
        """The request's term checked and its quote, or ONE refusal listing every problem: the
        fields', the start date's and the quote's."""
        now = self.now()
        table, start, immediate, start_problems = self.term_for(req, region, now)
        qreq = self.quote_request(req, table, region, start, immediate, now.date())
        problems = [*problems, *start_problems]
        paid_on = (req.tax or {}).get("paid_on")
        if (
            paid_on is not None
            and (req.tax or {}).get("arrears")
            and paid_on != now.date().isoformat()
        ):
            problems.append(
                Problem(
                    "tax.paid_on",
                    f"the tax is collected with the CTPL on the day of issue ({now.date()}), not {paid_on}; leave it out",
                    f"车船税随交强险在出单当日（{now.date()}）代收，不能填写 {paid_on}，请删除该项",
                )
            )
        try:
            q = quote_and_underwrite(qreq, table)
        except InvalidInput as exc:
            raise refusal(
                problems + (exc.problems or [Problem("", exc.message, exc.zh)]),
                what_en="The request",
                what_zh="投保请求",
            ) from None
        if problems:
            raise refusal(problems, what_en="The request", what_zh="投保请求")
        return table, qreq, q

    def _priced(
        self,
        s: Session,
        req: PolicyRequest,
        values: dict[str, str],
        problems: list[Problem] | None = None,
    ) -> _Priced:
        outlet, device = self._outlet(s)
        table, qreq, q = self._quoted(req, outlet.region_code, problems or [])
        return _Priced(
            outlet, device, qreq, q, signed_schedule(req, values, qreq, q, table.version), table
        )

    @staticmethod
    def _refuse_declined(decision: Decision) -> None:
        """Underwriting declines commercial cover only (CTPL is never refused): the refusal says
        so, and that the CTPL can be issued alone (plan ctpl_only, or the covers without the
        commercial ones)."""
        if decision.outcome == "decline":
            reasons = "; ".join(f.message_en.rstrip(".") for f in decision.fired)
            reasons_zh = "；".join(f.message_zh.rstrip("。") for f in decision.fired)
            alone_en = (
                " CTPL may not be refused: send the request again with plan ctpl_only (or without "
                "the commercial covers) to issue it alone, with its statutory float and surcharges."
                if decision.ctpl_alone
                else ""
            )
            alone_zh = (
                "交强险不得拒保：改用 ctpl_only 方案（或去掉商业险）重新提交，即可单独投保交强险（含法定浮动和上浮）。"
                if decision.ctpl_alone
                else ""
            )
            raise InvalidInput(
                f"Underwriting declines the commercial cover: {reasons}. Nothing was issued.{alone_en}",
                zh=f"核保拒绝承保商业险：{reasons_zh}。未出单。{alone_zh}",
            )

    def _refuse_duplicate(self, s: Session, req: PolicyRequest, priced: _Priced) -> None:
        q = priced.quote
        dup = self._duplicate(s, priced.schedule["vehicle"]["vin"], q)
        error = _duplicate_error(dup) if dup is not None else _elsewhere(req, q)
        if error is not None:
            raise _DuplicateBlock(error)

    def note_duplicate(self, actor: CurrentUser, draft_id: str, error: InvalidInput) -> Changes:
        """The wizard's preview found the cover bought already: the block waits on a person
        (待处理), once per open draft. A write, so the window runs it on its write lane."""
        require(actor, Permission.ISSUE_POLICY)
        return self._note_duplicate(actor, draft_id, error)

    def _note_duplicate(
        self, actor: CurrentUser | None, draft_id: str | None, error: InvalidInput
    ) -> Changes:
        """A duplicate-insurance block waits on a person (待处理): once per draft while it is open,
        or once per reason for a headless request. `actor` None: the draft's clerk found it."""
        reason = error.zh
        open_items = select(WorkItem.id).where(
            WorkItem.kind == WorkItemKind.DUPLICATE_INSURANCE.value, WorkItem.status == "open"
        )
        open_items = (
            open_items.where(WorkItem.draft_id == draft_id)
            if draft_id
            else open_items.where(WorkItem.draft_id.is_(None), WorkItem.reason == mask_text(reason))
        )
        with (
            self._store.read() as s
        ):  # the wizard re-quotes often: the writer is taken only to open it
            if s.execute(open_items.limit(1)).first() is not None:
                return Changes()
        with self._store.write() as s:
            if s.execute(open_items.limit(1)).first() is not None:
                return Changes()
            if actor is None:
                draft = s.get(Draft, draft_id) if draft_id else None
                user = s.get(User, draft.created_by) if draft is not None else None
                if user is None:
                    return Changes()
                actor = to_current_user(user)
            self._work_items.open_item(
                s,
                actor,
                WorkItemKind.DUPLICATE_INSURANCE,
                reason,
                draft_id=draft_id,
                reason_en=error.message,
            )
        return Changes(work_items=True)

    def preview(self, data: dict[str, Any], *, plans: bool = False) -> Preview:
        """The quote and underwriting decision for what the wizard holds now, where a referral
        of exactly this quote stands, and the schedule the customer would sign. Reads only (the
        window runs it on its pool): a duplicate found here is noted by `note_duplicate`.
        `plans`: also each preset plan's total, for the customer to compare."""
        req = parse_policy_request(data)
        with self._store.read() as s:
            outlet, _ = self._outlet(s)
            table, qreq, q = self._quoted(req, outlet.region_code, [])
            fingerprint = canonical_hash(qreq)
            referral = (
                self.referrals.status_in(s, req.draft_id, fingerprint)
                if self.referrals is not None
                else ReferralStatus("none")
            )
            vin = check_vin(req.vehicle.vin)
            dup = self._duplicate(s, vin.value, q) if vin.valid else None
        duplicate = _duplicate_error(dup) if dup is not None else _elsewhere(req, q)
        schedule = None
        values, problems = self._fields(req)
        if not problems:  # else not signable yet: the wizard's own checks say what is missing
            schedule = signed_schedule(req, values, qreq, q, table.version)
        totals: dict[str, Decimal] = {}
        if plans:
            for name in ("ctpl_only", "basic", "standard", "full"):
                if name != "ctpl_only" and name not in table.plans:
                    continue
                plan_req = {**qreq, "coverages": expand_plan(table, name, req.vehicle.seats)}
                try:
                    totals[name] = quote_and_underwrite(plan_req, table).total
                except InvalidInput:
                    continue  # a plan this vehicle cannot have is not offered
        return Preview(
            q,
            fingerprint,
            referral,
            duplicate,
            qreq,
            schedule,
            canonical_hash(schedule) if schedule is not None else "",
            totals,
        )

    # -- the headless run ---------------------------------------------------------------------
    def issue(self, actor: CurrentUser, data: dict[str, Any]) -> IssueResult:
        """Issue in one transaction. From the wizard (`draft_id`), the schedule must be the one
        the customer signed (`sign`) and the parts are those recorded for the draft; headless,
        the request is what the customer signed and its `payments` are taken here. A short
        payment stores nothing (state "unpaid"); a referral stores the policy as referred, and
        the same request run again after a supervisor's decision carries on from there."""
        require(actor, Permission.ISSUE_POLICY)
        req = parse_policy_request(data)
        values, problems = self._fields(req)
        if not req.payments and not self._has_draft_payments(req.draft_id):
            raise InvalidInput(
                "Enter the payment: no policy is issued before the premium is paid (见费出单).",
                zh="请录入缴费信息：未缴费不能出单（见费出单）。",
            )
        if not req.checklist_confirmed:
            raise InvalidInput(
                "The review checklist must be confirmed before signing.",
                zh="签名前须完成复核清单。",
            )
        with self._store.read() as s:  # before a duplicate block could be noted against it
            self._open_draft(s, req.draft_id)
        try:
            result, pdf_bytes = self._issue(actor, req, values, problems)
        except _DuplicateBlock as block:
            self._note_duplicate(actor, req.draft_id, block.error)
            raise block.error from None
        except _Unpaid as unpaid:
            return unpaid.result
        if pdf_bytes is not None:
            # The file is written once the policy is stored: a failed transaction leaves no orphan PDF.
            path = policy_pdf_path(self._home, result.policy_number or "", COVER_NOTE_KIND)
            write_atomically(path, pdf_bytes)
            result.pdf_path = path
        return result

    def _new_policy(
        self,
        s: Session,
        actor: CurrentUser,
        req: PolicyRequest,
        values: dict[str, str],
        priced: _Priced,
        table: RateTable,
    ) -> Policy:
        """The parties, the vehicle and the policy row (quoted), with the registry's flag."""
        q = priced.quote
        holder = self._customer(s, req.policyholder, values, "policyholder")
        insured = self._customer(s, req.insured, values, "insured") if req.insured else holder
        owner = self._customer(s, req.owner, values, "owner") if req.owner else insured
        v = req.vehicle
        vehicle = Vehicle(
            vin=values["vehicle.vin"],
            plate=values.get("vehicle.plate"),
            engine_number=values["vehicle.engine_number"],
            brand_model=v.brand_model,
            vehicle_type=v.vehicle_type,
            vehicle_class=v.vehicle_class,
            usage_code=values["vehicle.usage"],
            seats=v.seats,
            first_registration=v.first_registration,
            owner_id=owner.id,
        )
        s.add(vehicle)
        s.flush()
        policy = Policy(
            id=str(uuid.uuid4()),
            state=State.DRAFT.value,
            policyholder_id=holder.id,
            draft_id=req.draft_id,
            insured_id=insured.id,
            vehicle_id=vehicle.id,
            start_date=q.start_date,
            end_date=q.end_date,
            rate_table_version=table.version,
            premium_ctpl=q.ctpl.premium if q.ctpl else ZERO,
            premium_commercial=q.commercial_total,
            vehicle_tax=q.vehicle_tax.total if q.vehicle_tax else ZERO,
            premium_total=q.total,
            quote={
                "request": priced.quote_request,
                "quote": q.to_json(),
                # who insures, as the schedule prints it (the table's, at the time of pricing)
                "insurer": table.insurer.model_dump(mode="json") if table.insurer else None,
                "issuer": table.issuer,
                # What the customer signed is kept whole: the cover note and the formal policy
                # print exactly it (app/issuance/schedule.py).
                "schedule": priced.schedule,
            },
            created_by=actor.user_id or None,
            flags=[],
        )
        if not values.get("vehicle.plate"):
            policy.flags = ["no_plate_yet"]
        s.add(policy)
        s.flush()
        self._audit.record(
            s,
            actor.audit_name,
            "consent.given",
            "customer",
            holder.id,
            f"personal information processing, text {req.consent.text_version}",
        )
        self._lifecycle.apply(s, policy, Event.QUOTE, actor, f"total {fmt_money(q.total)}")
        # The registry look-up, or its absence offline, decides the policy's flag
        # (docs/regulations.md §8.2).
        registry = compare_registry(
            {"brand_model": v.brand_model, "usage": values["vehicle.usage"]},
            req.registry_answer or self._queued_answer(s, req.registry_key),
        )
        if registry.status == "pending" and not table.lookups.issue_while_pending:
            raise InvalidInput(
                "The registry has not answered yet and this insurer does not bind without it: sync now "
                "(同步 → 立即同步) and try again, or keep the draft and issue later.",
                zh="车辆登记信息尚未返回，本公司规定须查询后方可出单：请立即同步后重试，或保留草稿稍后出单。",
            )
        if registry.flag:
            policy.flags = [*(policy.flags or []), registry.flag]
        if registry.status in ("mismatch", "not_found"):
            self._work_items.open_item(
                s,
                actor,
                WorkItemKind.REGISTRY_MISMATCH,
                "；".join(registry.differences_zh) + "（请核对行驶证原件）",
                policy_id=policy.id,
                reason_en="; ".join(registry.differences_en) + " (check the licence itself)",
            )
        if (
            req.draft_id
        ):  # the scans (ID card, licence photo) and the signature stay with the policy
            s.execute(
                update(Document)
                .where(Document.draft_id == req.draft_id, Document.policy_id.is_(None))
                .values(policy_id=policy.id)
            )
        return policy

    def _issue(
        self,
        actor: CurrentUser,
        req: PolicyRequest,
        values: dict[str, str],
        problems: list[Problem],
    ) -> tuple[IssueResult, bytes | None]:
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            self._open_draft(s, req.draft_id)
            priced = self._priced(s, req, values, problems)
            q, qreq, table = priced.quote, priced.quote_request, priced.table
            decision = q.decision
            self._refuse_declined(decision)
            self._refuse_duplicate(s, req, priced)
            # The wizard's way (parts taken on the draft) needs the draft's signature, and any signature
            # stored must be of this schedule; a request bringing its own payments and no stored
            # signature is signed by the request itself, as headless.
            recorded = latest_signature(s, req.draft_id) if req.draft_id else None
            signature = (
                check_signed(recorded, priced.schedule)
                if req.draft_id and (recorded is not None or not req.payments)
                else None
            )
            # Headless, a referral is held by the schedule's hash: the same request run again finds it.
            held = (
                self.referrals.held_for(s, priced.schedule_hash)
                if decision.outcome == "refer" and not req.draft_id and self.referrals is not None
                else None
            )
            if held is not None and held.status.status == "pending":
                return IssueResult(
                    held.policy.id,
                    State.REFERRED.value,
                    None,
                    q.total,
                    None,
                    decision.to_json(),
                    q.total,
                    "Still waiting for a supervisor's decision (待处理).",
                    "仍在等待主管核保（待处理）。",
                ), None
            if held is not None and held.status.status == "declined":
                raise InvalidInput(
                    f"A supervisor declined this policy: {held.status.note}. Nothing was issued.",
                    zh=f"主管已拒绝承保：{held.status.note}。未出单。",
                )
            if held is not None:
                policy = held.policy  # approved: the referred row moves on from here
            else:
                policy = self._new_policy(s, actor, req, values, priced, table)
                if decision.outcome == "refer":
                    policy = self._refer(s, actor, req, priced, policy)
                    if State(policy.state) == State.REFERRED:
                        return IssueResult(
                            policy.id,
                            State.REFERRED.value,
                            None,
                            q.total,
                            None,
                            decision.to_json(),
                            q.total,
                            "Waiting for a supervisor's decision (待处理); run the same request "
                            "again once it is approved.",
                            "等待主管核保（待处理）；审批通过后再次提交同一请求即可出单。",
                            Changes(policies=True, work_items=True),
                        ), None
            holder = s.get(Customer, policy.policyholder_id)
            assert holder is not None  # a foreign key
            if signature is not None:
                policy.schedule_hash, policy.signed_at = (
                    signature.schedule_hash,
                    signature.signed_at,
                )
            else:  # headless: the request is what the customer signed, now
                policy.schedule_hash, policy.signed_at = priced.schedule_hash, self._clock()
                if req.signature:
                    s.add(
                        Document(
                            kind="signature",
                            policy_id=policy.id,
                            customer_id=holder.id,
                            mime_type="application/json",
                            content=json.dumps(req.signature).encode(),
                        )
                    )
            self._lifecycle.apply(
                s, policy, Event.SIGN, actor, f"schedule {policy.schedule_hash[:12]}"
            )
            self._take_payments(s, actor, req, policy, holder, table)
            if State(policy.state) != State.PAID:
                state = payment_state(policy)
                due = fmt_money(state.outstanding)
                if req.draft_id:
                    # From the wizard: the parts stay with the draft (this transaction rolls back).
                    raise InvalidInput(
                        f"{due} is still due: take the rest before issuing (见费出单).",
                        zh=f"尚欠 {due} 元：收齐保费后才能出单（见费出单）。",
                    )
                raise _Unpaid(
                    IssueResult(
                        None,
                        "unpaid",
                        None,
                        q.total,
                        None,
                        decision.to_json(),
                        state.outstanding,
                        f"Not issued: {fmt_money(state.paid)} of {fmt_money(state.total)} paid, {due} still due. Nothing was "
                        "stored; send the request again with payments that add up to the premium (见费出单).",
                        f"未出单：已缴 {fmt_money(state.paid)} 元，保费 {fmt_money(state.total)} 元，尚欠 {due} 元。未保存任何记录，"
                        "请补足缴费后重新提交（见费出单）。",
                    )
                )
            outlet, device = priced.outlet, priced.device
            number = draw_number(
                s, outlet.code, device.device_number, self._clock().astimezone().date()
            )
            policy.policy_number = number
            policy.bound_at = self._clock()
            self._lifecycle.apply(s, policy, Event.BIND, actor, number)
            if req.draft_id:  # paid in full by now (见费出单): the draft's items follow it
                self._work_items.draft_issued(s, actor, req.draft_id, policy)
            pdf_bytes = render_policy_pdf(build_schedule(s, policy, COVER_NOTE_KIND, self.tables))
            s.add(
                Document(
                    kind=COVER_NOTE_KIND,
                    policy_id=policy.id,
                    mime_type="application/pdf",
                    filename=policy_pdf_path(self._home, number, COVER_NOTE_KIND).name,
                    content=pdf_bytes,
                )
            )
            vehicle = s.get(Vehicle, policy.vehicle_id)
            assert vehicle is not None  # a foreign key
            insured = s.get(Customer, policy.insured_id) if policy.insured_id else None
            owner = s.get(Customer, vehicle.owner_id) if vehicle.owner_id else None
            qj = q.to_json()
            content = {
                "policy_id": policy.id,
                "policy_number": number,
                "outlet": outlet.code,
                "device": device.device_number,
                "rate_table_version": table.version,
                "quote_request": qreq,
                "premium": {
                    "ctpl": qj["ctpl"]["premium"] if qj["ctpl"] else "0.00",
                    "commercial": qj["commercial"]["total"],
                    "tax": fmt_money(policy.vehicle_tax or ZERO),
                    "total": qj["total"],
                },
                "schedule_hash": policy.schedule_hash,
                "bound_at": policy.bound_at.isoformat(),
                # Head office is the insurer: it records and prices what the policy insures (the
                # vehicle with every rating fact, the covers, the period, the parties), not the
                # quote request; the VIN and period answer other outlets' duplicate-insurance
                # look-ups.
                "period": [q.start_date.isoformat(), q.end_date.isoformat()],
                "vehicle": {
                    "vin": vehicle.vin,
                    "plate": vehicle.plate,
                    "engine_number": vehicle.engine_number,
                    "brand_model": vehicle.brand_model,
                    "usage": vehicle.usage_code,
                    **rated_vehicle(req, qreq),
                },
                "covers": qreq["coverages"],
                "customer": _party_block(holder),
                # What the premium rests on, field by field (sync/protocol.py, PolicyContent):
                # head office rebuilds the quote request from the policy's own data.
                **rating_content(qreq, q),
            }
            if insured is not None and insured.id != holder.id:
                content["insured"] = _party_block(insured)
            if owner is not None and owner.id != (insured or holder).id:
                content["owner"] = _party_block(owner)
            s.add(
                OutboxItem(
                    kind="policy",
                    idempotency_key=policy.id,
                    policy_id=policy.id,
                    payload={**content, "content_hash": canonical_hash(content)},
                )
            )
            draft = s.get(Draft, req.draft_id) if req.draft_id else None
            if draft is not None:
                draft.status = "issued"  # with the policy, in one transaction
            return IssueResult(
                policy.id,
                State.BOUND.value,
                number,
                q.total,
                None,
                decision.to_json(),
                ZERO,
                changes=Changes(policies=True, drafts=True, outbox=True, work_items=True),
            ), pdf_bytes

    def _refer(
        self, s: Session, actor: CurrentUser, req: PolicyRequest, priced: _Priced, policy: Policy
    ) -> Policy:
        """Underwriting refers: approved already for this draft's quote (at the desk or by head
        office), or the policy waits as referred with a 待处理 item saying what was priced."""
        decision = priced.quote.decision
        self._lifecycle.apply(
            s, policy, Event.REFER, actor, "; ".join(f.code for f in decision.fired)
        )
        if req.draft_id:
            approver = (
                self.referrals.approver(s, req.draft_id, priced.fingerprint)
                if self.referrals
                else None
            )
            if approver is None:
                raise InvalidInput(
                    "Underwriting refers this quote and no supervisor has approved it: ask a supervisor (主管审批) "
                    "before the customer signs. Nothing was issued.",
                    zh="该报价需人工核保且尚未获主管批准：请先由主管审批，再请客户签名。未出单。",
                )
            self._lifecycle.apply(
                s,
                policy,
                Event.APPROVE,
                approver,
                f"decided at the outlet for draft {req.draft_id}",
            )
            return policy
        reasons = "；".join(f.message_zh for f in decision.fired)
        reasons_en = "; ".join(f.message_en for f in decision.fired)
        if self.referrals is not None:
            self.referrals.hold(s, actor, policy.id, priced.schedule_hash, reasons, reasons_en)
        else:
            self._work_items.open_item(
                s, actor, WorkItemKind.REFERRAL, reasons, policy_id=policy.id, reason_en=reasons_en
            )
        return policy

    def _take_payments(
        self,
        s: Session,
        actor: CurrentUser,
        req: PolicyRequest,
        policy: Policy,
        holder: Customer,
        table: RateTable,
    ) -> None:
        rules = PaymentRules(table.payment.real_name_required, table.payment.aml_cash_threshold)
        if req.draft_id:  # parts recorded as they were taken belong to this policy now
            for taken in draft_payments(s, req.draft_id):
                taken.policy_id = policy.id
            s.flush()
            s.expire(policy, ["payments"])
            state = payment_state(policy)
            if state.paid > state.total:
                raise InvalidInput(
                    f"More was taken ({fmt_money(state.paid)}) than this policy costs ({fmt_money(state.total)}); "
                    "refund the difference or go back to the schedule the customer paid for.",
                    zh=f"已收金额 {fmt_money(state.paid)} 超过保费 {fmt_money(state.total)}，请退还差额或恢复客户已缴费的投保方案。",
                )
            if state.complete:
                self._lifecycle.apply(
                    s, policy, Event.PAY, actor, f"paid in full {fmt_money(state.total)}"
                )
        for part in req.payments:
            if State(policy.state) != State.SIGNED:
                break
            outstanding = payment_state(policy).outstanding
            amount = outstanding if part.amount == "rest" else part.amount
            if amount <= 0:
                break
            self._payments.record(
                s,
                actor,
                policy,
                method=part.method,
                amount=amount,
                payer_name=part.payer_name or holder.name,
                reference=part.reference,
                succeeded=part.failed is None,
                failure_reason=part.failed or "",
                aml_record=part.aml_record,
                rules=rules,
            )


__all__ = ["IssuanceService", "IssueResult", "canonical_hash", "expand_plan"]
