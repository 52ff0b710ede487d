"""Look-ups and referrals asked for while offline (or while head office's third-party source is
slow) wait in the outbox table as rows of kind "lookup" / "referral" and are sent by the worker.
The answer is kept on the row (`payload["answer"]`), so the wizard can show it whenever it
comes, and a restart loses nothing.

Row status: pending → acked (answered). A referral goes pending → submitted (head office has it,
no decision yet; polled) → acked (approved or declined). A request head office refuses as
malformed → rejected, with the reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from local_db.models import OutboxItem
from local_db.store import Store
from local_db.types import utcnow
from sync.backoff import Backoff
from sync.client import HqClient, HqRefused
from sync.outbox import LinkDown
from sync.protocol import ReferralSubmit

LOOKUP_CALLS = ("vehicle", "violations", "prior_policies", "claims_history")
# A submitted referral is asked about again after this long (a person at head office decides).
REFERRAL_POLL_S = 60.0


@dataclass
class CallsReport:
    answered: int = 0
    submitted: int = 0
    refused: int = 0
    link_error: str = ""


@dataclass(frozen=True)
class CallView:
    key: str
    kind: str
    call: str
    status: str
    answer: dict[str, Any] | None
    last_error: str


class QueuedCalls:
    def __init__(
        self, store: Store, clock: Callable[[], datetime] = utcnow, backoff: Backoff | None = None
    ) -> None:
        self._store = store
        self._clock = clock
        self._backoff = backoff or Backoff()

    # -- queueing (inside the caller's transaction when it has one) -----------------------------
    def _add(
        self, session: Session | None, kind: str, payload: dict[str, Any], policy_id: str | None
    ) -> str:
        key = f"{kind}:{uuid.uuid4()}"
        row = OutboxItem(kind=kind, idempotency_key=key, policy_id=policy_id, payload=payload)
        if session is not None:
            session.add(row)
        else:
            with self._store.write() as s:
                s.add(row)
        return key

    def queue_lookup(
        self,
        call: str,
        *,
        vin: str = "",
        plate: str = "",
        policy_id: str | None = None,
        draft_id: str | None = None,
        session: Session | None = None,
    ) -> str:
        if call not in LOOKUP_CALLS:
            raise ValueError(f"unknown look-up {call!r}")
        return self._add(
            session,
            "lookup",
            {"call": call, "params": {"vin": vin, "plate": plate}, "draft_id": draft_id},
            policy_id,
        )

    def queue_referral(
        self,
        referral: ReferralSubmit,
        *,
        policy_id: str | None = None,
        draft_id: str | None = None,
        session: Session | None = None,
    ) -> str:
        return self._add(
            session,
            "referral",
            {"call": "referral", "submit": referral.model_dump(mode="json"), "draft_id": draft_id},
            policy_id,
        )

    # -- reading -------------------------------------------------------------------------------
    def get(self, key: str) -> CallView | None:
        with self._store.read() as s:
            row = s.execute(
                select(OutboxItem).where(OutboxItem.idempotency_key == key)
            ).scalar_one_or_none()
            if row is None:
                return None
            p = row.payload or {}
            return CallView(
                key,
                row.kind,
                str(p.get("call", "")),
                row.status,
                p.get("answer"),
                row.last_error or "",
            )

    def waiting(self) -> int:
        with self._store.read() as s:
            return int(
                s.execute(
                    select(func.count())
                    .select_from(OutboxItem)
                    .where(OutboxItem.kind.in_(("lookup", "referral")))
                    .where(OutboxItem.status.in_(("pending", "submitted")))
                ).scalar_one()
            )

    # -- sending -------------------------------------------------------------------------------
    def _due(self) -> list[tuple[int, str, str, dict[str, Any]]]:
        now = self._clock()
        with self._store.read() as s:
            q = (
                select(OutboxItem.id, OutboxItem.kind, OutboxItem.status, OutboxItem.payload)
                .where(OutboxItem.kind.in_(("lookup", "referral")))
                .where(OutboxItem.status.in_(("pending", "submitted")))
                .where(or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now))
                .order_by(OutboxItem.id)
            )
            return [(i, k, st, p) for i, k, st, p in s.execute(q)]

    def _call(
        self, client: HqClient, status: str, payload: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """(new status, answer) for one row."""
        call, params = payload["call"], payload.get("params", {})
        if call == "vehicle":
            return "acked", client.vehicle(
                vin=params.get("vin", ""), plate=params.get("plate", "")
            ).model_dump(mode="json")
        if call == "violations":
            return "acked", client.violations(params.get("plate", "")).model_dump(mode="json")
        if call == "prior_policies":
            return "acked", client.prior_policies(params.get("vin", "")).model_dump(mode="json")
        if call == "claims_history":
            return "acked", client.claims_history(params.get("vin", "")).model_dump(mode="json")
        if call == "referral":
            submit = ReferralSubmit.model_validate(payload["submit"])
            # Submitting is idempotent (the outlet chose the id), so a lost answer is simply sent again;
            # head office not knowing a submitted referral (restored from a backup) means: submit again.
            if status == "submitted":
                try:
                    answer = client.referral_status(str(submit.referral_id))
                except HqRefused as exc:
                    if exc.status != 404:
                        raise
                    answer = client.submit_referral(submit)
            else:
                answer = client.submit_referral(submit)
            return ("submitted" if answer.status == "pending" else "acked"), answer.model_dump(
                mode="json"
            )
        raise ValueError(f"unknown queued call {call!r}")

    def ask_now(
        self, client: HqClient, call: str, *, vin: str = "", plate: str = ""
    ) -> dict[str, Any] | None:
        """The answer straight away (raises LinkDown when the link or the source is down)."""
        if call not in LOOKUP_CALLS:
            raise ValueError(f"unknown look-up {call!r}")
        _, answer = self._call(
            client, "pending", {"call": call, "params": {"vin": vin, "plate": plate}}
        )
        return answer

    def send_due(self, client: HqClient) -> CallsReport:
        report = CallsReport()
        for row_id, _kind, status, payload in self._due():
            now = self._clock()
            try:
                new_status, answer = self._call(client, status, payload)
            except HqRefused as exc:
                self._finish(row_id, "rejected", None, str(exc))
                report.refused += 1
                continue
            except LinkDown as exc:
                self._defer(row_id, str(exc), now)
                report.link_error = str(exc)
                break  # the link (or the look-up source) is down: the rest waits for the next run
            self._finish(row_id, new_status, answer, "")
            if new_status == "submitted":
                with self._store.write() as s:
                    row = s.get(OutboxItem, row_id)
                    if row is not None:
                        row.next_attempt_at = now + timedelta(seconds=REFERRAL_POLL_S)
                report.submitted += 1
            else:
                report.answered += 1
        return report

    def _finish(self, row_id: int, status: str, answer: dict[str, Any] | None, error: str) -> None:
        with self._store.write() as s:
            row = s.get(OutboxItem, row_id)
            if row is None:
                return
            row.attempts += 1
            row.status = status
            row.last_error = error[:500] or None
            if answer is not None:
                row.payload = {**(row.payload or {}), "answer": answer}
            if status == "acked":
                row.acked_at = self._clock()

    def _defer(self, row_id: int, error: str, now: datetime) -> None:
        with self._store.write() as s:
            row = s.get(OutboxItem, row_id)
            if row is None:
                return
            row.attempts += 1
            row.last_error = error[:500]
            row.next_attempt_at = now + timedelta(seconds=self._backoff.delay_for(row.attempts))


__all__ = ["CallView", "CallsReport", "LOOKUP_CALLS", "QueuedCalls"]
