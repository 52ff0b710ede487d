"""Idempotent policy intake. A batch is one database transaction: one look-up of all its ids,
then the new rows inserted together inside a SAVEPOINT. If that insert clashes (another upload
of the same id committed first), it is rolled back to the savepoint and the rows go in again
with a SAVEPOINT per item, so a clash costs only that item its "accepted". Judging and
re-pricing happen before the transaction, so the write lock is held only for the look-up and
the inserts."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from hq.models import IntakeEvent, Policy, utcnow
from hq.rates import TableCache
from hq.repricing import reprice
from sync.protocol import ItemOutcome, PolicyBatch, PolicyContent, PolicyUploadItem


def _confirmation_code() -> str:
    # Stands in for the national platform's 投保确认码.
    return "QR" + secrets.token_hex(8).upper()


@dataclass
class _Judged:
    item: PolicyUploadItem
    content: PolicyContent | None = None
    reason_code: str = ""
    reason: str = ""


def _invalid_reason(exc: ValidationError) -> str:
    # Names the fields and the rule broken, never the values (they may be personal data).
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'content'}: {e['msg']}"
        for e in exc.errors(include_input=False)[:3]
    )
    return (
        f"The policy content is invalid ({exc.error_count()} problem(s): {problems}); correct the policy at "
        "the outlet and issue it again."
    )


def _storage_refused(
    device_id: str, item: PolicyUploadItem, exc: DBAPIError, events: list[dict[str, Any]]
) -> ItemOutcome:
    # The database refused this one row (e.g. a value longer than its column on PostgreSQL):
    # the item is rejected on its own. The driver's message is not passed on: it may quote values.
    code = getattr(exc.orig, "sqlstate", None) or type(exc.orig).__name__
    events.append(_event(device_id, item, "rejected", "invalid_content"))
    return ItemOutcome(
        policy_id=item.policy_id,
        outcome="rejected",
        reason_code="invalid_content",
        reason=f"Head office's database refused this policy ({code}): a field does not fit what "
        "head office stores (e.g. longer than allowed). Correct the policy and issue it again.",
    )


def _prejudge(conn: Connection, tables: TableCache, item: PolicyUploadItem) -> _Judged:
    """Everything that needs no write: kind, hash, content shape, re-pricing."""
    if item.kind != "policy":
        return _Judged(
            item, None, "unsupported_kind", f"Head office does not take {item.kind} uploads yet."
        )
    if not item.hash_matches():
        return _Judged(
            item,
            None,
            "hash_mismatch",
            "The content does not match its hash; the outlet must re-send it unchanged.",
        )
    try:
        content = item.parsed()
    except ValidationError as exc:
        return _Judged(item, None, "invalid_content", _invalid_reason(exc))
    table = tables.get(conn, content.rate_version)
    if table is None:
        return _Judged(
            item,
            content,
            "unknown_rate_version",
            f"Rate table version {content.rate_version} was never published by head office; re-quote "
            "with a published table and issue again.",
        )
    wrong = reprice(content, table)
    if wrong is not None:
        return _Judged(item, content, *wrong)
    return _Judged(item, content)


def _event(
    device_id: str, item: PolicyUploadItem, outcome: str, reason_code: str = ""
) -> dict[str, Any]:
    return {
        "policy_id": str(item.policy_id),
        "device_id": device_id,
        "outcome": outcome,
        "reason_code": reason_code,
        "content_hash": item.content_hash,
        "at": utcnow(),
    }


def _against_stored(
    device_id: str,
    item: PolicyUploadItem,
    stored_hash: str,
    stored_code: str,
    events: list[dict[str, Any]],
) -> ItemOutcome:
    if stored_hash == item.content_hash:
        events.append(_event(device_id, item, "duplicate"))
        return ItemOutcome(
            policy_id=item.policy_id,
            outcome="duplicate",
            confirmation_code=stored_code,
            reason="duplicate, already accepted",
        )
    events.append(_event(device_id, item, "rejected", "changed_content"))
    return ItemOutcome(
        policy_id=item.policy_id,
        outcome="rejected",
        reason_code="changed_content",
        reason="This policy id was already accepted with different content; the change is "
        "flagged for head office. Issue an endorsement instead of editing the policy.",
    )


def _policy_row(device_id: str, j: _Judged) -> dict[str, Any]:
    assert j.content is not None
    vin = str((j.content.vehicle or {}).get("vin") or "").strip().upper()[:17] or None
    period = j.content.period or (None, None)
    return {
        "policy_id": str(j.item.policy_id),
        "content_hash": j.item.content_hash,
        "device_id": device_id,
        "policy_number": j.content.policy_number,
        "confirmation_code": _confirmation_code(),
        "content_json": json.dumps(j.item.content, ensure_ascii=False),
        "received_at": utcnow(),
        "vin": vin,
        "period_start": period[0],
        "period_end": period[-1],
    }


def _store(conn: Connection, device_id: str, judged: list[_Judged]) -> list[ItemOutcome]:
    ids = [str(j.item.policy_id) for j in judged]
    stored = {
        pid: (h, code)
        for pid, h, code in conn.execute(
            select(Policy.policy_id, Policy.content_hash, Policy.confirmation_code).where(
                Policy.policy_id.in_(ids)
            )
        )
    }
    events: list[dict[str, Any]] = []
    results: list[ItemOutcome | None] = [None] * len(judged)
    new: dict[str, int] = {}  # policy id -> index of its first occurrence in the batch
    repeats: list[int] = []  # the same id again later in this batch
    for i, j in enumerate(judged):
        pid = ids[i]
        if pid in stored:
            results[i] = _against_stored(device_id, j.item, *stored[pid], events)
        elif j.reason_code:
            events.append(_event(device_id, j.item, "rejected", j.reason_code))
            results[i] = ItemOutcome(
                policy_id=j.item.policy_id,
                outcome="rejected",
                reason_code=j.reason_code,
                reason=j.reason,
            )
        elif pid in new:
            repeats.append(i)
        else:
            new[pid] = i
    rows = {pid: _policy_row(device_id, judged[i]) for pid, i in sorted(new.items())}
    try:
        # Fast path: every new row in one statement. Rows go in id order, so two batches racing
        # over the same ids wait for each other instead of deadlocking.
        with conn.begin_nested():
            if rows:
                conn.execute(insert(Policy), list(rows.values()))
    except OperationalError:
        raise  # busy or away: the whole batch is answered "retry"
    except DBAPIError:
        # Some id was stored by a concurrent upload meanwhile, or one row does not fit: nothing
        # of the bulk insert stays; insert again one SAVEPOINT per item, so only the clashing or
        # refused items are answered otherwise.
        for pid, row in rows.items():
            i = new[pid]
            try:
                with conn.begin_nested():
                    conn.execute(insert(Policy), [row])
            except IntegrityError as exc:
                found = conn.execute(
                    select(Policy.content_hash, Policy.confirmation_code).where(
                        Policy.policy_id == pid
                    )
                ).first()
                if found is None:
                    results[i] = _storage_refused(device_id, judged[i].item, exc, events)
                    continue
                stored[pid] = (found[0], found[1])
                results[i] = _against_stored(device_id, judged[i].item, found[0], found[1], events)
            except OperationalError:
                raise
            except DBAPIError as exc:
                results[i] = _storage_refused(device_id, judged[i].item, exc, events)
    for pid, row in rows.items():
        if results[new[pid]] is None:
            stored[pid] = (row["content_hash"], row["confirmation_code"])
            results[new[pid]] = ItemOutcome(
                policy_id=judged[new[pid]].item.policy_id,
                outcome="accepted",
                confirmation_code=row["confirmation_code"],
            )
    for i in repeats:
        first = results[new[ids[i]]]
        if ids[i] in stored:
            results[i] = _against_stored(device_id, judged[i].item, *stored[ids[i]], events)
        elif first is not None:  # the first occurrence was refused: so is this one
            results[i] = first
    if events:
        conn.execute(insert(IntakeEvent), events)
    return [r for r in results if r is not None]


def receive_batch(
    engine: Engine, tables: TableCache, device_id: str, batch: PolicyBatch
) -> list[ItemOutcome]:
    try:
        with engine.connect() as reader:
            judged = [_prejudge(reader, tables, item) for item in batch.items]
            reader.rollback()
        with engine.connect().execution_options(hq_writer=True) as conn, conn.begin():
            return _store(conn, device_id, judged)
    except OperationalError:
        # The database is busy or briefly away: nothing of this batch was stored; the outlet
        # sends these items again later.
        return [
            ItemOutcome(
                policy_id=item.policy_id,
                outcome="retry",
                reason="Head office database busy; send this item again later.",
            )
            for item in batch.items
        ]
