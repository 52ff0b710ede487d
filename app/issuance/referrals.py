"""Referrals at the outlet: underwriting said "refer", so a person decides before anything is
signed. A supervisor decides at the clerk's desk with their own log-in, or later from the 待处理
queue. The decision is for exactly what was priced: it carries the fingerprint of the quote
request, and any change to what is priced needs a new decision.

The decision lives in the referral's 待处理 item (its history is append-only and audited), so the
clerk's request can never claim an approval the store does not hold.

A headless request (`chudan policy issue`) that underwriting refers is stored as a referred
policy, held by the hash of its whole schedule; the supervisor's decision moves that policy to
approved or declined, and the same request run again then issues it (or is refused)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.auth import AuthService, to_current_user
from app.access.permissions import CurrentUser, Permission, Role, require
from app.access.standing import require_standing
from app.core.changes import Changes
from app.core.errors import InvalidInput, PermissionDenied
from app.core.limits import check_note
from app.issuance.lifecycle import Event, Lifecycle, State
from app.work_items.queue import WorkItemKind, WorkItemQueue
from local_db.models import Draft, OutboxItem, Policy, User, WorkItem
from local_db.store import Store
from local_db.types import utcnow

Status = Literal["none", "pending", "approved", "declined"]
# Head office's underwriters, when a referral went there: they hold the right to decide.
HEAD_OFFICE = CurrentUser(
    user_id=0, username="head-office", display_name="总公司核保", role=Role.SUPERVISOR
)


@dataclass(frozen=True)
class ReferralStatus:
    status: Status
    item_id: int | None = None
    decided_by: str = ""  # display name of the supervisor
    note: str = ""


@dataclass(frozen=True)
class Held:
    """A headless request's referred policy and where its referral stands."""

    policy: Policy
    status: ReferralStatus


def refuse_own_referral(decider: CurrentUser, requesters: set[int | None]) -> None:
    """Nobody decides a referral they asked for, whatever the path (at the clerk's desk, from
    待处理, headless): four eyes on every referred quote. `requesters` are the accounts behind
    the referral: who opened it and whose draft or policy it is."""
    if decider.user_id and decider.user_id in requesters:
        raise PermissionDenied(
            "Nobody approves or declines their own referral; ask another supervisor.",
            zh="不能审批自己提交的核保事项，请由其他主管处理。",
        )


def _decisions(item: WorkItem, fingerprint: str) -> list[dict[str, Any]]:
    return [
        h
        for h in item.history or []
        if h.get("action") in ("approve", "decline") and h.get("fingerprint") == fingerprint
    ]


