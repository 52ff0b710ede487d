"""`chudan audit verify` on a long-lived desk: a sealed store holding 1,000,000 audit events
(100,000 in quick mode), every hash recomputed, the seal's HMAC checked. The events are written
straight into the table with executemany (hashed as the service hashes them, chained), not
through the service: what is timed is the verification."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks import Figure

CHUNK = 50_000


def _fill(ctx, n: int) -> int:
    """Append n events after whatever the new store holds; returns the total."""
    from app.access.audit import GENESIS, event_hash
    from local_db.models import AuditEvent

    with ctx.store.read() as s:
        last = s.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).first()
    prev, next_id = (last.hash, last.id + 1) if last else (GENESIS, 1)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    actions = ("policy.issue", "draft.save", "auth.login", "sync.upload", "policy.print")
    done = 0
    while done < n:
        rows = []
        for i in range(next_id, next_id + min(CHUNK, n - done)):
            ts = start + timedelta(seconds=i)
            action = actions[i % len(actions)]
            summary = f"event {i}: 客户 138****5678"
            h = event_hash(i, ts, "clerk", action, "policy", str(i), summary, prev)
            rows.append(
                {
                    "id": i,
                    "ts": ts,
                    "actor": "clerk",
                    "action": action,
                    "object_type": "policy",
                    "object_id": str(i),
                    "summary": summary,
                    "prev_hash": prev,
                    "hash": h,
                }
            )
            prev = h
        with ctx.store.write() as s:
            s.execute(insert(AuditEvent), rows)
        next_id += len(rows)
        done += len(rows)
    return next_id - 1


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    from app.desk.context import AppContext

    n = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        ctx = AppContext.open(home)
        try:
            total = _fill(ctx, n)
            ctx.audit.start_seal()  # as on a provisioned desk: the seal is checked too
            t0 = time.perf_counter()
            result = ctx.audit.verify()
            seconds = time.perf_counter() - t0
        finally:
            ctx.close()
    ok = result.ok and result.checked == total and result.sealed_from is not None
    return [
        Figure(
            "audit",
            f"audit verify, {total:,} events (chain and seal)",
            seconds,
            "s",
            # About 15 µs an event on the reference machine: a desk's years of events in a
            # coffee break, not an afternoon.
            at_most=15 * total / 1_000_000,
            conditions_met=ok,
            note="" if ok else f"verify did not pass: {result.reason}",
            extra={"events_per_s": round(total / seconds)},
        )
    ]


if __name__ == "__main__":
    for f in run(quick=True):
        print(f)
