"""What head office's answer does to a policy on the outlet, applied in the same transaction as
the outbox row's acknowledgement (so a crash leaves both or neither):

- accepted / duplicate: the confirmation code (投保确认码) is recorded and the policy moves
  bound → confirmed through the lifecycle (permission RECORD_HQ_ANSWER, audited as "sync");
- rejected: bound → rejected, and a 待处理 item carries head office's reason.

Rendering the formal policy and releasing the e-policy delivery happen after the commit, in
the `on_confirmed` hook the application passes in (it gets the confirmed policy ids)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from app.access.permissions import CurrentUser, Role
from app.issuance.lifecycle import Event, Lifecycle, State
from app.work_items.queue import WorkItemKind
from local_db.models import OutboxItem, Policy
from local_db.store import Store
from local_db.types import utcnow
from sync.outbox import ItemResult, OutboxUploader, Transport

log = logging.getLogger(__name__)

# The worker acts for head office: audited as "sync", allowed to record head office's answers.
SYNC_ACTOR = CurrentUser(user_id=0, username="sync", display_name="同步", role=Role.ADMIN)

ConfirmedHook = Callable[[list[str]], None]


@dataclass
class _Moving:
    id: str
    state: str


class PolicyAnswers:
    """The uploader's on_accepted / on_rejected hooks for policy rows. `ctx` is an AppContext."""

    def __init__(self, ctx: Any) -> None:
        self._ctx = ctx
        self._lifecycle = Lifecycle(ctx.audit)
        self.confirmed: list[str] = []  # since the last `take_confirmed()`
        self._batch_policies: list[Policy] = []
        self._moves: list[tuple[Policy, str, str | None, datetime]] = []

    def prefetch(self, session: Session, items: list[OutboxItem]) -> None:
        """Load the batch's policies in one query (the hooks then find them in the session)."""
        # A new batch: nothing from a batch whose transaction failed may leak into this one.
        self._moves = []
        ids = [i.policy_id for i in items if i.policy_id]
        # Held here: the session's identity map keeps only weak references.
        # The quote and flags (JSON) are not needed to record an answer: not decoded at all.
        self._batch_policies = (
            list(
                session.execute(
                    select(Policy)
                    .options(defer(Policy.quote), defer(Policy.flags))
                    .where(Policy.id.in_(ids))
                ).scalars()
            )
            if ids
            else []
        )

    def on_accepted(self, session: Session, item: OutboxItem, result: ItemResult) -> None:
        if not item.policy_id:
            return
        policy = session.get(Policy, item.policy_id)
        if policy is None:
            log.error("outbox row %s names a policy that is not in the store", item.id)
            return
        code = str(result.data.get("confirmation_code") or "")
        if State(policy.state) != State.BOUND:
            # Already answered (an earlier run confirmed it): nothing moves twice.
            return
        # The transition goes through the lifecycle (table, permission, audit event) on a stand-in
        # holding the policy's id and state; the policy row itself changes in `after_batch`, so the
        # audit record's flush writes only the audit event and a batch's policies are updated together.
        moving = _Moving(policy.id, policy.state)
        self._lifecycle.apply(
            session,
            moving,
            Event.CONFIRM,
            SYNC_ACTOR,
            f"head office confirmation {code}"
            + (" (answered again)" if result.outcome == "duplicate" else ""),
        )
        self._moves.append((policy, moving.state, code or None, self._ctx.clock()))

    def after_batch(self, session: Session) -> None:
        for policy, state, code, at in self._moves:
            policy.state = state
            policy.confirmation_code = code
            policy.confirmed_at = at
            self.confirmed.append(policy.id)
        self._moves = []

    def on_rejected(self, session: Session, item: OutboxItem, result: ItemResult) -> None:
        reason = result.reason or "head office gave no reason"
        policy = session.get(Policy, item.policy_id) if item.policy_id else None
        if policy is not None and State(policy.state) == State.BOUND:
            self._lifecycle.apply(session, policy, Event.REJECT, SYNC_ACTOR, reason[:200])
        number = (
            policy.policy_number
            if policy is not None and policy.policy_number
            else item.idempotency_key
        )
        self._ctx.work_items.open_item(
            session,
            SYNC_ACTOR,
            WorkItemKind.HQ_REJECTED,
            f"总公司退回保单 {number}：{reason}",
            policy_id=item.policy_id,
            reason_en=f"Head office returned policy {number}: {reason}",
        )

    def take_confirmed(self) -> list[str]:
        out, self.confirmed = self.confirmed, []
        return out


def policy_uploader(
    ctx: Any, transport: Transport, answers: PolicyAnswers, **kwargs: Any
) -> OutboxUploader:
    store: Store = ctx.store
    return OutboxUploader(
        store,
        transport,
        on_accepted=answers.on_accepted,
        on_rejected=answers.on_rejected,
        prefetch=answers.prefetch,
        after_batch=answers.after_batch,
        clock=kwargs.pop("clock", utcnow),
        **kwargs,
    )


__all__ = ["PolicyAnswers", "SYNC_ACTOR", "policy_uploader"]