class ReferralService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        work_items: WorkItemQueue,
        auth: AuthService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._audit = audit
        self._work_items = work_items
        self._auth = auth
        self._clock = clock
        self._lifecycle = Lifecycle(audit)

    def _items(self, s: Session, draft_id: str) -> list[WorkItem]:
        return list(
            s.execute(
                select(WorkItem)
                .where(WorkItem.kind == WorkItemKind.REFERRAL.value, WorkItem.draft_id == draft_id)
                .order_by(WorkItem.id)
            ).scalars()
        )

    def status_in(self, s: Session, draft_id: str | None, fingerprint: str) -> ReferralStatus:
        if not draft_id:
            return ReferralStatus("none")
        for item in reversed(self._items(s, draft_id)):
            decided = _decisions(item, fingerprint)
            if decided:
                last = decided[-1]
                return ReferralStatus(
                    "approved" if last["action"] == "approve" else "declined",
                    item.id,
                    last.get("by_name", last.get("by", "")),
                    last.get("text", ""),
                )
            if item.status == "open" and any(
                h.get("fingerprint") == fingerprint for h in item.history or []
            ):
                return ReferralStatus("pending", item.id)
        return ReferralStatus("none")

    def status(self, draft_id: str | None, fingerprint: str) -> ReferralStatus:
        with self._store.read() as s:
            return self.status_in(s, draft_id, fingerprint)

    def approver(self, s: Session, draft_id: str | None, fingerprint: str) -> CurrentUser | None:
        """Who approved exactly this quote request for this draft: the supervisor, or head office's
        underwriters (acting through the sync, which records head office's answers)."""
        st = self.status_in(s, draft_id, fingerprint)
        if st.status != "approved" or st.item_id is None:
            return None
        item = s.get(WorkItem, st.item_id)
        assert item is not None
        decision = _decisions(item, fingerprint)[-1]
        if decision.get("by") == "head-office":
            return HEAD_OFFICE
        user = s.get(User, decision["user_id"]) if decision.get("user_id") else None
        return to_current_user(user) if user is not None else None

    def hold(
        self,
        s: Session,
        actor: CurrentUser,
        policy_id: str,
        fingerprint: str,
        reasons: str,
        reasons_en: str = "",
    ) -> int:
        """A headless request's referral: the referred policy waits in 待处理 with the fingerprint
        (the schedule's hash) a supervisor's decision will be for."""
        return self._open(s, actor, reasons, fingerprint, reasons_en, policy_id=policy_id)

    def _open(
        self,
        s: Session,
        actor: CurrentUser,
        reasons: str,
        fingerprint: str,
        reasons_en: str = "",
        **where: str,
    ) -> int:
        """A referral item whose first history entry says which priced schedule it is for."""
        item_id = self._work_items.open_item(
            s, actor, WorkItemKind.REFERRAL, reasons, reason_en=reasons_en, **where
        )
        item = s.get(WorkItem, item_id)
        assert item is not None
        item.history = [
            *item.history,
            {
                "at": self._clock().isoformat(timespec="seconds"),
                "by": actor.username,
                "action": "submit",
                "fingerprint": fingerprint,
                "text": "",
            },
        ]
        return item_id

    def held_for(self, s: Session, fingerprint: str) -> Held | None:
        """The referred (or decided) policy a headless request with this schedule left, if any."""
        items = s.execute(
            select(WorkItem)
            .where(
                WorkItem.kind == WorkItemKind.REFERRAL.value,
                WorkItem.draft_id.is_(None),
                WorkItem.policy_id.is_not(None),
            )
            .order_by(WorkItem.id.desc())
        ).scalars()
        for item in items:
            if not any(h.get("fingerprint") == fingerprint for h in item.history or []):
                continue
            policy = s.get(Policy, item.policy_id)
            if policy is None or State(policy.state) not in (
                State.REFERRED,
                State.APPROVED,
                State.DECLINED,
            ):
                continue  # issued since (or moved on otherwise): not held any more
            decided = _decisions(item, fingerprint)
            if not decided:
                return Held(policy, ReferralStatus("pending", item.id))
            last = decided[-1]
            return Held(
                policy,
                ReferralStatus(
                    "approved" if last["action"] == "approve" else "declined",
                    item.id,
                    last.get("by_name", last.get("by", "")),
                    last.get("text", ""),
                ),
            )
        return None

    def _move_policy(
        self, s: Session, item: WorkItem, decider: CurrentUser, approve: bool, note: str
    ) -> None:
        """The decision moves a referred policy row on (headless referrals keep one)."""
        policy = s.get(Policy, item.policy_id) if item.policy_id else None
        if policy is not None and State(policy.state) == State.REFERRED:
            self._lifecycle.apply(
                s, policy, Event.APPROVE if approve else Event.DECLINE, decider, note[:200]
            )

    def submit(
        self,
        actor: CurrentUser,
        draft_id: str,
        fingerprint: str,
        reasons: str,
        reasons_en: str = "",
    ) -> int:
        """The clerk asks for a decision (the item waits in 待处理 for a supervisor)."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            current = self.status_in(s, draft_id, fingerprint)
            if (
                current.status in ("pending", "approved", "declined")
                and current.item_id is not None
            ):
                return current.item_id
            return self._open(s, actor, reasons, fingerprint, reasons_en, draft_id=draft_id)

    def sent_to_head_office(self, actor: CurrentUser, item_id: int, referral_id: str) -> Changes:
        """The referral also went to head office's underwriters (queued until online)."""
        with self._store.write() as s:
            item = s.get(WorkItem, item_id)
            assert item is not None
            item.history = [
                *item.history,
                {
                    "at": self._clock().isoformat(timespec="seconds"),
                    "by": actor.username,
                    "action": "sent_to_hq",
                    "referral_id": referral_id,
                    "text": "",
                },
            ]
            self._audit.record(
                s, actor.audit_name, "referral.sent_to_hq", "exception", item_id, referral_id
            )
        return Changes(work_items=True, outbox=True)

    def apply_head_office_decisions(self) -> int:
        """Head office's answers to referrals sent from here (the sync stores them on the queued
        call) become the decision of the outlet's referral item, as if a supervisor had decided.
        Returns how many were applied; each is applied once."""
        applied = 0
        with self._store.write() as s:
            answered = (
                s.execute(
                    select(OutboxItem).where(
                        OutboxItem.kind == "referral", OutboxItem.status == "acked"
                    )
                )
                .scalars()
                .all()
            )
            for row in answered:
                payload = row.payload or {}
                answer = payload.get("answer") or {}
                referral_id = str((payload.get("submit") or {}).get("referral_id", ""))
                if answer.get("status") not in ("approved", "declined") or not referral_id:
                    continue
                item = next(
                    (
                        i
                        for i in s.execute(
                            select(WorkItem).where(
                                WorkItem.kind == WorkItemKind.REFERRAL.value,
                                WorkItem.status == "open",
                            )
                        ).scalars()
                        if any(h.get("referral_id") == referral_id for h in i.history or [])
                    ),
                    None,
                )
                if item is None:
                    continue  # decided at the outlet meanwhile, or applied already
                fingerprint = next(
                    (h["fingerprint"] for h in reversed(item.history) if h.get("fingerprint")), ""
                )
                action = "approve" if answer["status"] == "approved" else "decline"
                note = str(answer.get("note") or "")
                item.history = [
                    *item.history,
                    {
                        "at": self._clock().isoformat(timespec="seconds"),
                        "by": "head-office",
                        "by_name": "总公司核保",
                        "user_id": None,
                        "action": action,
                        "fingerprint": fingerprint,
                        "text": note,
                        "referral_id": referral_id,
                    },
                ]
                item.status = "resolved"
                item.resolved_at = self._clock()
                self._audit.record(
                    s, "head-office", f"referral.{action}", "exception", item.id, note
                )
                self._move_policy(s, item, HEAD_OFFICE, action == "approve", note)
                applied += 1
        return applied

    @staticmethod
    def _requesters(s: Session, item: WorkItem) -> set[int | None]:
        draft = s.get(Draft, item.draft_id) if item.draft_id else None
        policy = s.get(Policy, item.policy_id) if item.policy_id else None
        return {
            item.created_by,
            draft.created_by if draft is not None else None,
            policy.created_by if policy is not None else None,
        }

    def decide(self, supervisor: CurrentUser, item_id: int, approve: bool, note: str) -> Changes:
        require(supervisor, Permission.DECIDE_REFERRAL)
        if not note.strip():
            raise InvalidInput(
                "Write a note with the decision (why it may, or may not, be issued).",
                zh="请填写核保意见（同意或拒绝的理由）。",
            )
        check_note(note, "The decision's note", "核保意见")
        with self._store.write() as s:
            require_standing(s, supervisor, Permission.DECIDE_REFERRAL)
            item = s.get(WorkItem, item_id)
            if item is None or item.kind != WorkItemKind.REFERRAL.value:
                raise InvalidInput(
                    f"There is no referral {item_id}.",
                    zh=f"没有编号为 {item_id} 的核保转人工事项。",
                )
            refuse_own_referral(supervisor, self._requesters(s, item))
            if item.status != "open":
                raise InvalidInput(
                    "This referral has been decided already.", zh="该核保事项已处理。"
                )
            fingerprint = next(
                (h["fingerprint"] for h in reversed(item.history or []) if h.get("fingerprint")),
                None,
            )
            if fingerprint is None:
                raise InvalidInput(
                    "This referral does not say what was priced; ask the clerk to submit it again.",
                    zh="该事项缺少报价信息，请出单员重新提交。",
                )
            action = "approve" if approve else "decline"
            item.history = [
                *item.history,
                {
                    "at": self._clock().isoformat(timespec="seconds"),
                    "by": supervisor.username,
                    "by_name": supervisor.display_name,
                    "user_id": supervisor.user_id,
                    "action": action,
                    "fingerprint": fingerprint,
                    "text": note.strip(),
                },
            ]
            item.status = "resolved"
            item.resolved_at = self._clock()
            self._audit.record(
                s, supervisor.audit_name, f"referral.{action}", "exception", item_id, note.strip()
            )
            self._move_policy(s, item, supervisor, approve, note.strip())
        return Changes(work_items=True, policies=item.policy_id is not None)

    def decide_at_desk(
        self,
        clerk: CurrentUser,
        draft_id: str,
        fingerprint: str,
        reasons: str,
        supervisor_username: str,
        password: str,
        approve: bool,
        note: str,
        reasons_en: str = "",
    ) -> CurrentUser:
        """The supervisor steps up to the clerk's desk and decides with their own log-in."""
        supervisor = self._auth.verify_password(supervisor_username, password)
        if not supervisor.can(Permission.DECIDE_REFERRAL):
            raise PermissionDenied(
                f"{supervisor.display_name} may not decide referrals; ask a supervisor.",
                zh=f"{supervisor.display_name} 无核保审批权限，请由主管处理。",
            )
        with self._store.read() as s:  # refused before the referral is even opened
            draft = s.get(Draft, draft_id)
            refuse_own_referral(
                supervisor, {clerk.user_id, draft.created_by if draft is not None else None}
            )
        item_id = self.submit(clerk, draft_id, fingerprint, reasons, reasons_en)
        self.decide(supervisor, item_id, approve, note)
        return supervisor
