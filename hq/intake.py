"""Idempotent policy intake. A batch is one database transaction: one look-up of all its ids,
then the new rows inserted together inside a SAVEPOINT. If that insert clashes (another upload
of the same id or number committed first), it is rolled back to the savepoint and the rows go in
again with a SAVEPOINT per item, so a clash costs only that item its "accepted".

What needs no write (kind, hash, shape, the number's range, the policy's period and class,
re-pricing) is judged before the transaction. What depends on every other outlet's policies (is
the number free, does the cover overlap a policy already accepted) is judged inside it, after the
vehicles of the batch are locked, so two outlets racing with the same vehicle cannot both win.

A device sees and affects only its own policies: another device's policy id is refused without
its confirmation code and without flagging that policy."""

from __future__ import annotations

import functools
import json
import operator
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    String,
    Table,
    any_,
    bindparam,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.sql.elements import ColumnElement, TextClause

from app.core.policy_number import parse as parse_number
from hq.models import Device, IntakeEvent, Policy, PolicyCover, PolicyNumber, utcnow
from hq.personal_data import DataKey
from hq.rates import TableCache
from hq.repricing import check_policy, reprice
from sync.protocol import (
    ItemOutcome,
    PolicyBatch,
    PolicyContent,
    PolicyUploadItem,
    describe_errors,
)


def _confirmation_code() -> str:
    # Stands in for the national platform's 投保确认码.
    return "QR" + secrets.token_hex(8).upper()


@dataclass(frozen=True)
class Uploader:
    """The device a batch comes from, and the (outlet, device number) ranges it may upload."""

    device_id: str
    ranges: frozenset[tuple[str, int]]


@dataclass
class _Judged:
    item: PolicyUploadItem
    content: PolicyContent | None = None
    reason_code: str = ""
    reason: str = ""
    canonical: bytes = b""  # the content's byte form, made once (hashed, measured, stored)


def _invalid_reason(problems: str) -> str:
    # Names the fields and the rule broken, never the values (they may be personal data).
    return (
        f"The policy content is invalid ({problems}); correct the policy at the outlet and issue "
        "it again."
    )


def _storage_refused(
    uploader: Uploader, item: PolicyUploadItem, exc: DBAPIError, events: list[dict[str, Any]]
) -> ItemOutcome:
    # The database refused this one row (e.g. a value longer than its column on PostgreSQL):
    # the item is rejected on its own. The driver's message is not passed on: it may quote values.
    code = getattr(exc.orig, "sqlstate", None) or type(exc.orig).__name__
    events.append(_event(uploader, item, "rejected", "invalid_content"))
    return _rejected(
        item,
        "invalid_content",
        f"Head office's database refused this policy ({code}): a field does not fit what "
        "head office stores (e.g. longer than allowed). Correct the policy and issue it again.",
    )


def _rejected(item: PolicyUploadItem, code: str, reason: str) -> ItemOutcome:
    return ItemOutcome(
        policy_id=item.policy_id, outcome="rejected", reason_code=code, reason=reason
    )


def _range_refusal(content: PolicyContent, uploader: Uploader) -> tuple[str, str] | None:
    number = parse_number(content.policy_number)
    if number is None:
        return "number_outside_range", (
            f"{content.policy_number} is not a policy number (outlet code, device number, date, "
            "sequence and check character); issue the policy again on a provisioned desk."
        )
    if (number.outlet, number.device) not in uploader.ranges:
        mine = ", ".join(f"{o} device {d:02d}" for o, d in sorted(uploader.ranges))
        return "number_outside_range", (
            f"Policy number {content.policy_number} belongs to outlet {number.outlet} device "
            f"{number.device:02d}, not to this device ({mine}); a device uploads only the numbers "
            "it drew. Provision the desk again if head office gave it a new device number."
        )
    return None


