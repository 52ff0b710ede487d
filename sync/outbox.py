"""The outbox uploader (outlet side). Issuing writes an outbox row in the same transaction as
the policy; this module sends pending rows to head office in small batches and applies each
item's answer in one transaction with its consequences:

- accepted / duplicate (already accepted earlier): the row is acknowledged and `on_accepted`
  runs (the policy is confirmed with head office's code);
- rejected: the row is closed and `on_rejected` runs (the policy goes to the 待处理 queue);
- retry (head office could not take this one item now): the row alone backs off.

A dropped connection or a timeout leaves every row of the batch pending with its own backoff;
nothing is dropped silently. A crash between sending and recording the answer only means the
batch is sent again, and head office answers "duplicate" for what it already holds."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, defer

from local_db.models import OutboxItem
from local_db.store import Store
from local_db.types import utcnow
from sync.backoff import Backoff

MAX_BATCH_ITEMS = 50
MAX_BATCH_BYTES = 256 * 1024  # gzip-compressed
# What this uploader carries. Look-ups and referrals wait in the same table (sync/queued_calls.py);
# endorsement and cancellation rows stay queued until head office takes them (protocol v1 has the
# kinds, head office answers "unsupported_kind" today).
UPLOAD_KINDS = ("policy",)


@dataclass(frozen=True)
class ItemResult:
    key: str  # the idempotency key (the outlet's permanent policy id)
    outcome: str  # accepted | duplicate | rejected | retry
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)  # e.g. {"confirmation_code": ...}


class LinkDown(Exception):
    """The link failed (refused, timed out, cut, unreadable answer): try the batch later."""


class Transport(Protocol):
    def upload(
        self, items: Sequence[dict[str, Any]], compressed_body: bytes
    ) -> list[ItemResult]: ...


Hook = Callable[[Session, OutboxItem, ItemResult], None]


@dataclass
class RunReport:
    sent: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    retry: int = 0
    link_error: str = ""


def _row(session: Session, row_id: int) -> OutboxItem:
    item = session.get(OutboxItem, row_id)
    if item is None:  # rows are never deleted; a missing one means the store was replaced under us
        raise LookupError(f"outbox row {row_id} disappeared")
    return item


def encode_batch(items: Sequence[dict[str, Any]]) -> bytes:
    raw = json.dumps({"items": list(items)}, ensure_ascii=False, separators=(",", ":"), default=str)
    return gzip.compress(raw.encode("utf-8"), compresslevel=6)


class OutboxUploader:
    def __init__(
        self,
        store: Store,
        transport: Transport,
        *,
        on_accepted: Hook | None = None,
        on_rejected: Hook | None = None,
        clock: Callable[[], datetime] = utcnow,
        backoff: Backoff | None = None,
        max_items: int = MAX_BATCH_ITEMS,
        max_bytes: int = MAX_BATCH_BYTES,
        kinds: tuple[str, ...] = UPLOAD_KINDS,
        prefetch: Callable[[Session, list[OutboxItem]], None] | None = None,
        after_batch: Callable[[Session], None] | None = None,
    ) -> None:
        self._store = store
        self._transport = transport
        self._on_accepted = on_accepted
        self._on_rejected = on_rejected
        self._clock = clock
        self._backoff = backoff or Backoff()
        self._max_items = max_items
        self._max_bytes = max_bytes
        self._kinds = kinds
        self._prefetch = prefetch
        self._after_batch = after_batch

    def pending_count(self) -> int:
        with self._store.read() as s:
            return len(
                s.execute(
                    select(OutboxItem.id)
                    .where(OutboxItem.status == "pending")
                    .where(OutboxItem.kind.in_(self._kinds))
                ).all()
            )

    def _due(self, limit: int) -> list[tuple[int, str, dict[str, Any]]]:
        now = self._clock()
        with self._store.read() as s:
            q = (
                select(OutboxItem.id, OutboxItem.idempotency_key, OutboxItem.payload)
                .where(OutboxItem.status == "pending")
                .where(OutboxItem.kind.in_(self._kinds))
                .where(or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now))
                .order_by(OutboxItem.id)
                .limit(limit)
            )
            return [(i, k, p) for i, k, p in s.execute(q)]

    def _batches(self, rows: list[tuple[int, str, dict[str, Any]]]):
        batch: list[tuple[int, str, dict[str, Any]]] = []
        raw_size = 0
        for row in rows:
            candidate = batch + [row]
            row_size = len(
                json.dumps(row[2], ensure_ascii=False, separators=(",", ":"), default=str).encode(
                    "utf-8"
                )
            )
            # gzip never makes JSON bigger than its raw size plus a small header, so compressing
            # (costly, and quadratic per batch) is only needed once the raw size passes the limit.
            too_big = (
                raw_size + row_size + 64 > self._max_bytes
                and len(encode_batch([r[2] for r in candidate])) > self._max_bytes
            )
            if batch and (len(candidate) > self._max_items or too_big):
                yield batch
                batch = [row]
                raw_size = row_size
            else:
                batch = candidate
                raw_size += row_size
        if batch:
            yield batch

    def _send(self, batch) -> list[ItemResult]:
        payloads = [p for _, _, p in batch]
        return self._transport.upload(payloads, encode_batch(payloads))

    def run_once(self, limit: int = 10_000) -> RunReport:
        report = RunReport()
        batches = list(self._batches(self._due(limit)))
        if not batches:
            return report
        # One batch in flight while the previous one's answers are written: head office's work
        # and the link's latency overlap the outlet's own transaction. Still one request at a time,
        # in order; an answer is applied only after it arrived whole.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-upload") as pool:
            in_flight = pool.submit(self._send, batches[0])
            for i, batch in enumerate(batches):
                try:
                    results = in_flight.result()
                except LinkDown as exc:
                    self._defer(batch, str(exc))
                    report.link_error = str(exc)
                    break  # the link is down: the rest waits for the next run
                if i + 1 < len(batches):
                    in_flight = pool.submit(self._send, batches[i + 1])
                self._apply(batch, results, report)
                report.sent += len(batch)
        return report

    def _defer(self, batch, error: str) -> None:
        now = self._clock()
        with self._store.write() as s:
            for row_id, _, _ in batch:
                item = _row(s, row_id)
                item.attempts += 1
                item.last_error = error[:500]
                item.next_attempt_at = now + timedelta(
                    seconds=self._backoff.delay_for(item.attempts)
                )

    def _apply(self, batch, results: list[ItemResult], report: RunReport) -> None:
        by_key = {r.key: r for r in results}
        now = self._clock()
        with self._store.write() as s:
            # One query for the batch's rows (and the hook's own prefetch) instead of one per row.
            rows = {
                r.id: r
                for r in s.execute(
                    select(OutboxItem)
                    .options(defer(OutboxItem.payload))
                    .where(OutboxItem.id.in_([b[0] for b in batch]))
                ).scalars()
            }
            if self._prefetch:
                self._prefetch(s, list(rows.values()))
            changes: list[tuple[OutboxItem, dict[str, Any]]] = []
            for row_id, key, _ in batch:
                item = rows.get(row_id)
                if (
                    item is None
                ):  # rows are never deleted; a missing one means the store was replaced under us
                    raise LookupError(f"outbox row {row_id} disappeared")
                result = by_key.get(key) or ItemResult(key, "retry", "no answer for this item")
                attempts = item.attempts + 1
                if result.outcome in ("accepted", "duplicate"):
                    changes.append((item, {"status": "acked", "acked_at": now, "last_error": None}))
                    if result.outcome == "accepted":
                        report.accepted += 1
                    else:
                        report.duplicates += 1
                    if self._on_accepted:
                        self._on_accepted(s, item, result)
                elif result.outcome == "rejected":
                    changes.append(
                        (item, {"status": "rejected", "last_error": result.reason[:500]})
                    )
                    report.rejected += 1
                    if self._on_rejected:
                        self._on_rejected(s, item, result)
                else:
                    changes.append(
                        (
                            item,
                            {
                                "last_error": result.reason[:500],
                                "next_attempt_at": now
                                + timedelta(seconds=self._backoff.delay_for(attempts)),
                            },
                        )
                    )
                    report.retry += 1
            # The rows change only now: hooks that flush (audit records) do not write them one by
            # one, and the commit sends them together.
            for item, values in changes:
                item.attempts += 1
                for name, value in values.items():
                    setattr(item, name, value)
            if self._after_batch:
                self._after_batch(s)
