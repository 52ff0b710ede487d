"""The audit log: append-only and hash-chained. Each event's hash covers its content and the
previous event's hash, so editing, deleting or reordering any row breaks the chain at that row.

Summaries are masked here (app.core.masking) whatever the caller passes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.masking import mask_text
from local_db.models import AuditEvent
from local_db.store import Store
from local_db.types import utcnow

GENESIS = "0" * 64
# Built once: constructing a statement costs about as much as running it on a small table.
_LAST_EVENT = select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
_INSERT_EVENT = insert(AuditEvent)


def event_hash(
    event_id: int,
    ts: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    prev_hash: str,
) -> str:
    payload = [
        event_id,
        ts.isoformat(timespec="microseconds"),
        actor,
        action,
        object_type,
        object_id,
        summary,
        prev_hash,
    ]
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    reason: str = ""

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "broken_event_id": self.broken_event_id,
            "reason": self.reason,
        }


class AuditLog:
    def __init__(self, store: Store, clock: Callable[[], datetime] = utcnow) -> None:
        self._store = store
        self._clock = clock

    def record(
        self,
        session: Session,
        actor: str,
        action: str,
        object_type: str = "",
        object_id: str | int = "",
        summary: str = "",
    ) -> None:
        """Append an event inside the caller's write transaction (so it commits or rolls back
        with the change it describes). A plain INSERT, not an ORM object: it is written at once,
        and every step of the wizard that signs or issues pays for one."""
        last = session.execute(_LAST_EVENT).first()
        prev_hash = last.hash if last else GENESIS
        new_id = (last.id + 1) if last else 1
        ts = self._clock()
        summary = mask_text(summary)
        obj_id = str(object_id)
        session.execute(
            _INSERT_EVENT,
            {
                "id": new_id,
                "ts": ts,
                "actor": actor,
                "action": action,
                "object_type": object_type,
                "object_id": obj_id,
                "summary": summary,
                "prev_hash": prev_hash,
                "hash": event_hash(
                    new_id, ts, actor, action, object_type, obj_id, summary, prev_hash
                ),
            },
        )

    def log(
        self,
        actor: str,
        action: str,
        object_type: str = "",
        object_id: str | int = "",
        summary: str = "",
    ) -> None:
        """Record an event in a transaction of its own (log-in, failed log-in, exports...)."""
        with self._store.write() as session:
            self.record(session, actor, action, object_type, object_id, summary)

    def verify(self) -> VerifyResult:
        prev = GENESIS
        expected_id = 1
        checked = 0
        with self._store.read() as session:
            for ev in session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars():
                if ev.id != expected_id:
                    return VerifyResult(False, checked, ev.id, f"event {expected_id} is missing")
                if ev.prev_hash != prev:
                    return VerifyResult(False, checked, ev.id, "does not follow the previous event")
                recomputed = event_hash(
                    ev.id,
                    ev.ts,
                    ev.actor,
                    ev.action,
                    ev.object_type,
                    ev.object_id,
                    ev.summary,
                    ev.prev_hash,
                )
                if recomputed != ev.hash:
                    return VerifyResult(
                        False, checked, ev.id, "content was changed after it was written"
                    )
                prev = ev.hash
                expected_id += 1
                checked += 1
        return VerifyResult(True, checked)

    def recent(self, limit: int = 100) -> list[AuditEvent]:
        with self._store.read() as session:
            return list(
                session.execute(
                    select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
                ).scalars()
            )
