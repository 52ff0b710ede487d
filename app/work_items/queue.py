"""待处理: one queue for everything that waits on a person (referrals, registry mismatches,
delayed look-ups, payment failures, duplicate-insurance blocks, head office's rejections).

Each item has a kind, the policy or draft, the reason, who has it, and a history. Supervisors
see all items; clerks see the ones they opened or that are assigned to them. An item nobody
opened in person (head office's rejection, a failed delivery, a delayed look-up) goes to the
clerk who issued the policy or owns the draft, so it reaches someone who can act."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission
from app.core.changes import Changes
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.core.limits import check_note
from app.core.masking import mask_name, mask_text
from local_db.models import Customer, Draft, Policy, User, Vehicle, WorkItem
from local_db.store import Store
from local_db.types import utcnow


class WorkItemKind(StrEnum):
    REFERRAL = "referral"
    REGISTRY_MISMATCH = "registry_mismatch"
    LOOKUP_DELAYED = "lookup_delayed"
    PAYMENT_FAILED = "payment_failed"
    DUPLICATE_INSURANCE = "duplicate_insurance"
    HQ_REJECTED = "hq_rejected"
    DELIVERY_FAILED = "delivery_failed"


KIND_NAMES_EN = {
    WorkItemKind.REFERRAL: "referral to a supervisor",
    WorkItemKind.REGISTRY_MISMATCH: "licence to verify",
    WorkItemKind.LOOKUP_DELAYED: "look-up overdue",
    WorkItemKind.PAYMENT_FAILED: "payment failed",
    WorkItemKind.DUPLICATE_INSURANCE: "duplicate insurance",
    WorkItemKind.HQ_REJECTED: "returned by head office",
    WorkItemKind.DELIVERY_FAILED: "e-policy not delivered",
}
KIND_NAMES_ZH = {
    WorkItemKind.REFERRAL: "核保转人工",
    WorkItemKind.REGISTRY_MISMATCH: "行驶证信息待核实",
    WorkItemKind.LOOKUP_DELAYED: "查询超时",
    WorkItemKind.PAYMENT_FAILED: "支付失败",
    WorkItemKind.DUPLICATE_INSURANCE: "重复投保",
    WorkItemKind.HQ_REJECTED: "总公司退回",
    WorkItemKind.DELIVERY_FAILED: "电子保单发送失败",
}


@dataclass(frozen=True)
class WorkItemView:
    id: int
    kind: WorkItemKind
    status: str
    reason: str
    policy_id: str | None
    draft_id: str | None
    assigned_to: str | None
    created_by: str | None
    created_at: datetime
    history: list[dict[str, Any]]
    reason_en: str = ""  # the reason in English, where whoever opened it said it in both
    customer: str = ""  # masked, as on every list
    plate: str = ""
    policy_number: str = ""

    def kind_name(self, language: str) -> str:
        return (KIND_NAMES_ZH if language.startswith("zh") else KIND_NAMES_EN)[self.kind]

    def reason_text(self, language: str) -> str:
        return self.reason if language.startswith("zh") or not self.reason_en else self.reason_en


class WorkItemQueue:
    def __init__(
        self, store: Store, audit: AuditLog, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock

    # Opening happens inside the transaction of whatever found the problem (a payment failure,
    # a rejection from head office), so the item exists exactly when the cause does.
    def open_item(
        self,
        session: Session,
        actor: CurrentUser,
        kind: WorkItemKind | str,
        reason: str,
        *,
        policy_id: str | None = None,
        draft_id: str | None = None,
        reason_en: str = "",
    ) -> int:
        """`reason` in Chinese (what the queue keeps), `reason_en` the same in English for a
        desk that works in English (kept with the item's first history entry)."""
        kind = WorkItemKind(kind)
        if not reason.strip():
            raise InvalidInput("Say why the item needs a person.", zh="请填写待处理原因。")
        reason = mask_text(reason)
        owner = None if actor.user_id else self._owner(session, policy_id, draft_id)
        item = WorkItem(
            kind=kind.value,
            reason=reason,
            policy_id=policy_id,
            draft_id=draft_id,
            created_by=actor.user_id or None,
            assigned_to=owner,
            status="open",
            history=[
                {**self._entry(actor, "open", reason), "text_en": mask_text(reason_en)}
                if reason_en.strip()
                else self._entry(actor, "open", reason)
            ],
        )
        session.add(item)
        session.flush()
        self._audit.record(
            session,
            actor.audit_name,
            "exception.open",
            "exception",
            item.id,
            f"{kind.value}: {reason}",
        )
        return item.id

    def draft_issued(
        self, session: Session, actor: CurrentUser, draft_id: str, policy: Policy
    ) -> None:
        """The draft became `policy`, paid in full (见费出单): its items now name the policy
        (待处理 shows its number), and its failed payment parts are settled (the customer paid
        another way; nothing is left to chase). Kept in the items' history, audited."""
        items = session.execute(
            select(WorkItem).where(WorkItem.draft_id == draft_id, WorkItem.policy_id.is_(None))
        ).scalars()
        for item in items:
            item.policy_id = policy.id
            if item.kind == WorkItemKind.PAYMENT_FAILED.value and item.status == "open":
                note = f"paid in full when {policy.policy_number} was issued"
                item.status = "resolved"
                item.resolved_at = self._clock()
                item.history = [
                    *item.history,
                    {
                        **self._entry(actor, "resolve", f"{policy.policy_number} 出单时已足额缴费"),
                        "text_en": note,
                    },
                ]
                self._audit.record(
                    session, actor.audit_name, "exception.resolve", "exception", item.id, note
                )

    @staticmethod
    def _owner(session: Session, policy_id: str | None, draft_id: str | None) -> int | None:
        """Who an item opened by the system belongs to: the clerk who issued the policy, else the
        one whose draft it is."""
        policy = session.get(Policy, policy_id) if policy_id else None
        if policy is not None and policy.created_by:
            return policy.created_by
        draft = session.get(
            Draft, draft_id or (policy.draft_id if policy is not None else None) or ""
        )
        return draft.created_by if draft is not None else None

    def _entry(self, actor: CurrentUser, action: str, text: str = "") -> dict[str, Any]:
        return {
            "at": self._clock().isoformat(timespec="seconds"),
            "by": actor.username,
            "action": action,
            "text": text,
        }

    def _visible(self, actor: CurrentUser, item: WorkItem) -> bool:
        return actor.can(Permission.VIEW_ALL_EXCEPTIONS) or actor.user_id in (
            item.created_by,
            item.assigned_to,
        )

    def _get(self, s: Session, actor: CurrentUser, item_id: int) -> WorkItem:
        item = s.get(WorkItem, item_id)
        if item is None or not self._visible(actor, item):
            raise NotFound(
                f"There is no open item {item_id} for you.",
                zh=f"没有您可处理的待处理事项 {item_id}。",
            )
        return item

    def list_items(self, actor: CurrentUser, status: str | None = "open") -> list[WorkItemView]:
        with self._store.read() as s:
            q = select(WorkItem).order_by(WorkItem.created_at.desc(), WorkItem.id.desc())
            if status:
                q = q.where(WorkItem.status == status)
            if not actor.can(Permission.VIEW_ALL_EXCEPTIONS):
                q = q.where(
                    or_(WorkItem.created_by == actor.user_id, WorkItem.assigned_to == actor.user_id)
                )
            names = {uid: name for uid, name in s.execute(select(User.id, User.username))}
            return [
                WorkItemView(
                    i.id,
                    WorkItemKind(i.kind),
                    i.status,
                    i.reason,
                    i.policy_id,
                    i.draft_id,
                    names.get(i.assigned_to) if i.assigned_to else None,
                    names.get(i.created_by) if i.created_by else None,
                    i.created_at,
                    list(i.history),
                    str((i.history or [{}])[0].get("text_en") or ""),
                    *_subject(s, i),
                )
                for i in s.execute(q).scalars()
            ]

    def assign(self, actor: CurrentUser, item_id: int, username: str) -> Changes:
        with self._store.write() as s:
            item = self._get(s, actor, item_id)
            if not actor.can(Permission.VIEW_ALL_EXCEPTIONS) and username != actor.username:
                raise PermissionDenied(
                    "Only a supervisor can hand an item to someone else.",
                    zh="只有主管可以把事项分配给他人。",
                )
            user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
            if user is None:
                raise NotFound(
                    f"There is no user called {username!r}.", zh=f"没有名为 {username} 的用户。"
                )
            item.assigned_to = user.id
            item.history = [*item.history, self._entry(actor, "assign", username)]
            self._audit.record(
                s, actor.audit_name, "exception.assign", "exception", item_id, username
            )
        return Changes(work_items=True)

    def comment(self, actor: CurrentUser, item_id: int, text: str) -> Changes:
        if not text.strip():
            raise InvalidInput("The comment is empty.", zh="备注为空。")
        check_note(text, "The comment", "备注")
        with self._store.write() as s:
            item = self._get(s, actor, item_id)
            item.history = [*item.history, self._entry(actor, "comment", mask_text(text))]
            self._audit.record(s, actor.audit_name, "exception.comment", "exception", item_id, text)
        return Changes(work_items=True)

    def resolve(self, actor: CurrentUser, item_id: int, resolution: str) -> Changes:
        if not resolution.strip():
            raise InvalidInput("Say how it was resolved.", zh="请填写处理结果。")
        check_note(resolution, "The resolution", "处理结果")
        with self._store.write() as s:
            item = self._get(s, actor, item_id)
            if item.kind == WorkItemKind.REFERRAL:
                # A referral ends with a decision (approve or decline, with its note), which is
                # what lets the draft go on or stops it; "resolved" would say neither.
                raise InvalidInput(
                    "A referral is decided, not resolved: approve or decline it with a note.",
                    zh="核保转人工事项须作出审批决定：请批准或拒绝，并填写意见。",
                )
            if item.status == "resolved":
                raise InvalidInput("This item is already resolved.", zh="该事项已处理。")
            item.status = "resolved"
            item.resolved_at = self._clock()
            item.history = [*item.history, self._entry(actor, "resolve", mask_text(resolution))]
            self._audit.record(
                s, actor.audit_name, "exception.resolve", "exception", item_id, resolution
            )
        return Changes(work_items=True)


def _subject(s: Session, item: WorkItem) -> tuple[str, str, str]:
    """Whom and what an item is about, as a list shows it: the customer (masked), the plate,
    and the policy number (or, for a draft, nothing: the draft has none yet)."""
    policy = s.get(Policy, item.policy_id) if item.policy_id else None
    if policy is not None:
        holder = s.get(Customer, policy.policyholder_id) if policy.policyholder_id else None
        vehicle = s.get(Vehicle, policy.vehicle_id) if policy.vehicle_id else None
        return (
            mask_name(holder.name) if holder is not None else "",
            (vehicle.plate or "") if vehicle is not None else "",
            policy.policy_number or "",
        )
    draft = s.get(Draft, item.draft_id) if item.draft_id else None
    if draft is not None:
        data = draft.data or {}
        name = str((data.get("policyholder") or {}).get("name") or "").strip()
        plate = str((data.get("vehicle") or {}).get("plate") or "").strip()
        return (mask_name(name) if name else "", plate, "")
    return ("", "", "")