def _prejudge(
    conn: Connection,
    tables: TableCache,
    uploader: Uploader,
    item: PolicyUploadItem,
    now: datetime,
) -> _Judged:
    """Everything that needs no write and no other outlet's policies."""
    if item.kind != "policy":
        return _Judged(
            item, None, "unsupported_kind", f"Head office does not take {item.kind} uploads yet."
        )
    canonical = item.canonical()
    if not item.hash_matches(canonical):
        return _Judged(
            item,
            None,
            "hash_mismatch",
            "The content does not match its hash; the outlet must re-send it unchanged.",
        )
    try:
        content = item.parsed(canonical)
    except ValidationError as exc:
        return _Judged(item, None, "invalid_content", _invalid_reason(describe_errors(exc)))
    except ValueError as exc:  # too large as a whole
        return _Judged(item, None, "invalid_content", _invalid_reason(str(exc)))
    for refusal in (_range_refusal(content, uploader), check_policy(content, now)):
        if refusal is not None:
            return _Judged(item, content, *refusal)
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
    return _Judged(item, content, canonical=canonical)


def _event(
    uploader: Uploader, item: PolicyUploadItem, outcome: str, reason_code: str = ""
) -> dict[str, Any]:
    return {
        "policy_id": str(item.policy_id),
        "device_id": uploader.device_id,
        "outcome": outcome,
        "reason_code": reason_code,
        "content_hash": item.content_hash,
        "at": utcnow(),
    }


@dataclass(frozen=True)
class _Stored:
    content_hash: str
    confirmation_code: str
    device_id: str


def _against_stored(
    uploader: Uploader,
    item: PolicyUploadItem,
    stored: _Stored,
    events: list[dict[str, Any]],
) -> ItemOutcome:
    if stored.device_id != uploader.device_id:
        # Another device's policy: no code, no flag on that policy, nothing said about it.
        events.append(_event(uploader, item, "rejected", "foreign_policy_id"))
        return _rejected(
            item,
            "foreign_policy_id",
            "This policy id is not one of this device's policies; every policy travels under the "
            "id its own desk gave it. Issue the policy again.",
        )
    if stored.content_hash == item.content_hash:
        events.append(_event(uploader, item, "duplicate"))
        return ItemOutcome(
            policy_id=item.policy_id,
            outcome="duplicate",
            confirmation_code=stored.confirmation_code,
            reason="duplicate, already accepted",
        )
    events.append(_event(uploader, item, "rejected", "changed_content"))
    return _rejected(
        item,
        "changed_content",
        "This policy id was already accepted with different content; the change is "
        "flagged for head office. Issue an endorsement instead of editing the policy.",
    )


def cover_codes(content: PolicyContent) -> list[str]:
    return sorted({c.code for c in content.covers})


def _policy_row(uploader: Uploader, j: _Judged, key: DataKey) -> dict[str, Any]:
    assert j.content is not None
    start, end = j.content.period
    pid = str(j.item.policy_id)
    holder = j.content.customer
    return {
        "policy_id": pid,
        "content_hash": j.item.content_hash,
        "device_id": uploader.device_id,
        "policy_number": j.content.policy_number,
        "confirmation_code": _confirmation_code(),
        # The content names the parties: sealed with the data key, never stored in clear.
        "content_json": key.seal(
            (j.canonical or j.item.canonical()).decode("utf-8"), f"policies.content_json:{pid}"
        ),
        "holder_idx": key.blind_index(holder.id_type, holder.id_number),
        "received_at": utcnow(),
        "vin": j.content.vehicle.vin,
        "period_start": start,
        "period_end": end,
    }


@dataclass(frozen=True)
class _Cover:
    policy_id: str
    policy_number: str
    outlet: str
    vin: str
    cover: str
    start: str
    end: str


