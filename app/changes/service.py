"""Endorsements (批改), cancellations (退保) and reprints (补打) at the desk (docs/changes.md).

A change is a transaction on the policy version it was made on: opened, priced against that
version (app.changes.pricing), approved by a supervisor when the table's authority or
underwriting asks for one, signed by the customer when cover or premium changes, paid (an
increase, 见费出单) or refunded (a decrease, to the policyholder's own account), then bound: its
批单号 is drawn offline, the new version is in force provisionally, and the outbox row for head
office is written in the same transaction. Head office's answer (sync) confirms or rejects it.

One open change per policy at a time. The window calls the steps one by one, each its own
transaction; `endorse` and `cancel` (the command line) run them all in one transaction, so a
refused request leaves nothing behind."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.auth import AuthService
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.changes.content import apply_change
from app.changes.edits import endorsement_edits, entry
from app.changes.kinds import (
    CTPL_REASONS,
    DOCUMENTS,
    REASON_NAMES,
    REQUIRED_DOCUMENTS,
    RULES,
    Kind,
    Reason,
    Scope,
)
from app.changes.lifecycle import (
    EDITABLE,
    OPEN,
    ChangeEvent,
    ChangeLifecycle,
    ChangeState,
    RefundState,
)
from app.changes.numbers import draw_change_number
from app.changes.pricing import (
    Priced,
    Terms,
    paid_by_line,
    price_cancellation,
    price_endorsement,
)
from app.changes.request import (
    CancelRequest,
    RefundTo,
    ReprintChange,
    parse_cancel,
    parse_change,
)
from app.changes.versions import (
    PROVISIONAL,
    current,
    put_in_force,
    terms_of,
    versions,
)
from app.changes.views import REPRINT_KIND, ChangeView, masked_changed, policy_history
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.core.json_paths import validation_problems
from app.core.limits import escaped
from app.core.masking import mask_reference
from app.core.money import ZERO, fmt_money
from app.documents.policy_pdf import render_policy_pdf
from app.issuance.lifecycle import State
from app.issuance.outlet import this_desk
from app.issuance.payments import (
    METHOD_NAMES_ZH,
    Method,
    PaymentRules,
    cash_earlier_today,
    check_part,
    check_rules,
)
from app.issuance.request import PaymentIn
from app.issuance.schedule import (
    build_schedule,
    canonical_hash,
    lacks_ctpl_limits,
    stored_schedule,
)
from app.rating.installed import InstalledTables
from app.rating.table import RateTable
from app.work_items.queue import WorkItemQueue
from local_db.models import (
    Document,
    OutboxItem,
    Payment,
    Policy,
    PolicyChange,
    PolicyVersion,
)
from local_db.store import Store
from local_db.types import utcnow

# A policy that may be changed: bound (awaiting head office), confirmed, or already endorsed.
CHANGEABLE = (State.BOUND, State.CONFIRMED, State.ENDORSED)
# Which reprints may be asked for: every policy that was ever issued.
REPRINTABLE = (*CHANGEABLE, State.CANCELLED, State.EXPIRED, State.RENEWED)
ENDORSEMENT, CANCELLATION = "endorsement", "cancellation"
SIGNATURE_KIND = "change_signature"
# The 批单 as bound (provisional wording) and after head office confirmed it.
NOTE_KIND, FORMAL_NOTE_KIND = "endorsement_note", "endorsement_formal"
NOTE_KINDS = (NOTE_KIND, FORMAL_NOTE_KIND)
_ORIGINALS = {"cover_note": "cover_note", "policy": "policy", "endorsement": "endorsement_note"}


class ChangeService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        work_items: WorkItemQueue,
        auth: AuthService,
        home: Path,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._audit = audit
        self._work_items = work_items
        self._auth = auth
        self._home = home
        self._clock = clock
        self._lifecycle = ChangeLifecycle(audit)
        self.tables = InstalledTables(home)

    # -- finding things ------------------------------------------------------------------------
    def _today(self) -> date:
        return self._clock().astimezone().date()

    @staticmethod
    def _policy(s: Session, actor: CurrentUser, number_or_id: str) -> Policy:
        policy = (
            s.execute(
                select(Policy).where(
                    (Policy.policy_number == number_or_id) | (Policy.id == number_or_id)
                )
            )
            .scalars()
            .first()
        )
        if policy is None or (
            not actor.can(Permission.VIEW_ALL_EXCEPTIONS) and policy.created_by != actor.user_id
        ):
            raise NotFound(
                f"There is no policy {escaped(number_or_id, 40)} that you can see; check the number.",
                zh=f"找不到保单 {escaped(number_or_id, 40)}，请核对保单号。",
            )
        return policy

    @staticmethod
    def open_change_of(s: Session, policy_id: str) -> PolicyChange | None:
        return (
            s.execute(
                select(PolicyChange).where(
                    PolicyChange.policy_id == policy_id,
                    PolicyChange.state.in_([x.value for x in OPEN]),
                )
            )
            .scalars()
            .first()
        )

    def _change(
        self, s: Session, actor: CurrentUser, change_id: str
    ) -> tuple[PolicyChange, Policy]:
        change = s.get(PolicyChange, change_id)
        if change is None:
            raise NotFound(
                "There is no such change; open the policy again.",
                zh="找不到该批改，请重新打开保单。",
            )
        return change, self._policy(s, actor, change.policy_id)

    def _table(self, policy: Policy) -> RateTable:
        return self.tables.load(policy.rate_table_version or self.tables.newest().version)

    # -- opening ---------------------------------------------------------------------------------
    def _start(self, s: Session, actor: CurrentUser, policy: Policy, kind: Kind) -> PolicyChange:
        if State(policy.state) not in CHANGEABLE:
            raise InvalidInput(
                f"Policy {policy.policy_number} is {policy.state}: only a bound or confirmed policy "
                "can be endorsed or cancelled.",
                zh=f"保单 {policy.policy_number} 当前状态不能批改或退保（仅已出单或已确认的保单可以）。",
            )
        open_ = self.open_change_of(s, policy.id)
        if open_ is not None:
            what = open_.number or open_.change_kind
            if ChangeState(open_.state) == ChangeState.BOUND:
                raise InvalidInput(
                    f"Change {what} on this policy is waiting for head office's confirmation: one "
                    "change at a time, so sync (同步 → 立即同步) and try again once it is confirmed.",
                    zh=f"该保单的批改 {what} 正在等待总公司确认：同一保单一次只能办理一项批改，请同步后再办理。",
                )
            raise InvalidInput(
                f"This policy already has an open change ({what}, {open_.state}): finish or withdraw it "
                "first (one change at a time).",
                zh=f"该保单已有未完成的批改（{what}）：请先完成或撤销（同一保单一次只能办理一项）。",
            )
        base = current(s, policy)
        change = PolicyChange(
            id=str(uuid.uuid4()),
            policy_id=policy.id,
            kind=CANCELLATION if kind == Kind.CANCEL else ENDORSEMENT,
            change_kind=kind.value,
            state=ChangeState.DRAFT.value,
            base_version=base.number,
            authority=self._table(policy).changes.of(kind.value),
            created_by=actor.user_id or None,
            request={},
        )
        s.add(change)
        s.flush()
        self._audit.record(
            s,
            actor.audit_name,
            "change.open",
            "change",
            change.id,
            f"{kind.value} on {policy.policy_number} version {base.number}",
        )
        return change

    def start(self, actor: CurrentUser, number_or_id: str, kind: str) -> ChangeView:
        """Open a change of `kind` (a Kind value) on a policy: a draft, priced once its request
        is given (`edit`)."""
        require(actor, Permission.ISSUE_POLICY)
        try:
            k = Kind(kind)
        except ValueError:
            raise InvalidInput(
                f"There is no kind of change {escaped(kind, 20)!r}.", zh="没有该批改类型。"
            ) from None
        if k == Kind.REPRINT:
            raise InvalidInput("A reprint is not a change: use reprint.", zh="补打单证无需批改。")
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            policy = self._policy(s, actor, number_or_id)
            change = self._start(s, actor, policy, k)
            return self._view(s, change, policy)

    def last_rejected(self, actor: CurrentUser, number_or_id: str) -> ChangeView | None:
        """The policy's latest change, when head office rejected it (the window offers to make
        it again on the current version)."""
        with self._store.read() as s:
            policy = self._policy(s, actor, number_or_id)
            last = (
                s.execute(
                    select(PolicyChange)
                    .where(PolicyChange.policy_id == policy.id)
                    .order_by(PolicyChange.created_at.desc(), PolicyChange.id.desc())
                )
                .scalars()
                .first()
            )
            if last is None or ChangeState(last.state) != ChangeState.REJECTED:
                return None
            return self._view(s, last, policy)

    def redo(self, actor: CurrentUser, rejected_id: str) -> ChangeView:
        """A change head office rejected, made again as it was asked on the version now current
        (head office's changes recorded): priced again, so approved, signed and paid again."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            old, policy = self._change(s, actor, rejected_id)
            if ChangeState(old.state) != ChangeState.REJECTED:
                raise InvalidInput(
                    "Only a change head office rejected is made again.",
                    zh="只有被总公司退回的批改可以重新办理。",
                )
            change = self._start(s, actor, policy, Kind(old.change_kind))
            self._edit(s, actor, change, policy, dict(old.request or {}))
            self._audit.record(
                s, actor.audit_name, "change.redo", "change", change.id, f"redo of {old.number}"
            )
            return self._view(s, change, policy)

    def open_change(self, actor: CurrentUser, number_or_id: str) -> ChangeView | None:
        """The policy's open change, if it has one (the window resumes it)."""
        with self._store.read() as s:
            policy = self._policy(s, actor, number_or_id)
            change = self.open_change_of(s, policy.id)
            return self._view(s, change, policy) if change is not None else None

    def view(self, actor: CurrentUser, change_id: str) -> ChangeView:
        with self._store.read() as s:
            change, policy = self._change(s, actor, change_id)
            return self._view(s, change, policy)

    # -- pricing ---------------------------------------------------------------------------------
    def _effective(
        self, policy: Policy, kind: Kind, given: date | None, terms: Terms
    ) -> tuple[date, datetime]:
        """The first day under the new terms, and the moment the change takes effect."""
        today = self._today()
        now = self._clock()
        start, end = terms.start, terms.end
        if kind in (Kind.PLATE, Kind.VIN_ENGINE, Kind.CONTACT):
            # Facts, not cover: true from the moment they are recorded.
            if given is not None and given != today:
                raise InvalidInput(
                    "This change takes effect when it is issued: leave effective_date out.",
                    zh="该项批改自出具批单时生效，请勿填写生效日期。",
                )
            return today, now
        tomorrow = today + timedelta(days=1)
        if end < tomorrow:
            raise InvalidInput(
                f"The policy's cover ends on {end}: there is no day left to change.",
                zh=f"保单保险期间至 {end} 止，已无可批改的期间。",
            )
        day = given if given is not None else max(tomorrow, start)
        if day < tomorrow:
            raise InvalidInput(
                f"A change never takes effect in the past: the earliest is {tomorrow} (cover changes "
                "from 0:00).",
                zh=f"批改不能倒签：最早生效日为 {tomorrow}（自零时起）。",
            )
        if day > end:
            raise InvalidInput(
                f"{day} is after the policy ends ({end}); choose a day within the term.",
                zh=f"{day} 已晚于保险期间止期（{end}），请在保险期间内选择生效日。",
            )
        day = max(day, start)
        local = datetime.combine(day, time(0)).astimezone()
        return day, local.astimezone(UTC)

    def _paid_by_line(self, s: Session, policy: Policy) -> dict[tuple[str, str], Decimal]:
        vs = versions(s, policy.id)
        issued = terms_of(vs[0].content)
        counted = [
            c.priced["lines"]
            for c in s.execute(
                select(PolicyChange)
                .where(
                    PolicyChange.policy_id == policy.id,
                    PolicyChange.state.in_([ChangeState.BOUND.value, ChangeState.CONFIRMED.value]),
                )
                .order_by(PolicyChange.version)
            ).scalars()
            if c.priced
        ]
        return paid_by_line(issued, counted)

    def _edit(
        self, s: Session, actor: CurrentUser, change: PolicyChange, policy: Policy, data: Any
    ) -> None:
        if ChangeState(change.state) not in EDITABLE or self._money(s, change):
            raise InvalidInput(
                "Money was already taken or refunded for this change: it can no longer be edited. "
                "Finish it (issue the 批单).",
                zh="该批改已收费或已登记退费，不能再修改，请出具批单。",
            )
        table = self._table(policy)
        base_v = current(s, policy)
        base = base_v.content
        terms = terms_of(base)
        kind = Kind(change.change_kind)
        changed: list[dict[str, Any]]
        if kind == Kind.CANCEL:
            req_c = parse_cancel(data)
            edits, changed, priced, given = self._cancel_edits(s, policy, req_c, terms, table)
            request = req_c.model_dump(mode="json", exclude={"signature"})
        else:
            req = parse_change(data)
            if Kind(req.kind) != kind:
                raise InvalidInput(
                    f"This change is a {kind.value} change, not {req.kind}.", zh="批改类型不一致。"
                )
            edits, changed = endorsement_edits(req, base, table, self._today())
            given, at = self._effective(policy, kind, req.effective_date, terms)
            priced = price_endorsement(terms, kind, edits, given, table)
            if priced.underwriting and priced.underwriting.get("outcome") == "decline":
                reasons = "; ".join(
                    r["message_en"] for r in priced.underwriting.get("reasons") or []
                )
                reasons_zh = "；".join(
                    r["message_zh"] for r in priced.underwriting.get("reasons") or []
                )
                raise InvalidInput(
                    f"Underwriting declines the policy as changed: {reasons}.",
                    zh=f"核保拒绝批改后的承保条件：{reasons_zh}。",
                )
            request = req.model_dump(mode="json", exclude={"signature"}, by_alias=True)
            change.effective_at = at
        if kind == Kind.CANCEL:
            change.effective_at = datetime.combine(given, time(0)).astimezone().astimezone(UTC)
        change.request = request
        change.edits = edits
        change.changed = changed
        change.priced = {
            **priced.to_json(),
            "terms": {"request": priced.after.request, "quote": priced.after.quote},
        }
        change.premium_difference = priced.total
        change.effective_date = (
            priced.effective if kind != Kind.START_DATE else date.fromisoformat(edits["start_date"])
        )
        change.base_version = base_v.number
        change.schedule_hash, change.signed_at = None, None
        change.decision = None
        self._lifecycle.apply(
            s, change, ChangeEvent.QUOTE, actor, f"difference {fmt_money(priced.total)}"
        )
        if self._needs_approval(change):
            self._lifecycle.apply(
                s, change, ChangeEvent.REFER, actor, self._approval_reason(change)
            )

    def _cancel_edits(
        self, s: Session, policy: Policy, req: CancelRequest, terms: Terms, table: RateTable
    ) -> tuple[dict[str, Any], list[dict[str, Any]], Priced, date]:
        has_ctpl = bool(terms.quote.get("ctpl"))
        has_commercial = bool(terms.quote.get("lines"))
        reason = Reason(req.reason)
        if req.scope == Scope.COMMERCIAL and not has_commercial:
            raise InvalidInput(
                "This policy has no commercial cover to cancel.", zh="该保单没有可退保的商业险。"
            )
        ends_ctpl = has_ctpl and req.scope == Scope.ALL
        if ends_ctpl and reason not in CTPL_REASONS:
            allowed = ", ".join(r.value for r in sorted(CTPL_REASONS))
            raise InvalidInput(
                f"CTPL may be cancelled only when the vehicle is deregistered, laid up or confirmed lost "
                f"by the police ({allowed}); to end the commercial cover alone, cancel with scope "
                "commercial.",
                zh="交强险仅在机动车注销登记、办理停驶或经公安机关证实丢失时可以解除；"
                "如仅退商业险，请选择“仅退商业险”。",
            )
        have = {d.kind: d.reference for d in req.documents}
        missing = [d for d in REQUIRED_DOCUMENTS[reason] if d not in have]
        if missing:
            names_en = ", ".join(DOCUMENTS[d].name_en for d in missing)
            names_zh = "、".join(DOCUMENTS[d].name_zh for d in missing)
            raise InvalidInput(
                f"Cancelling because {REASON_NAMES[reason][1]} needs on record: {names_en} "
                "(give each certificate's number).",
                zh=f"因{REASON_NAMES[reason][0]}退保须登记：{names_zh}（请填写证明编号）。",
            )
        today = self._today()
        tomorrow = today + timedelta(days=1)
        if req.effective_date < tomorrow:
            raise InvalidInput(
                f"Cover is never ended in the past: the first day without cover is {tomorrow} at the "
                "earliest (cover ends at 24:00 today).",
                zh=f"退保不能倒签：首个无保障日最早为 {tomorrow}（保障至今日 24 时）。",
            )
        if req.effective_date > terms.end:
            raise InvalidInput(
                f"The policy ends on {terms.end}: there is nothing to cancel from {req.effective_date}.",
                zh=f"保单已于 {terms.end} 到期，{req.effective_date} 起无可退保的保障。",
            )
        priced = price_cancellation(
            terms, self._paid_by_line(s, policy), Scope(req.scope), req.effective_date, table, None
        )
        edits = {
            "reason": reason.value,
            "scope": req.scope.value,
            "documents": [d.model_dump() for d in req.documents],
        }
        last = req.effective_date - timedelta(days=1)
        changed = [
            entry(
                "cover",
                "保障" if req.scope == Scope.ALL else "商业险保障",
                "cover" if req.scope == Scope.ALL else "commercial cover",
                f"至 {terms.end} 24时",
                "起保前解除，未承保" if req.effective_date <= terms.start else f"至 {last} 24时止",
                before_en=f"until {terms.end} 24:00",
                after_en="ended before it started, never covered"
                if req.effective_date <= terms.start
                else f"until {last} 24:00",
            )
        ]
        return edits, changed, priced, req.effective_date

    # -- approval --------------------------------------------------------------------------------
    @staticmethod
    def _needs_approval(change: PolicyChange) -> bool:
        uw = (change.priced or {}).get("underwriting") or {}
        return change.authority == "supervisor" or uw.get("outcome") == "refer"

    @staticmethod
    def _approval_reason(change: PolicyChange) -> str:
        uw = (change.priced or {}).get("underwriting") or {}
        if uw.get("outcome") == "refer":
            return "underwriting refers: " + "; ".join(r["code"] for r in uw.get("reasons") or [])
        return "the rate table gives this kind to a supervisor"

    def _fingerprint(self, change: PolicyChange) -> str:
        return canonical_hash(
            {
                "edits": change.edits,
                "difference": (change.priced or {}).get("difference"),
                "effective": change.effective_date.isoformat() if change.effective_date else None,
            }
        )

    def _decide(
        self, s: Session, supervisor: CurrentUser, change: PolicyChange, approve: bool, note: str
    ) -> None:
        require(supervisor, Permission.DECIDE_REFERRAL)
        require_standing(s, supervisor, Permission.DECIDE_REFERRAL)
        if supervisor.user_id and supervisor.user_id == change.created_by:
            raise PermissionDenied(
                "Nobody approves a change they asked for; ask another supervisor.",
                zh="不能审批自己办理的批改，请由其他主管审批。",
            )
        if not note.strip():
            raise InvalidInput("Write a note with the decision.", zh="请填写审批意见。")
        self._lifecycle.apply(
            s,
            change,
            ChangeEvent.APPROVE if approve else ChangeEvent.DECLINE,
            supervisor,
            note.strip()[:200],
        )
        change.decision = {
            "approve": approve,
            "by": supervisor.username,
            "by_name": supervisor.display_name,
            "note": note.strip(),
            "at": self._clock().isoformat(),
            "fingerprint": self._fingerprint(change),
        }

    def approve_at_desk(
        self,
        clerk: CurrentUser,
        change_id: str,
        supervisor_username: str,
        password: str,
        approve: bool,
        note: str,
    ) -> ChangeView:
        """A supervisor steps up to the clerk's desk and decides with their own log-in."""
        supervisor = self._auth.verify_password(supervisor_username, password)
        return self.decide(supervisor, change_id, approve, note, clerk)

    def decide(
        self,
        supervisor: CurrentUser,
        change_id: str,
        approve: bool,
        note: str,
        clerk: CurrentUser | None = None,
    ) -> ChangeView:
        with self._store.write() as s:
            change, policy = self._change(s, clerk or supervisor, change_id)
            if clerk is not None and supervisor.user_id and supervisor.user_id == clerk.user_id:
                raise PermissionDenied(
                    "Nobody approves a change they asked for; ask another supervisor.",
                    zh="不能审批自己办理的批改，请由其他主管审批。",
                )
            self._decide(s, supervisor, change, approve, note)
            return self._view(s, change, policy)

    # -- the customer signs ----------------------------------------------------------------------
    def _schedule(self, change: PolicyChange, policy: Policy) -> dict[str, Any]:
        """What the customer signs: the change, before and after, the money and the days."""
        p = change.priced or {}
        return {
            "policy_number": policy.policy_number,
            "kind": change.change_kind,
            "base_version": change.base_version,
            "effective_date": change.effective_date.isoformat() if change.effective_date else None,
            "changed": change.changed,
            "lines": p.get("lines"),
            "difference": p.get("difference"),
            "days": [p.get("days_left"), p.get("days_total")],
        }

    def _sign(
        self,
        s: Session,
        actor: CurrentUser,
        change: PolicyChange,
        policy: Policy,
        strokes: list | None,
        headless: bool = False,
    ) -> None:
        """The customer signs what the change is (its schedule's hash and the time are kept).
        Headless, as for issuing, the request is what the customer signed; strokes, when it
        brings them, are kept as well."""
        if not RULES[Kind(change.change_kind)].signature:
            return
        if ChangeState(change.state) == ChangeState.REFERRED:
            raise InvalidInput(
                "A supervisor must approve this change before the customer signs.",
                zh="该批改须经主管审批后客户方可签名。",
            )
        if not strokes and not headless:
            raise InvalidInput("The customer must sign on the pad.", zh="请客户在签名板上签名。")
        schedule = self._schedule(change, policy)
        digest = canonical_hash(schedule)
        at = self._clock()
        if strokes:
            s.add(
                Document(
                    kind=SIGNATURE_KIND,
                    policy_id=policy.id,
                    change_id=change.id,
                    mime_type="application/json",
                    content=json.dumps(strokes).encode(),
                    extracted={"schedule_hash": digest, "signed_at": at.isoformat()},
                )
            )
        change.schedule_hash, change.signed_at = digest, at
        self._lifecycle.apply(s, change, ChangeEvent.SIGN, actor, f"schedule {digest[:12]}")

    def sign(self, actor: CurrentUser, change_id: str, strokes: list) -> ChangeView:
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            change, policy = self._change(s, actor, change_id)
            self._sign(s, actor, change, policy, strokes)
            return self._view(s, change, policy)

    # -- money -----------------------------------------------------------------------------------
    @staticmethod
    def _money(s: Session, change: PolicyChange) -> list[Payment]:
        return list(
            s.execute(
                select(Payment).where(Payment.change_id == change.id).order_by(Payment.id)
            ).scalars()
        )

    def _holder_name(self, change: PolicyChange, policy: Policy, s: Session) -> str:
        edits = change.edits or {}
        if change.change_kind == Kind.OWNER and edits.get("policyholder"):
            return edits["policyholder"]["name"]
        return current(s, policy).content["parties"]["policyholder"]["name"]

    def _outstanding(self, s: Session, change: PolicyChange) -> Decimal:
        due = change.premium_difference or ZERO
        if due <= 0:
            return ZERO
        paid = sum((p.amount for p in self._money(s, change) if p.status == "succeeded"), ZERO)
        return due - paid

    def _ready_for_money(self, change: PolicyChange) -> None:
        st = ChangeState(change.state)
        if st == ChangeState.REFERRED:
            raise InvalidInput(
                "A supervisor must approve this change first.", zh="该批改须先经主管审批。"
            )
        if RULES[Kind(change.change_kind)].signature and st != ChangeState.SIGNED:
            raise InvalidInput(
                "The customer signs the change before money is taken or refunded.",
                zh="请先让客户签名确认批改，再收费或退费。",
            )

    def _take(
        self, s: Session, actor: CurrentUser, change: PolicyChange, policy: Policy, part: PaymentIn
    ) -> Decimal:
        self._ready_for_money(change)
        outstanding = self._outstanding(s, change)
        if outstanding <= 0:
            raise InvalidInput("Nothing is due for this change.", zh="该批改无需补缴保费。")
        amount = outstanding if part.amount == "rest" else part.amount
        method = Method(part.method)
        succeeded = part.failed is None
        check_part(method, amount, part.reference, outstanding, succeeded=succeeded)
        table = self._table(policy)
        holder = self._holder_name(change, policy, s)
        payer = (part.payer_name or holder).strip()
        check_rules(
            method,
            amount,
            payer,
            holder,
            succeeded=succeeded,
            aml_record=part.aml_record,
            rules=PaymentRules(table.payment.real_name_required, table.payment.aml_cash_threshold),
            # §10.2 counts the day: the policyholder's cash on their policies today counts too
            cash_earlier=cash_earlier_today(s, holder_id=policy.policyholder_id)
            if method == Method.CASH and succeeded
            else ZERO,
        )
        s.add(
            Payment(
                policy_id=policy.id,
                change_id=change.id,
                method=method.value,
                amount=amount,
                status="succeeded" if succeeded else "failed",
                reference=part.reference.strip() or None,
                payer_name=payer,
                failure_reason=part.failed or None,
                extra={"aml": part.aml_record} if part.aml_record else None,
            )
        )
        s.flush()
        shown = mask_reference(part.reference) if part.reference.strip() else ""
        self._audit.record(
            s,
            actor.audit_name,
            "payment.succeeded" if succeeded else "payment.failed",
            "change",
            change.id,
            f"{method.value} {fmt_money(amount)} {shown}".strip()
            + ("" if succeeded else f": {part.failed}"),
        )
        left = self._outstanding(s, change)
        if left == 0:
            self._lifecycle.apply(
                s,
                change,
                ChangeEvent.PAY,
                actor,
                f"paid in full {fmt_money(change.premium_difference or ZERO)}",
            )
        return left

    def pay(self, actor: CurrentUser, change_id: str, part: dict[str, Any]) -> Decimal:
        """One part of an increase, recorded as it is taken; returns what is still due."""
        require(actor, Permission.ISSUE_POLICY)
        try:
            p = PaymentIn.model_validate(part)
        except ValidationError as exc:
            problems = "; ".join(validation_problems(exc.errors()))
            raise InvalidInput(
                f"The payment is refused: {problems}.", zh=f"缴费信息有误：{problems}。"
            ) from exc
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            change, policy = self._change(s, actor, change_id)
            return self._take(s, actor, change, policy, p)

    def refund_destination(self, actor: CurrentUser, change_id: str) -> dict[str, str] | None:
        """Where the refund goes unless told otherwise (masked): the account the policyholder
        paid from, when they paid from one."""
        with self._store.read() as s:
            change, policy = self._change(s, actor, change_id)
            found = self._default_destination(s, change, policy)
            if found is None:
                return None
            method, reference = found
            return {"method": method, "reference": mask_reference(reference)}

    def _default_destination(
        self, s: Session, change: PolicyChange, policy: Policy
    ) -> tuple[str, str] | None:
        holder = self._holder_name(change, policy, s)
        paid = s.execute(
            select(Payment)
            .where(
                Payment.policy_id == policy.id,
                Payment.status == "succeeded",
                Payment.method != Method.CASH.value,
                Payment.reference.is_not(None),
            )
            .order_by(Payment.id.desc())
        ).scalars()
        for p in paid:
            if (p.payer_name or "").strip() == holder.strip() and p.amount > 0:
                return p.method, p.reference or ""
        return None

    def _refund(
        self,
        s: Session,
        actor: CurrentUser,
        change: PolicyChange,
        policy: Policy,
        to: RefundTo | None,
    ) -> None:
        self._ready_for_money(change)
        amount = change.premium_difference or ZERO
        if amount >= 0:
            raise InvalidInput("Nothing is refunded for this change.", zh="该批改无需退费。")
        if self._money(s, change):
            raise InvalidInput("The refund is recorded already.", zh="退费已登记。")
        holder = self._holder_name(change, policy, s)
        table = self._table(policy)
        if to is not None:
            if to.payer_name and to.payer_name.strip() != holder.strip():
                raise InvalidInput(
                    "A refund goes to the policyholder's own account (实名): the account holder "
                    "must be the policyholder.",
                    zh="退费须退至投保人本人账户（实名），账户户名须为投保人。",
                )
            method: str = to.method
            reference, aml = to.reference, to.aml_record
        else:
            found = self._default_destination(s, change, policy)
            if found is None:
                raise InvalidInput(
                    "The policyholder paid in cash or from another's account: give the "
                    "policyholder's own bank account or card for the refund (refund_to).",
                    zh="投保人以现金或他人账户缴费：请提供投保人本人的银行账户或银行卡用于退费。",
                )
            method, reference, aml = found[0], found[1], None
        if -amount >= table.payment.aml_cash_threshold and not aml:
            raise InvalidInput(
                f"A refund of {fmt_money(table.payment.aml_cash_threshold)} or more needs the "
                "large-value record (the policyholder's ID document, nationality, occupation, reason).",
                zh=f"退费 {fmt_money(table.payment.aml_cash_threshold)} 元及以上须登记大额交易信息（证件、国籍、职业、事由）。",
            )
        waits = (change.priced or {}).get("refund_waits_for")
        s.add(
            Payment(
                policy_id=policy.id,
                change_id=change.id,
                method=method,
                amount=amount,
                status=RefundState.AWAITING_CHECK.value if waits else RefundState.REQUESTED.value,
                reference=reference,
                payer_name=holder,
                extra={"refund": True, **({"aml": aml} if aml else {})},
            )
        )
        s.flush()
        self._audit.record(
            s,
            actor.audit_name,
            "refund.requested",
            "change",
            change.id,
            f"{method} {fmt_money(-amount)} to {mask_reference(reference)}"
            + (" (waits for head office's total-loss check)" if waits else ""),
        )
        self._lifecycle.apply(s, change, ChangeEvent.REFUND, actor, fmt_money(-amount))

    def refund(
        self, actor: CurrentUser, change_id: str, refund_to: dict[str, Any] | None
    ) -> ChangeView:
        require(actor, Permission.ISSUE_POLICY)
        try:
            to = RefundTo.model_validate(refund_to) if refund_to else None
        except ValidationError as exc:
            problems = "; ".join(validation_problems(exc.errors()))
            raise InvalidInput(
                f"The refund is refused: {problems}.", zh=f"退费信息有误：{problems}。"
            ) from exc
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            change, policy = self._change(s, actor, change_id)
            self._refund(s, actor, change, policy, to)
            return self._view(s, change, policy)

    # -- bind ------------------------------------------------------------------------------------
    def _check_bindable(self, s: Session, change: PolicyChange) -> None:
        st = ChangeState(change.state)
        rule = RULES[Kind(change.change_kind)]
        if st == ChangeState.REFERRED:
            raise InvalidInput(
                "A supervisor must approve this change before it is issued.",
                zh="该批改须经主管审批后方可出具批单。",
            )
        if self._needs_approval(change) and not (
            change.decision
            and change.decision.get("approve")
            and change.decision.get("fingerprint") == self._fingerprint(change)
        ):
            raise InvalidInput(
                "A supervisor must approve this change before it is issued.",
                zh="该批改须经主管审批后方可出具批单。",
            )
        if rule.signature and change.schedule_hash is None:
            raise InvalidInput(
                "The customer has not signed this change yet.", zh="客户尚未签名确认该批改。"
            )
        diff = change.premium_difference or ZERO
        if diff > 0 and st != ChangeState.PAID:
            due = fmt_money(self._outstanding(s, change))
            raise InvalidInput(
                f"{due} is still due: collect it before the 批单 is issued (见费出单).",
                zh=f"尚欠 {due} 元：收齐后方可出具批单（见费出单）。",
            )
        if diff < 0 and st != ChangeState.REFUNDED:
            raise InvalidInput(
                "Record where the refund goes (the policyholder's own account) before the 批单 is issued.",
                zh="请先登记退费账户（投保人本人账户），再出具批单。",
            )

    def _bind(self, s: Session, actor: CurrentUser, change: PolicyChange, policy: Policy) -> None:
        self._check_bindable(s, change)
        base_v = current(s, policy)
        if base_v.number != change.base_version:
            raise InvalidInput(
                "The policy changed since this change was priced: open it again.",
                zh="保单在计算后已变化，请重新办理。",
            )
        outlet, device = this_desk(s)
        number = draw_change_number(s, outlet.code, device.device_number, self._today())
        content = apply_change(
            base_v.content,
            Kind(change.change_kind),
            change.edits or {},
            change.effective_date,
            (change.priced or {}).get("terms"),
        )
        version = base_v.number + 1
        s.add(
            PolicyVersion(
                policy_id=policy.id,
                number=version,
                change_id=change.id,
                effective_date=change.effective_date,
                state=PROVISIONAL,
                content=content,
            )
        )
        put_in_force(s, policy, content)
        change.number, change.version, change.bound_at = number, version, self._clock()
        self._lifecycle.apply(s, change, ChangeEvent.BIND, actor, number)
        s.add(
            Document(
                kind=NOTE_KIND,
                policy_id=policy.id,
                change_id=change.id,
                mime_type="application/pdf",
                filename=f"{number}.pdf",
                content=self._note(change, policy),
            )
        )
        payload = self._upload(s, change, policy, outlet.code, device.device_number)
        s.add(
            OutboxItem(
                kind=change.kind,
                idempotency_key=change.id,
                policy_id=policy.id,
                payload={**payload, "content_hash": canonical_hash(payload)},
            )
        )

    def _note(self, change: PolicyChange, policy: Policy) -> bytes:
        """The provisional 批单 (app.documents.change_pdf), personal values masked."""
        from app.documents.change_pdf import ChangeNote, render_change_pdf

        table = self._table(policy)
        rule = RULES[Kind(change.change_kind)]
        p = change.priced or {}
        at = change.effective_at.astimezone() if change.effective_at else None
        return render_change_pdf(
            ChangeNote(
                cancellation=change.kind == CANCELLATION,
                number=change.number or "",
                policy_number=policy.policy_number or "",
                kind_zh=rule.name_zh,
                kind_en=rule.name_en,
                effective=at.strftime("%Y-%m-%d %H:%M") if at else str(change.effective_date),
                issued_at=(change.bound_at or self._clock())
                .astimezone()
                .strftime("%Y-%m-%d %H:%M"),
                insurer=table.insurer.name_zh if table.insurer else table.issuer,
                changed=[
                    (c["label_zh"], c["before"] or "", c["after"] or "")
                    for c in masked_changed(change.changed)
                ],
                worksheet=[(w["zh"], w["figure"]) for w in p.get("worksheet") or []],
                difference=fmt_money(change.premium_difference or ZERO),
                signed=change.schedule_hash is not None,
                confirmation_code=change.confirmation_code or "",
            )
        )

    def _upload(
        self, s: Session, change: PolicyChange, policy: Policy, outlet: str, device: int
    ) -> dict[str, Any]:
        """What head office receives: the change as applied and the outlet's figures, which head
        office checks by pricing the change again from the version it holds."""
        p = change.priced or {}
        money = self._money(s, change)
        return {
            "change_id": change.id,
            "policy_id": policy.id,
            "policy_number": policy.policy_number,
            "number": change.number,
            "kind": change.kind,
            "change_kind": change.change_kind,
            "outlet": outlet,
            "device": device,
            "rate_table_version": policy.rate_table_version,
            "base_version": change.base_version,
            "version": change.version,
            "effective_date": change.effective_date.isoformat() if change.effective_date else None,
            "effective_at": change.effective_at.isoformat() if change.effective_at else None,
            "bound_at": change.bound_at.isoformat() if change.bound_at else None,
            "edits": change.edits,
            "premium": {"difference": p.get("difference"), "after": p.get("after")},
            "lines": [
                {"section": ln["section"], "code": ln["code"], "amount": ln["amount"]}
                for ln in p.get("lines") or []
            ],
            "refund_waits_for": p.get("refund_waits_for") or "",
            "payments": [
                {
                    "method": m.method,
                    "amount": fmt_money(m.amount),
                    "status": m.status,
                    "reference": m.reference,
                    "payer_name": m.payer_name,
                }
                for m in money
                if m.status != "failed"
            ],
            "authority": change.authority,
            "approved_by": (change.decision or {}).get("by"),
            "schedule_hash": change.schedule_hash,
        }

    def bind(self, actor: CurrentUser, change_id: str) -> ChangeView:
        """Issue the 批单: number drawn, the new version in force provisionally, head office's
        outbox row written, all in one transaction."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            change, policy = self._change(s, actor, change_id)
            self._bind(s, actor, change, policy)
            return self._view(s, change, policy)

    def edit(self, actor: CurrentUser, change_id: str, data: dict[str, Any]) -> ChangeView:
        """Give (or change) what the change is: priced at once; refused with the reason."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            change, policy = self._change(s, actor, change_id)
            self._edit(s, actor, change, policy, data)
            return self._view(s, change, policy)

    def withdraw(self, actor: CurrentUser, change_id: str, reason: str) -> None:
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            change, _policy = self._change(s, actor, change_id)
            if any(p.status != "failed" for p in self._money(s, change)):
                raise InvalidInput(
                    "Money was taken or refunded for this change: issue the 批单 rather than withdrawing it.",
                    zh="该批改已收费或已登记退费，不能撤销，请出具批单。",
                )
            self._lifecycle.apply(
                s, change, ChangeEvent.WITHDRAW, actor, (reason or "withdrawn")[:200]
            )

    # -- headless --------------------------------------------------------------------------------
    def _run(
        self,
        actor: CurrentUser,
        number: str,
        kind: Kind,
        data: dict[str, Any],
        signature: list | None,
        payments: list[PaymentIn],
        refund_to: RefundTo | None,
        approver: CurrentUser | None,
        note: str,
    ) -> ChangeView:
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            policy = self._policy(s, actor, number)
            change = self._start(s, actor, policy, kind)
            self._edit(s, actor, change, policy, data)
            if self._needs_approval(change):
                if approver is None:
                    raise InvalidInput(
                        f"This change needs a supervisor's approval ({self._approval_reason(change)}): "
                        "add --approved-by NAME. Nothing was stored.",
                        zh="该批改须经主管审批：请加上 --approved-by 主管用户名。未保存任何记录。",
                    )
                self._decide(s, approver, change, True, note or "approved at the command line")
            self._sign(s, actor, change, policy, signature, headless=True)
            diff = change.premium_difference or ZERO
            if diff > 0:
                if not payments:
                    raise InvalidInput(
                        f"{fmt_money(diff)} is due for this change: add the payments (见费出单). "
                        "Nothing was stored.",
                        zh=f"该批改须补缴 {fmt_money(diff)} 元：请提供缴费信息（见费出单）。未保存任何记录。",
                    )
                for part in payments:
                    if self._outstanding(s, change) <= 0:
                        break
                    self._take(s, actor, change, policy, part)
            elif diff < 0:
                self._refund(s, actor, change, policy, refund_to)
            self._bind(s, actor, change, policy)
            return self._view(s, change, policy)

    def endorse(
        self,
        actor: CurrentUser,
        number: str,
        data: dict[str, Any],
        approver: CurrentUser | None = None,
    ) -> ChangeView:
        """`chudan policy endorse`: open, price, approve, sign, pay or refund and issue in one
        transaction; a refusal at any step stores nothing."""
        require(actor, Permission.ISSUE_POLICY)
        req = parse_change(data)
        if isinstance(req, ReprintChange):
            raise InvalidInput(
                "A reprint is `chudan policy reprint`, not an endorsement.",
                zh="补打单证请用 chudan policy reprint。",
            )
        return self._run(
            actor,
            number,
            Kind(req.kind),
            data,
            req.signature,
            req.payments,
            req.refund_to,
            approver,
            req.note or "",
        )

    def cancel(
        self,
        actor: CurrentUser,
        number: str,
        data: dict[str, Any],
        approver: CurrentUser | None = None,
    ) -> ChangeView:
        """`chudan policy cancel`: the same, for a cancellation."""
        require(actor, Permission.ISSUE_POLICY)
        req = parse_cancel(data)
        return self._run(
            actor,
            number,
            Kind.CANCEL,
            data,
            req.signature,
            [],
            req.refund_to,
            approver,
            req.note or "",
        )

    # -- reprint ---------------------------------------------------------------------------------
    def reprint(
        self,
        actor: CurrentUser,
        number_or_id: str,
        document: str,
        reason: str,
        endorsement_number: str | None = None,
    ) -> tuple[bytes, str]:
        """补打: a lost document printed again from the store, audited, counted on the policy's
        history. Returns the PDF and its file name. The stored PDF is given again, except for a
        cover note or policy printed before the CTPL limits were kept with the policy: that is
        rendered again from the store so the copy prints its limits (the reprint says so)."""
        require(actor, Permission.ISSUE_POLICY)
        if document not in _ORIGINALS:
            raise InvalidInput(
                "Choose the document to reprint: cover_note, policy or endorsement.",
                zh="请选择补打的单证：暂保单、正式保单或批单。",
            )
        if not reason.strip():
            raise InvalidInput(
                "Say why it is printed again (lost, damaged).",
                zh="请填写补打原因（遗失、损毁等）。",
            )
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            policy = self._policy(s, actor, number_or_id)
            if State(policy.state) not in REPRINTABLE:
                raise InvalidInput(
                    "Only an issued policy's documents are reprinted.",
                    zh="仅已出单保单的单证可以补打。",
                )
            query = select(Document).where(
                Document.policy_id == policy.id,
                Document.kind.in_(NOTE_KINDS)  # the formal 批单 once there is one
                if document == "endorsement"
                else Document.kind == _ORIGINALS[document],
            )
            if document == "endorsement":
                change = (
                    s.execute(
                        select(PolicyChange).where(
                            PolicyChange.policy_id == policy.id,
                            PolicyChange.number == (endorsement_number or ""),
                        )
                    )
                    .scalars()
                    .first()
                )
                if change is None:
                    raise NotFound(
                        "This policy has no 批单 with that number.", zh="该保单没有该批单号的批单。"
                    )
                query = query.where(Document.change_id == change.id)
            original = s.execute(query.order_by(Document.id.desc())).scalars().first()
            if original is None:
                raise NotFound(
                    "There is no such document for this policy yet.", zh="该保单尚无此单证。"
                )
            content, rerendered = original.content, ""
            if document != "endorsement" and lacks_ctpl_limits(stored_schedule(s, policy)):
                # Printed before the CTPL limits were kept with the policy: the copy prints them
                # (from its own rate table or the statutory set), rendered again from the store.
                # A 批单 prints the change, not the limits: it is reprinted as it was.
                content = render_policy_pdf(
                    build_schedule(s, policy, _ORIGINALS[document], self.tables)
                )
                rerendered = "the original lacked the CTPL limits"
            count = 1 + len(
                list(
                    s.execute(
                        select(Document.id).where(
                            Document.policy_id == policy.id,
                            Document.kind == REPRINT_KIND,
                        )
                    ).scalars()
                )
            )
            s.add(
                Document(
                    kind=REPRINT_KIND,
                    policy_id=policy.id,
                    change_id=original.change_id,
                    mime_type="application/pdf",
                    filename=original.filename,
                    content=content,
                    extracted={
                        "of": document,
                        "original_id": original.id,
                        "reason": reason.strip(),
                        "by": actor.username,
                        "count": count,
                        "at": self._clock().isoformat(),
                        **({"rendered_again": rerendered} if rerendered else {}),
                    },
                )
            )
            self._audit.record(
                s,
                actor.audit_name,
                "policy.reprint",
                "policy",
                policy.id,
                f"{document} {original.filename or ''} reprint {count}: {reason.strip()[:100]}",
            )
            return content, original.filename or f"{policy.policy_number}-{document}.pdf"

    def note_pdf(self, actor: CurrentUser, change_id: str) -> bytes | None:
        """The change's latest 批单: the formal one, with head office's confirmation code, once
        head office confirmed it (made the first time it is asked for, then kept), else the
        provisional one; None before the change is issued."""
        with self._store.read() as s:
            change, _policy = self._change(s, actor, change_id)
            doc = self._latest_note(s, change)
            if doc is None or doc.kind == FORMAL_NOTE_KIND or not change.confirmation_code:
                return doc.content if doc is not None else None
        with self._store.write() as s:
            change, policy = self._change(s, actor, change_id)
            doc = self._latest_note(s, change)
            if doc is not None and doc.kind == FORMAL_NOTE_KIND:
                return doc.content
            content = self._note(change, policy)
            s.add(
                Document(
                    kind=FORMAL_NOTE_KIND,
                    policy_id=policy.id,
                    change_id=change.id,
                    mime_type="application/pdf",
                    filename=f"{change.number}.pdf",
                    content=content,
                )
            )
            self._audit.record(
                s,
                actor.audit_name,
                "change.formal_note",
                "change",
                change.id,
                f"{change.number} confirmed {change.confirmation_code}",
            )
            return content

    @staticmethod
    def _latest_note(s: Session, change: PolicyChange) -> Document | None:
        return (
            s.execute(
                select(Document)
                .where(Document.change_id == change.id, Document.kind.in_(NOTE_KINDS))
                .order_by(Document.id.desc())
            )
            .scalars()
            .first()
        )

    # -- history ---------------------------------------------------------------------------------
    def history(self, actor: CurrentUser, number_or_id: str) -> dict[str, Any]:
        """Every version and transaction of a policy (app.changes.views.policy_history)."""
        with self._store.read() as s:
            return policy_history(s, self._policy(s, actor, number_or_id))

    # -- views -----------------------------------------------------------------------------------
    def _view(self, s: Session, change: PolicyChange, policy: Policy) -> ChangeView:
        money = self._money(s, change)
        decision = change.decision or {}
        return ChangeView(
            id=change.id,
            policy_id=policy.id,
            policy_number=policy.policy_number or "",
            kind=change.kind,
            change_kind=change.change_kind,
            state=change.state,
            number=change.number,
            base_version=change.base_version,
            version=change.version,
            effective_date=change.effective_date,
            authority=change.authority,
            needs_signature=RULES[Kind(change.change_kind)].signature,
            needs_approval=self._needs_approval(change),
            approved_by=decision.get("by_name", "") if decision.get("approve") else "",
            difference=change.premium_difference or ZERO,
            outstanding=self._outstanding(s, change),
            changed=masked_changed(change.changed),
            priced={k: v for k, v in (change.priced or {}).items() if k != "terms"},
            refunds=[
                {
                    "method": m.method,
                    "method_zh": METHOD_NAMES_ZH.get(Method(m.method), m.method),
                    "amount": fmt_money(m.amount),
                    "status": m.status,
                    "reference": mask_reference(m.reference or ""),
                }
                for m in money
                if m.amount < 0
            ],
            confirmation_code=change.confirmation_code,
        )


__all__ = ["ChangeService", "ChangeView", "masked_changed"]
