"""The audit log: append-only and hash-chained. Each event's hash covers its content and the
previous event's hash, so editing, deleting or reordering any row breaks the chain at that row.

The chain alone proves nothing against someone holding the store key: they can delete the last
events, or edit one and recompute every later hash. Two things close that:
- the seal: a provisioned desk keeps (count, last hash) of its chain in the store with an
  HMAC-SHA256 over them by a key the store does not hold (local_db.keystore: the OS keyring or
  a 0600 file beside the store), advanced with every event; a rewrite then needs that key too;
- the anchor: every sync sends (count, last hash) to head office, which keeps it and refuses a
  chain that shrank or forked; the last anchor head office acknowledged is kept in the seal and
  `verify` checks the chain still holds it.

Summaries are masked here (app.core.masking) whatever the caller passes."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.core.masking import mask_text
from local_db.keystore import create_seal_key, load_seal_key
from local_db.models import AuditEvent, Setting
from local_db.store import Store
from local_db.types import utcnow

GENESIS = "0" * 64
# Built once: constructing a statement costs about as much as running it on a small table.
_LAST_EVENT = select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
_INSERT_EVENT = insert(AuditEvent)
SEAL_KEY = "audit.seal"  # the setting row that holds the seal
_SEAL = select(Setting.value).where(Setting.key == SEAL_KEY)
# Raw columns, no ORM objects or type conversion: a million events verify in seconds. `ts` is
# stored as the very ISO text the hash covers (local_db.types.UTCDateTime).
_ALL_EVENTS_SQL = (
    "SELECT id, ts, actor, action, object_type, object_id, summary, prev_hash, hash "
    "FROM audit_event ORDER BY id"
)


def _rows(cursor: Any, block: int = 10_000) -> Any:
    while rows := cursor.fetchmany(block):
        yield from rows


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


_encode_string = json.encoder.encode_basestring  # json.dumps(ensure_ascii=False)'s, in C
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_sha256 = hashlib.sha256


def _row_hash(row: Any) -> str:
    """event_hash of a raw row (its ts already the ISO text the hash covers). The JSON is
    written by hand with json's own string encoder — the same bytes as json.dumps, in a third of
    the time — unless a column is not what the table declares (then json.dumps says what it is)."""
    e = _encode_string
    try:
        text_ = "[%d,%s,%s,%s,%s,%s,%s,%s]" % (  # noqa: UP031 (the fastest here)
            row[0], e(row[1]), e(row[2]), e(row[3]), e(row[4]), e(row[5]), e(row[6]), e(row[7])
        )  # fmt: skip
    except TypeError:
        text_ = _dumps(list(row[:8]))
    return _sha256(text_.encode("utf-8")).hexdigest()


def _seal_mac(key: bytes, seal: dict[str, Any]) -> str:
    body = {k: v for k, v in seal.items() if k != "mac"}
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _seal_holds(key: bytes, seal: Any) -> bool:
    return (
        isinstance(seal, dict)
        and isinstance(seal.get("mac"), str)
        and hmac.compare_digest(seal["mac"], _seal_mac(key, seal))
    )


@dataclass(frozen=True)
class Anchor:
    """The last chain head head office acknowledged: `count` events ending in `hash`, at `at`."""

    count: int
    hash: str
    at: str  # ISO time of head office's acknowledgement


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    reason: str = ""
    sealed_from: int | None = None  # the first event the seal covered; None: not sealed
    anchor: Anchor | None = None  # the last anchor head office acknowledged
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "broken_event_id": self.broken_event_id,
            "reason": self.reason,
            "sealed_from": self.sealed_from,
            "anchor": (
                {"count": self.anchor.count, "hash": self.anchor.hash, "at": self.anchor.at}
                if self.anchor
                else None
            ),
            "notes": self.notes,
        }


class AuditLog:
    def __init__(self, store: Store, clock: Callable[[], datetime] = utcnow) -> None:
        self._store = store
        self._clock = clock
        self._seal_key: bytes | None = None
        self._seal_key_read = False

    # -- the seal key (outside the store) --------------------------------------------------------
    def _key(self, reload: bool = False) -> bytes | None:
        if reload or not self._seal_key_read:
            self._seal_key = load_seal_key(self._store.path)
            self._seal_key_read = True
        return self._seal_key

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
        and every step of the wizard that signs or issues pays for one. On a sealed desk the
        seal moves on to the new event in the same transaction."""
        last = session.execute(_LAST_EVENT).first()
        prev_hash = last.hash if last else GENESIS
        new_id = (last.id + 1) if last else 1
        ts = self._clock()
        summary = mask_text(summary)
        obj_id = str(object_id)
        new_hash = event_hash(new_id, ts, actor, action, object_type, obj_id, summary, prev_hash)
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
                "hash": new_hash,
            },
        )
        seal = session.execute(_SEAL).scalar()
        if seal is None:
            return  # not sealed (never provisioned): nothing to move on
        # Another process may have provisioned the desk since this one read its key.
        key = self._key() or self._key(reload=True)
        if key is None or not _seal_holds(key, seal):
            return  # a seal that no longer holds stays as it is: `verify` says so
        if seal.get("count") != new_id - 1 or seal.get("head") != prev_hash:
            return
        self._write_seal(session, key, {**seal, "count": new_id, "head": new_hash}, exists=True)

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

    def _write_seal(
        self, session: Session, key: bytes, seal: dict[str, Any], *, exists: bool
    ) -> None:
        body = {k: v for k, v in seal.items() if k != "mac"}
        body["mac"] = _seal_mac(key, body)
        if exists:
            session.execute(
                update(Setting)
                .where(Setting.key == SEAL_KEY)
                .values(value=body, updated_at=self._clock())
            )
        else:
            session.add(Setting(key=SEAL_KEY, value=body))
            session.flush()

    def start_seal(self) -> bool:
        """Seal the chain as it stands, with the desk's seal key (made now if it has none): at
        provisioning, and at a sync of a desk provisioned before seals. A seal already there is
        left alone. True when a seal was started."""
        key = create_seal_key(self._store.path)
        self._seal_key, self._seal_key_read = key, True
        with self._store.write() as session:
            if session.execute(_SEAL).scalar() is not None:
                return False
            last = session.execute(_LAST_EVENT).first()
            count, head = (last.id, last.hash) if last else (0, GENESIS)
            self._write_seal(
                session,
                key,
                {
                    "count": count,
                    "head": head,
                    "from": count + 1,
                    "since": self._clock().isoformat(),
                },
                exists=False,
            )
        return True

    def has_seal_key(self) -> bool:
        return self._key(reload=True) is not None

    def sealed_from(self) -> int | None:
        """The first event the seal covers (None: not sealed)."""
        with self._store.read() as session:
            seal = session.execute(_SEAL).scalar()
        if not isinstance(seal, dict) or not isinstance(seal.get("from"), int):
            return None
        return int(seal["from"])

    def is_sealed(self) -> bool:
        with self._store.read() as session:
            return session.execute(_SEAL).scalar() is not None

    # -- anchoring -------------------------------------------------------------------------------
    def head(self) -> tuple[int, str]:
        """(how many events, the last one's hash)."""
        with self._store.read() as session:
            last = session.execute(_LAST_EVENT).first()
        return (last.id, last.hash) if last else (0, GENESIS)

    def hash_at(self, event_id: int) -> str | None:
        with self._store.read() as session:
            return session.execute(
                select(AuditEvent.hash).where(AuditEvent.id == event_id)
            ).scalar()

    def events_since(self, action: str, after: int, upto: int) -> list[AuditEvent]:
        """Events of one action with after < id <= upto (e.g. recoveries since the last anchor)."""
        with self._store.read() as session:
            return list(
                session.execute(
                    select(AuditEvent)
                    .where(
                        AuditEvent.action == action, AuditEvent.id > after, AuditEvent.id <= upto
                    )
                    .order_by(AuditEvent.id)
                ).scalars()
            )

    def acknowledged(self, count: int, head_hash: str, at: datetime) -> bool:
        """Keep head office's acknowledgement of the chain up to `count` in the seal (only a seal
        that holds is moved on). False when it could not be kept."""
        key = self._key() or self._key(reload=True)
        if key is None:
            return False
        with self._store.write() as session:
            seal = session.execute(_SEAL).scalar()
            if not isinstance(seal, dict) or not _seal_holds(key, seal):
                return False
            anchor = {"count": count, "hash": head_hash, "at": at.isoformat(timespec="seconds")}
            self._write_seal(session, key, {**seal, "anchor": anchor}, exists=True)
        return True

    def last_anchor(self) -> Anchor | None:
        with self._store.read() as session:
            seal = session.execute(_SEAL).scalar()
        return _anchor_of(seal)

    # -- verification ----------------------------------------------------------------------------
    def verify(self) -> VerifyResult:
        with self._store.read() as session:
            seal = session.execute(_SEAL).scalar()
            anchor = _anchor_of(seal)
            anchor_hash: str | None = None
            prev = GENESIS
            expected_id = 1
            checked = 0
            # The driver's own cursor, in blocks: no result-row objects for a million rows.
            cursor = session.connection().connection.cursor()
            cursor.execute(_ALL_EVENTS_SQL)
            for row in _rows(cursor):
                if row[0] != expected_id:
                    return VerifyResult(False, checked, row[0], f"event {expected_id} is missing")
                if row[7] != prev:
                    return VerifyResult(
                        False, checked, row[0], "does not follow the previous event"
                    )
                if _row_hash(row) != row[8]:
                    return VerifyResult(
                        False, checked, row[0], "content was changed after it was written"
                    )
                prev = row[8]
                if anchor is not None and row[0] == anchor.count:
                    anchor_hash = prev
                expected_id += 1
                checked += 1
        return self._judge_seal(seal, anchor, anchor_hash, checked, prev)

    def _judge_seal(
        self, seal: Any, anchor: Anchor | None, anchor_hash: str | None, count: int, head: str
    ) -> VerifyResult:
        key = self._key(reload=True)
        if seal is None:
            if key is not None and count > 0:
                return VerifyResult(
                    False,
                    count,
                    None,
                    "the log's seal is missing though this desk has its seal key: the log was "
                    "rewritten or the seal removed",
                )
            note = "not sealed: a desk's log is sealed once it is provisioned with head office"
            return VerifyResult(True, count, notes=[note])
        if key is None:
            return VerifyResult(
                False,
                count,
                None,
                "the log is sealed but this desk's seal key (the OS keyring or chudan.db.audit-key "
                "beside the store) is missing: put the key file back to check the seal",
            )
        sealed_from = int(seal.get("from", 1)) if isinstance(seal, dict) else None
        if not _seal_holds(key, seal):
            return VerifyResult(
                False,
                count,
                None,
                "the log's seal does not match the desk's seal key: the log or its seal was "
                "rewritten by someone without that key",
            )
        if seal.get("count") != count or seal.get("head") != head:
            return VerifyResult(
                False,
                count,
                min(count, int(seal.get("count", 0))) + 1,
                f"the log does not end where its seal says ({seal.get('count')} events): events "
                "were added, removed or rewritten without the desk's seal key",
                sealed_from=sealed_from,
                anchor=anchor,
            )
        if anchor is not None and (count < anchor.count or anchor_hash != anchor.hash):
            return VerifyResult(
                False,
                count,
                anchor.count,
                f"the first {anchor.count} events differ from what head office acknowledged on "
                f"{anchor.at[:16].replace('T', ' ')} UTC",
                sealed_from=sealed_from,
                anchor=anchor,
            )
        notes = [] if anchor else ["not yet anchored at head office: sync to anchor it"]
        return VerifyResult(True, count, sealed_from=sealed_from, anchor=anchor, notes=notes)

    def recent(self, limit: int = 100) -> list[AuditEvent]:
        with self._store.read() as session:
            return list(
                session.execute(
                    select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
                ).scalars()
            )


def _anchor_of(seal: Any) -> Anchor | None:
    a = seal.get("anchor") if isinstance(seal, dict) else None
    if not isinstance(a, dict):
        return None
    try:
        return Anchor(int(a["count"]), str(a["hash"]), str(a["at"]))
    except (KeyError, TypeError, ValueError):
        return None