def _insert_all(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """`rows` (each with the same keys) into `table`. On PostgreSQL as one statement reading the
    rows from one JSON text (see `_json_insert`): psycopg's executemany runs a statement per row
    (a batch of 50 policies is some 350 rows: policy, number, covers, events), each parsed and
    run by the server and passed through psycopg's Python per row, and column arrays (`unnest`)
    are dumped by psycopg element by element in Python; json.dumps makes the one parameter in C.
    A value too long for its column is still refused by the database (the assignment cast
    checks it). SQLite's executemany is already a loop in C over one prepared statement."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    keys = tuple(rows[0])
    row = operator.itemgetter(*keys)
    values = [row(r) for r in rows] if len(keys) > 1 else [[row(r)] for r in rows]
    # Made in C: a datetime (received_at, at) is the only value json cannot write itself.
    conn.execute(
        _json_insert(table.__table__, keys),
        {"rows": json.dumps(values, default=_iso_datetime)},
    )


def _iso_datetime(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a column value head office stores")


@functools.cache
def _json_insert(table: Table, keys: tuple[str, ...]) -> TextClause:
    def sql_type(column: Column[Any]) -> str:
        kind = column.type
        if isinstance(kind, DateTime):
            return "timestamptz" if kind.timezone else "timestamp"
        if isinstance(kind, Integer):
            return "bigint"
        if isinstance(kind, Boolean):
            return "boolean"
        return "text"  # String and Text: checked against the column's length when assigned

    # Rows travel as JSON arrays (no key repeated per row); element i is column keys[i]. As
    # jsonb, parsed once: on `json`, each `->>` scans the row's text again (a policy row holds
    # its ~2.5 KB sealed content), and the policies' INSERT cost the server 3x as much. Rows go
    # in in the order given (the caller's id order keeps racing batches from deadlocking).
    picks = ", ".join(f"CAST(r->>{i} AS {sql_type(table.c[k])})" for i, k in enumerate(keys))
    return text(
        f"INSERT INTO {table.name} ({', '.join(keys)}) SELECT {picks} FROM "
        "jsonb_array_elements(CAST(:rows AS jsonb)) WITH ORDINALITY AS e(r, n) ORDER BY n"
    )


def _one_of(conn: Connection, column: Any, values: list[str]) -> ColumnElement[bool]:
    """`column IN values`. On PostgreSQL `= ANY` of one array parameter: SQLAlchemy renders and
    binds an IN list's parameters anew on every execution (a parameter per id, number and VIN:
    150 for a batch of 50), and that was the largest part of storing a batch in Python."""
    if conn.dialect.name != "postgresql":
        return column.in_(values)  # type: ignore[no-any-return]
    return column == any_(bindparam(None, values, type_=ARRAY(String)))  # type: ignore[no-any-return]


def _lock_vehicles(conn: Connection, vins: list[str]) -> None:
    """Two batches with the same vehicle take turns (PostgreSQL: a transaction-scoped advisory
    lock per VIN, in a fixed order so they cannot deadlock; SQLite's BEGIN IMMEDIATE already
    admits one writer at a time)."""
    if conn.dialect.name != "postgresql" or not vins:
        return
    # One statement for the batch (a round trip per vehicle was a tenth of a batch's time); the
    # sub-select's byte-wise order is the order the locks are taken in.
    conn.execute(
        text(
            "SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT hashtext('chudan-vin:' || v) AS h"
            ' FROM unnest(CAST(:vins AS text[])) AS v ORDER BY v COLLATE "C") AS ordered'
        ),
        {"vins": sorted(set(vins))},
    )


def _covers_held(conn: Connection, vins: list[str]) -> dict[str, list[_Cover]]:
    """The covers already stored for these vehicles, by VIN."""
    held: dict[str, list[_Cover]] = {}
    if not vins:
        return held
    rows = conn.execute(
        select(
            PolicyCover.policy_id,
            Policy.policy_number,
            Device.outlet_code,
            PolicyCover.vin,
            PolicyCover.cover,
            PolicyCover.period_start,
            PolicyCover.period_end,
        )
        .join(Policy, Policy.policy_id == PolicyCover.policy_id)
        .join(Device, Device.id == Policy.device_id)
        .where(_one_of(conn, PolicyCover.vin, sorted(set(vins))))
    )
    for r in rows:
        cover = _Cover(*r)
        held.setdefault(cover.vin, []).append(cover)
    return held


def _overlap(
    content: PolicyContent, codes: list[str], held: dict[str, list[_Cover]]
) -> tuple[str, str] | None:
    """`held`: the covers held so far by vehicle (a list over the whole batch made each check
    walk every other policy's covers: quadratic in the batch)."""
    start, end = content.period
    for h in held.get(content.vehicle.vin, ()):
        if h.cover in codes and h.start <= end and start <= h.end:
            what = "CTPL (交强险)" if h.cover == "ctpl" else f"commercial cover {h.cover}"
            return "overlapping_cover", (
                f"This vehicle already has {what} from {h.start} to {h.end} under policy "
                f"{h.policy_number} (outlet {h.outlet}); a vehicle has one such cover for any day. "
                "Start the new policy after that one ends, or cancel it first."
            )
    return None


def _store(
    conn: Connection,
    uploader: Uploader,
    judged: list[_Judged],
    key: DataKey,
    outlet_code: str = "",
) -> list[ItemOutcome]:
    ids = [str(j.item.policy_id) for j in judged]
    # The batch's vehicles first: a batch racing this one with the same vehicle (the same policy
    # resent, or another outlet's) has committed by the time anything below is read.
    _lock_vehicles(conn, [j.content.vehicle.vin for j in judged if j.content is not None])
    stored = {
        pid: _Stored(h, code, dev)
        for pid, h, code, dev in conn.execute(
            select(
                Policy.policy_id, Policy.content_hash, Policy.confirmation_code, Policy.device_id
            ).where(_one_of(conn, Policy.policy_id, ids))
        )
    }
    events: list[dict[str, Any]] = []
    results: list[ItemOutcome | None] = [None] * len(judged)
    new: dict[str, int] = {}  # policy id -> index of its first occurrence in the batch
    repeats: list[int] = []  # the same id again later in this batch
    for i, j in enumerate(judged):
        pid = ids[i]
        if pid in stored:
            results[i] = _against_stored(uploader, j.item, stored[pid], events)
        elif j.reason_code:
            events.append(_event(uploader, j.item, "rejected", j.reason_code))
            results[i] = _rejected(j.item, j.reason_code, j.reason)
        elif pid in new:
            repeats.append(i)
        else:
            new[pid] = i
    # Against every outlet's policies: the number held once, no overlapping cover; within the
    # batch, the first sent wins.
    order = sorted(new.items(), key=lambda kv: kv[1])
    contents = {pid: judged[i].content for pid, i in order}
    codes = {pid: cover_codes(c) for pid, c in contents.items() if c is not None}
    vins = [c.vehicle.vin for c in contents.values() if c is not None]
    held = _covers_held(conn, vins)
    numbers = [c.policy_number for c in contents.values() if c is not None]
    taken = set(
        conn.scalars(
            select(PolicyNumber.policy_number).where(
                _one_of(conn, PolicyNumber.policy_number, numbers)
            )
        )
    )
    rows: dict[str, dict[str, Any]] = {}
    for pid, i in order:
        content = judged[i].content
        assert content is not None
        refusal = (
            ("duplicate_number", _number_taken(content.policy_number))
            if content.policy_number in taken
            else _overlap(content, codes[pid], held)
        )
        if refusal is not None:
            events.append(_event(uploader, judged[i].item, "rejected", refusal[0]))
            results[i] = _rejected(judged[i].item, *refusal)
            continue
        rows[pid] = _policy_row(uploader, judged[i], key)
        taken.add(content.policy_number)
        start, end = content.period
        vin = content.vehicle.vin
        held.setdefault(vin, []).extend(
            _Cover(pid, content.policy_number, outlet_code, vin, code, start, end)
            for code in codes[pid]
        )

    def insert_rows(pids: list[str]) -> None:
        _insert_all(conn, Policy, [rows[p] for p in pids])
        _insert_all(
            conn,
            PolicyNumber,
            [{"policy_number": rows[p]["policy_number"], "policy_id": p} for p in pids],
        )
        covers = [
            {
                "policy_id": p,
                "vin": rows[p]["vin"],
                "cover": code,
                "period_start": rows[p]["period_start"],
                "period_end": rows[p]["period_end"],
            }
            for p in pids
            for code in codes[p]
        ]
        _insert_all(conn, PolicyCover, covers)

    try:
        # Fast path: every new row in one statement. Rows go in id order, so two batches racing
        # over the same ids wait for each other instead of deadlocking.
        with conn.begin_nested():
            if rows:
                insert_rows(sorted(rows))
    except OperationalError:
        raise  # busy or away: the whole batch is answered "retry"
    except DBAPIError:
        # Some id or number was stored by a concurrent upload meanwhile, or one row does not fit:
        # nothing of the bulk insert stays; insert again one SAVEPOINT per item, so only the
        # clashing or refused items are answered otherwise.
        for pid in sorted(rows):
            i = new[pid]
            try:
                with conn.begin_nested():
                    insert_rows([pid])
            except IntegrityError as exc:
                found = conn.execute(
                    select(Policy.content_hash, Policy.confirmation_code, Policy.device_id).where(
                        Policy.policy_id == pid
                    )
                ).first()
                if found is not None:
                    stored[pid] = _Stored(*found)
                    results[i] = _against_stored(uploader, judged[i].item, stored[pid], events)
                else:
                    results[i] = _number_clash(
                        conn, uploader, judged[i].item, rows[pid], exc, events
                    )
                del rows[pid]
            except OperationalError:
                raise
            except DBAPIError as exc:
                results[i] = _storage_refused(uploader, judged[i].item, exc, events)
                del rows[pid]
    for pid, row in rows.items():
        stored[pid] = _Stored(row["content_hash"], row["confirmation_code"], uploader.device_id)
        results[new[pid]] = ItemOutcome(
            policy_id=judged[new[pid]].item.policy_id,
            outcome="accepted",
            confirmation_code=row["confirmation_code"],
        )
    for i in repeats:
        first = results[new[ids[i]]]
        if ids[i] in stored:
            results[i] = _against_stored(uploader, judged[i].item, stored[ids[i]], events)
        elif first is not None:  # the first occurrence was refused: so is this one
            results[i] = first
    _insert_all(conn, IntakeEvent, events)
    return [r for r in results if r is not None]


def _number_clash(
    conn: Connection,
    uploader: Uploader,
    item: PolicyUploadItem,
    row: dict[str, Any],
    exc: IntegrityError,
    events: list[dict[str, Any]],
) -> ItemOutcome:
    """A concurrent upload committed this number first (or the row does not fit at all)."""
    holder = conn.scalar(
        select(PolicyNumber.policy_id).where(PolicyNumber.policy_number == row["policy_number"])
    )
    if holder is None:
        return _storage_refused(uploader, item, exc, events)
    events.append(_event(uploader, item, "rejected", "duplicate_number"))
    return _rejected(item, "duplicate_number", _number_taken(row["policy_number"]))


def _number_taken(number: str) -> str:
    return (
        f"Policy number {number} is held by another policy already; a number is used once. The "
        "desk must draw its numbers after the last one head office holds (sync, then issue again)."
    )


def receive_batch(
    engine: Engine,
    tables: TableCache,
    uploader: Uploader,
    batch: PolicyBatch,
    key: DataKey,
    *,
    outlet_code: str = "",
    now: datetime | None = None,
) -> list[ItemOutcome]:
    at = now or datetime.now().astimezone()
    try:
        with engine.connect() as reader:
            judged = [_prejudge(reader, tables, uploader, item, at) for item in batch.items]
            reader.rollback()
        with engine.connect().execution_options(hq_writer=True) as conn, conn.begin():
            return _store(conn, uploader, judged, key, outlet_code)
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
