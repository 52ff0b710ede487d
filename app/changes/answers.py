"""What head office's answer does to a change at the desk, inside the transaction that
acknowledges its outbox row (sync calls these; a crash leaves both or neither):

- confirmed: the change and its version are confirmed with head office's code; the policy is
  endorsed, or cancelled when the whole of it was; a refund that waited for head office's
  total-loss check is requested for the amount head office owes (less than the desk worked out
  when a cover paid a total loss, and the clerk is told in 待处理);
- rejected: the change is rejected with head office's reason, its version made void and the one
  before it put back in force; 待处理 says why and, when head office holds a newer version,
  records the changes the desk missed so the clerk can redo the change on the current version;
- a refund head office reports paid is marked paid.

Applying the same answer twice does nothing the second time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, system_actor
from app.changes.content import apply_change
from app.changes.kinds import Kind
from app.changes.lifecycle import ChangeEvent, ChangeLifecycle, ChangeState, RefundState
from app.changes.versions import CONFIRMED, VOID, put_in_force, versions
from app.core.money import fmt_money
from app.issuance.lifecycle import Event, Lifecycle, State
from app.work_items.queue import WorkItemKind, WorkItemQueue
from local_db.models import Payment, Policy, PolicyChange, PolicyVersion

SYNC = system_actor("sync")


class ChangeAnswers:
    def __init__(
        self,
        audit: AuditLog,
        work_items: WorkItemQueue,
        clock: Callable[[], datetime],
        actor: CurrentUser = SYNC,
    ) -> None:
        self._audit = audit
        self._work_items = work_items
        self._clock = clock
        self._actor = actor
        self._lifecycle = ChangeLifecycle(audit)
        self._policy_lifecycle = Lifecycle(audit)

    def confirmed(self, s: Session, change_id: str, code: str, answer: dict[str, Any]) -> bool:
        """True when the change moved (False: it was answered before)."""
        change = s.get(PolicyChange, change_id)
        if change is None or ChangeState(change.state) != ChangeState.BOUND:
            return False
        self._lifecycle.apply(s, change, ChangeEvent.CONFIRM, self._actor, f"head office {code}")
        change.confirmation_code = code or None
        change.confirmed_at = self._clock()
        change.hq_answer = answer
        for v in versions(s, change.policy_id):
            if v.change_id == change.id:
                v.state = CONFIRMED
        policy = s.get(Policy, change.policy_id)
        assert policy is not None  # a foreign key
        whole = change.kind == "cancellation" and (change.edits or {}).get("scope") == "all"
        if State(policy.state) in (State.CONFIRMED, State.ENDORSED):
            # A policy head office has not confirmed yet keeps its state; its own answer follows.
            self._policy_lifecycle.apply(
                s,
                policy,
                Event.CANCEL if whole else Event.ENDORSE,
                self._actor,
                f"{change.number} confirmed {code}",
            )
        self._settle_refund(s, change, policy, answer)
        return True

    def _settle_refund(
        self, s: Session, change: PolicyChange, policy: Policy, answer: dict[str, Any]
    ) -> None:
        waiting = [
            p
            for p in s.execute(select(Payment).where(Payment.change_id == change.id)).scalars()
            if p.status == RefundState.AWAITING_CHECK.value
        ]
        if not waiting:
            return
        # Head office's answer says what it owes; no figure means nothing (every cover it would
        # refund paid a total loss). An answer without the key (a test's) keeps the desk's figure.
        owed = (answer.get("refund") or "0.00") if "refund" in answer else None
        part = waiting[0]
        if owed is not None and Decimal(str(owed)) != -part.amount:
            before = -part.amount
            part.amount = -Decimal(str(owed))
            # The refund is money: the change's own figure follows head office's.
            change.premium_difference = part.amount
            covers = ", ".join(answer.get("total_losses") or []) or "—"
            self._work_items.open_item(
                s,
                self._actor,
                WorkItemKind.HQ_REJECTED,
                f"退保批单 {change.number}：总公司核查全损赔案（{covers}），退费由 {fmt_money(before)} "
                f"调整为 {fmt_money(-part.amount)} 元，请告知客户。",
                policy_id=policy.id,
            )
        part.status = RefundState.REQUESTED.value
        self._audit.record(
            s,
            self._actor.audit_name,
            "refund.requested",
            "change",
            change.id,
            f"{fmt_money(-part.amount)} after head office's total-loss check",
        )

    def rejected(
        self, s: Session, change_id: str, reason_code: str, reason: str, answer: dict[str, Any]
    ) -> bool:
        change = s.get(PolicyChange, change_id)
        if change is None or ChangeState(change.state) != ChangeState.BOUND:
            return False
        self._lifecycle.apply(s, change, ChangeEvent.REJECT, self._actor, reason[:200])
        change.hq_answer = {**answer, "reason_code": reason_code, "reason": reason}
        policy = s.get(Policy, change.policy_id)
        assert policy is not None
        rows = versions(s, policy.id)
        for v in rows:
            if v.change_id == change.id:
                v.state = VOID
        alive = [v for v in rows if v.state != VOID]
        put_in_force(s, policy, alive[-1].content)
        for part in s.execute(select(Payment).where(Payment.change_id == change.id)).scalars():
            if part.amount < 0 and part.status != RefundState.PAID.value:
                # No change, no refund: the one recorded is not paid out.
                part.status, part.failure_reason = "failed", "head office rejected the change"
        missed = self._record_missed(s, policy, answer.get("missed") or [])
        text = f"总公司退回批单 {change.number}：{reason}"
        if missed:
            text += f"。已补录总公司的批改 {missed}，请在当前版本上重新办理"
        paid = [
            p
            for p in s.execute(select(Payment).where(Payment.change_id == change.id)).scalars()
            if p.status == "succeeded"
        ]
        if paid:
            text += f"。该批改已收取 {fmt_money(sum((p.amount for p in paid), Decimal(0)))} 元，须退还或转入重新办理的批改"
        self._work_items.open_item(
            s, self._actor, WorkItemKind.HQ_REJECTED, text, policy_id=policy.id
        )
        return True

    def _record_missed(self, s: Session, policy: Policy, missed: list[dict[str, Any]]) -> str:
        """Changes head office holds that this desk does not (its store was restored from an
        older backup, or head office changed the policy): recorded as confirmed versions, in
        order, so the policy here is the one head office holds."""
        numbers = []
        for m in sorted(missed, key=lambda x: int(x["version"])):
            if s.get(PolicyChange, m["change_id"]) is not None:
                continue
            rows = [v for v in versions(s, policy.id) if v.state != VOID]
            base = rows[-1]
            if base.number != int(m["version"]) - 1:
                continue  # not the next one: the answer does not fit this store
            effective = date.fromisoformat(m["effective_date"]) if m.get("effective_date") else None
            number = m.get("number")
            if (
                number
                and s.execute(select(PolicyChange.id).where(PolicyChange.number == number)).first()
            ):
                # This desk drew the same 批单号 again (its store was restored from a backup taken
                # before the number was used): head office's is kept in the request, not as ours.
                number = None
            change = PolicyChange(
                id=m["change_id"],
                policy_id=policy.id,
                kind=m["kind"],
                change_kind=m["change_kind"],
                number=number,
                state=ChangeState.CONFIRMED.value,
                base_version=base.number,
                version=int(m["version"]),
                effective_date=effective,
                request={"recorded_from": "head office", "number": m.get("number")},
                edits=m.get("edits") or {},
                priced={"lines": m.get("lines") or [], "difference": m.get("difference")},
                premium_difference=Decimal(str((m.get("difference") or {}).get("total", "0"))),
                authority="head_office",
                confirmation_code=m.get("confirmation_code"),
                confirmed_at=self._clock(),
            )
            s.add(change)
            s.flush()
            content = apply_change(
                base.content,
                Kind(m["change_kind"]),
                m.get("edits") or {},
                effective,
                m.get("terms"),
            )
            s.add(
                PolicyVersion(
                    policy_id=policy.id,
                    number=int(m["version"]),
                    change_id=change.id,
                    effective_date=effective,
                    state=CONFIRMED,
                    content=content,
                )
            )
            s.flush()
            put_in_force(s, policy, content)
            self._audit.record(
                s,
                self._actor.audit_name,
                "change.recorded",
                "change",
                change.id,
                f"{m.get('number')} version {m['version']} as head office holds it",
            )
            numbers.append(str(m.get("number") or m["change_id"]))
        return "、".join(numbers)

    def refund_paid(
        self,
        s: Session,
        change_id: str,
        reference: str = "",
        paid_at: datetime | None = None,
        amount: Decimal | None = None,
    ) -> bool:
        """Head office reports the refund paid (finance's reference and time): the requested part
        moves to paid, with both kept on it for the history. A second report does nothing. When
        head office paid another amount than the desk requested, 待处理 says so."""
        moved = False
        for p in s.execute(select(Payment).where(Payment.change_id == change_id)).scalars():
            if p.status == RefundState.REQUESTED.value and p.amount < 0:
                p.status = RefundState.PAID.value
                when = paid_at.isoformat() if paid_at else ""
                p.extra = {**(p.extra or {}), "paid": {"reference": reference, "paid_at": when}}
                moved = True
                self._audit.record(
                    s,
                    self._actor.audit_name,
                    "refund.paid",
                    "change",
                    change_id,
                    f"{fmt_money(-p.amount)} paid by head office"
                    + (f", reference {reference}" if reference else ""),
                )
                if amount is not None and amount != -p.amount:
                    change = s.get(PolicyChange, change_id)
                    self._work_items.open_item(
                        s,
                        self._actor,
                        WorkItemKind.HQ_REJECTED,
                        f"批单 {change.number if change else change_id}：总公司已付退费 "
                        f"{fmt_money(amount)} 元，与本机登记的 {fmt_money(-p.amount)} 元不同，请核对。",
                        policy_id=change.policy_id if change else None,
                    )
        return moved
