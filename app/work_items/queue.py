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
from app.access.standing import require_standing
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.core.limits import check_note
from app.core.masking import mask_text
from local_db.models import Draft, Policy, User, WorkItem
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
    ) -> int:
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
            history=[self._entry(actor, "open", reason)],
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
                )
                for i in s.execute(q).scalars()
            ]

    def assign(self, actor: CurrentUser, item_id: int, username: str) -> None:
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

    def comment(self, actor: CurrentUser, item_id: int, text: str) -> None:
        if not text.strip():
            raise InvalidInput("The comment is empty.", zh="备注为空。")
        check_note(text, "The comment", "备注")
        with self._store.write() as s:
            item = self._get(s, actor, item_id)
            item.history = [*item.history, self._entry(actor, "comment", mask_text(text))]
            self._audit.record(s, actor.audit_name, "exception.comment", "exception", item_id, text)

    def resolve(self, actor: CurrentUser, item_id: int, resolution: str) -> None:
        if not resolution.strip():
            raise InvalidInput("Say how it was resolved.", zh="请填写处理结果。")
        check_note(resolution, "The resolution", "处理结果")
        with self._store.write() as s:
            item = self._get(s, actor, item_id)
            if item.kind == WorkItemKind.REFERRAL:
                require_standing(s, actor, Permission.DECIDE_REFERRAL)
            if item.status == "resolved":
                raise InvalidInput("This item is already resolved.", zh="该事项已处理。")
            item.status = "resolved"
            item.resolved_at = self._clock()
            item.history = [*item.history, self._entry(actor, "resolve", mask_text(resolution))]
            self._audit.record(
                s, actor.audit_name, "exception.resolve", "exception", item_id, resolution
            )
