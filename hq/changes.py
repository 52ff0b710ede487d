"""Head office's side of endorsements and cancellations (docs/changes.md): each change an outlet
uploads is stored once, forever, under its permanent id, and answered the same way every time it
is sent again. A change is judged against the version head office holds:

- numbered outside the uploading device's range (its 批单号 names another outlet or device, or is
  no 批单号 at all): refused as number_outside_range, as a policy number would be (hq.intake);
- made on a version that is no longer current: refused as stale_version, with the changes the
  outlet lacks, so it can record them and redo its change on the current version;
- priced again from head office's own version with the same rules the desk uses
  (app.changes.pricing), never from the outlet's figures; a difference of one fen refuses it;
- accepted: a confirmation code, a new version (one row per policy and number, so two changes on
  the same version can never both be accepted), and for a refund what head office owes, after
  the claims look-up of total losses (nothing refunded for a cover that paid one).

Each change is its own short transaction: the policy's versions are read and the new one written
under the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the unique version row decides a race,
and the loser is answered "retry" and judged again when it is sent again)."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.changes.kinds import Kind, Scope
from app.changes.pricing import Priced, Terms, paid_by_line, price_cancellation, price_endorsement
from app.core.errors import ChudanError, InvalidInput, NotFound
from app.core.money import ZERO, fmt_money
from app.core.policy_number import parse_change
from app.rating import quote_and_underwrite
from hq.devices import number_ranges
from hq.models import (
    Device,
    LookupTotalLoss,
    Policy,
    PolicyChange,
    PolicyVersion,
    StaffAction,
    utcnow,
)
from hq.personal_data import DataKey, data_key
from hq.rates import TableCache
from sync.change_protocol import (
    ChangeBatch,
    ChangeOutcome,
    ChangeUploadItem,
    RefundAnswer,
    RefundPaid,
    RefundQuery,
)


def _code() -> str:
    # Stands in for the national platform's 批改确认码.
    return "PG" + secrets.token_hex(8).upper()


class _Refused(Exception):
    def __init__(self, code: str, reason: str, missed: list[dict[str, Any]] | None = None):
        super().__init__(reason)
        self.code, self.reason, self.missed = code, reason, missed or []


def _lines_of(priced_or_content: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted(
        (str(ln["section"]), str(ln["code"]), fmt_money(Decimal(str(ln["amount"]))))
        for ln in priced_or_content.get("lines") or []
    )


def _policy_content(key: DataKey, policy: Any) -> dict[str, Any]:
    return json.loads(key.open(policy.content_json, f"policies.content_json:{policy.policy_id}"))


def _change_content(key: DataKey, change: Any) -> dict[str, Any]:
    # A change names parties too (a 过户's new owner): sealed like the policy it changes.
    return json.loads(
        key.open(
            _get(change, "content_json"), f"policy_changes.content_json:{_get(change, 'change_id')}"
        )
    )


def _issued_terms(
    conn: Connection, tables: TableCache, policy: Any, key: DataKey
) -> tuple[Terms, Any]:
    content = _policy_content(key, policy)
    table = tables.get(conn, int(content["rate_version"]))
    if table is None:  # a policy head office accepted was priced with a table it published
        raise _Refused("invalid_content", "The policy's rate table is not published.")
    request = content["quote_request"]
    return Terms(request, quote_and_underwrite(request, table).to_json()), table


def _accepted(conn: Connection, policy_id: str) -> list[Any]:
    return list(
        conn.execute(
            select(PolicyChange)
            .where(PolicyChange.policy_id == policy_id, PolicyChange.outcome == "accepted")
            .order_by(PolicyChange.version)
        )
    )


def _terms_at(conn: Connection, policy_id: str, number: int) -> Terms:
    row = conn.execute(
        select(PolicyVersion.terms_json).where(
            PolicyVersion.policy_id == policy_id, PolicyVersion.number == number
        )
    ).scalar_one()
    t = json.loads(row)
    return Terms(t["request"], t["quote"])


def _missed(conn: Connection, change: Any, key: DataKey) -> dict[str, Any]:
    """An accepted change as an outlet records it when it did not make it itself."""
    content = _change_content(key, change)
    priced = json.loads(change.priced_json)
    terms = _terms_at(conn, change.policy_id, change.version)
    return {
        "change_id": change.change_id,
        "kind": change.kind,
        "change_kind": change.change_kind,
        "number": change.number,
        "version": change.version,
        "effective_date": content.get("effective_date"),
        "edits": content.get("edits") or {},
        "lines": priced.get("lines") or [],
        "difference": priced.get("difference") or {"total": change.difference},
        "terms": {"request": terms.request, "quote": terms.quote},
        "confirmation_code": change.confirmation_code,
    }


def _price(
    conn: Connection,
    tables: TableCache,
    policy: Any,
    accepted: list[Any],
    c: dict[str, Any],
    key: DataKey,
) -> tuple[Priced, Priced | None]:
    """(head office's pricing, for a cancellation the same with the total losses looked up)."""
    issued, table = _issued_terms(conn, tables, policy, key)
    current = _terms_at(conn, policy.policy_id, accepted[-1].version) if accepted else issued
    kind = Kind(c["change_kind"])
    effective = date.fromisoformat(c["effective_date"])
    edits = c.get("edits") or {}
    if kind == Kind.CANCEL:
        paid = paid_by_line(
            issued, [json.loads(a.priced_json).get("lines") or [] for a in accepted]
        )
        losses = set(
            conn.execute(
                select(LookupTotalLoss.cover).where(
                    LookupTotalLoss.policy_number == policy.policy_number
                )
            ).scalars()
        )
        scope = Scope(edits.get("scope", "all"))
        as_sent = price_cancellation(current, paid, scope, effective, table, set())
        owed = price_cancellation(current, paid, scope, effective, table, losses)
        return as_sent, owed
    return price_endorsement(current, kind, edits, effective, table), None


Ranges = frozenset[tuple[str, int]]


def _range_refusal(number: str, ranges: Ranges) -> _Refused | None:
    """A device uploads only the 批单号 it drew (its own outlet and device number, or those of the
    devices it replaced), as for policy numbers."""
    parsed = parse_change(number)
    if parsed is None:
        return _Refused(
            "number_outside_range",
            f"{number[:48]!r} is not a 批单号 (outlet code, device number, date, E, sequence, "
            "check character); make the change again at the desk.",
        )
    if (parsed.outlet, parsed.device) not in ranges:
        mine = ", ".join(f"{o} device {d:02d}" for o, d in sorted(ranges)) or "none"
        return _Refused(
            "number_outside_range",
            f"批单号 {number} belongs to outlet {parsed.outlet} device {parsed.device:02d}, not to "
            f"this device ({mine}); a device uploads only the numbers it drew. Provision the "
            "desk again if head office gave it a new device number.",
        )
    return None


def _judge(
    conn: Connection, tables: TableCache, item: ChangeUploadItem, key: DataKey, ranges: Ranges
) -> dict[str, Any]:
    """The row to store for a change not seen before (accepted or refused), or raises
    LookupError when its policy has not reached head office yet."""
    c = item.content
    policy = conn.execute(select(Policy).where(Policy.policy_id == str(item.policy_id))).first()
    if policy is None:
        raise LookupError(str(item.policy_id))
    row: dict[str, Any] = {
        "change_id": str(item.change_id),
        "policy_id": str(item.policy_id),
        "kind": item.kind,
        "change_kind": str(c.get("change_kind", ""))[:24],
        "number": str(c.get("number") or "")[:48],
        "base_version": c.get("base_version") if isinstance(c.get("base_version"), int) else -1,
        "content_hash": item.content_hash,
        "content_json": key.seal(
            json.dumps(c, ensure_ascii=False), f"policy_changes.content_json:{item.change_id}"
        ),
        "received_at": utcnow(),
        "priced_json": "",
        "difference": "0.00",
        "refund": None,
        "refund_state": "",
        "reason_code": "",
        "reason": "",
        "confirmation_code": "",
    }
    try:
        outside = _range_refusal(row["number"], ranges)
        if outside is not None:
            raise outside
        accepted = _accepted(conn, policy.policy_id)
        current = accepted[-1].version if accepted else 0
        if any(
            a.change_kind == Kind.CANCEL
            and _change_content(key, a).get("edits", {}).get("scope") == "all"
            for a in accepted
        ):
            raise _Refused(
                "policy_cancelled",
                f"Policy {policy.policy_number} was cancelled; it cannot be changed any more.",
            )
        if row["base_version"] != current:
            missed = [_missed(conn, a, key) for a in accepted if a.version > row["base_version"]]
            raise _Refused(
                "stale_version",
                f"Policy {policy.policy_number} is at version {current} at head office; this "
                f"change was made on version {row['base_version']}. Record head office's "
                "changes and make the change again on the current version.",
                missed,
            )
        priced, owed = _price(conn, tables, policy, accepted, c, key)
        sent = _lines_of(c)
        ours = _lines_of({"lines": [ln.to_json() for ln in priced.lines]})
        theirs_total = Decimal(str((c.get("premium") or {}).get("difference", {}).get("total")))
        if sent != ours or theirs_total != priced.total:
            raise _Refused(
                "premium_mismatch",
                f"Priced again from head office's version {current}: a difference of "
                f"{fmt_money(priced.total)} against {fmt_money(theirs_total)} on the 批单. "
                "Make the change again with the current rate table.",
            )
    except _Refused as r:
        row.update(outcome="rejected", reason_code=r.code, reason=r.reason)
        row["missed"] = r.missed
        return row
    except (ChudanError, KeyError, TypeError, ValueError, InvalidOperation) as exc:
        # The content does not say what the change is; names no values (they may be personal).
        row.update(
            outcome="rejected",
            reason_code="invalid_content",
            reason=f"The change cannot be read ({type(exc).__name__}); make it again at the desk.",
        )
        return row
    final = owed or priced
    refund = -final.total if final.total < 0 else None
    content = _policy_content(key, policy)
    table = tables.get(conn, int(content["rate_version"]))
    # The insurer's table (head office's copy, not the outlet's word) says who decides.
    row["underwriter"] = table is not None and table.changes.of(row["change_kind"]) == "head_office"
    row.update(
        outcome="accepted",
        version=current + 1,
        confirmation_code=_code(),
        priced_json=json.dumps(final.to_json(), ensure_ascii=False),
        difference=fmt_money(final.total),
        refund=fmt_money(refund) if refund is not None else None,
        refund_state="owed" if refund is not None else "",
    )
    row["terms"] = {"request": final.after.request, "quote": final.after.quote}
    row["total_losses"] = sorted(
        ln.code for ln in final.lines if ln.amount == ZERO and ln.note_en.startswith("this cover")
    )
    return row


def _answer(row: Any, outcome: str, extra: dict[str, Any] | None = None) -> ChangeOutcome:
    extra = extra or {}
    return ChangeOutcome(
        change_id=row["change_id"] if isinstance(row, dict) else row.change_id,
        outcome=outcome,  # type: ignore[arg-type]
        confirmation_code=_get(row, "confirmation_code"),
        reason_code=_get(row, "reason_code"),
        reason=_get(row, "reason"),
        version=_get(row, "version") or None,
        refund=_get(row, "refund") or None,
        total_losses=extra.get("total_losses") or [],
        missed=extra.get("missed") or [],
    )


def _get(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, dict) else getattr(row, name)


def _again(conn: Connection, stored: Any, item: ChangeUploadItem, key: DataKey) -> ChangeOutcome:
    if stored.content_hash != item.content_hash:
        return ChangeOutcome(
            change_id=item.change_id,
            outcome="rejected",
            reason_code="changed_content",
            reason="This change was received before with different content; make a new change "
            "instead of editing this one.",
        )
    if stored.outcome == "accepted":
        priced = json.loads(stored.priced_json or "{}")
        losses = sorted(
            ln["code"]
            for ln in priced.get("lines") or []
            if ln.get("note_en", "").startswith("this cover")
        )
        return _answer(stored, "duplicate", {"total_losses": losses})
    missed = []
    if stored.reason_code == "stale_version":
        missed = [
            _missed(conn, a, key)
            for a in _accepted(conn, stored.policy_id)
            if a.version > stored.base_version
        ]
    return _answer(stored, "rejected", {"missed": missed})


def _new_period(conn: Connection, row: dict[str, Any], terms: dict[str, Any], key: DataKey) -> None:
    """The policy's period as the duplicate-insurance look-up sees it (hq.lookups): a whole
    cancellation ends it the day before its effective date; a new start date moves it."""
    content = _change_content(key, row)
    period: dict[str, str] = {}
    if row["change_kind"] == Kind.CANCEL and (content.get("edits") or {}).get("scope") == "all":
        last = date.fromisoformat(content["effective_date"]) - timedelta(days=1)
        period["period_end"] = last.isoformat()
    elif row["change_kind"] == Kind.START_DATE:
        quote = terms["quote"]
        period.update(period_start=quote["start_date"], period_end=quote["end_date"])
    if period:
        conn.execute(update(Policy).where(Policy.policy_id == row["policy_id"]).values(**period))


def _one(
    engine: Engine,
    tables: TableCache,
    device_id: str,
    ranges: Ranges,
    item: ChangeUploadItem,
    key: DataKey,
) -> ChangeOutcome:
    if not item.hash_matches():
        return ChangeOutcome(
            change_id=item.change_id,
            outcome="rejected",
            reason_code="hash_mismatch",
            reason="The content does not match its hash; the outlet must re-send it unchanged.",
        )
    with engine.connect().execution_options(hq_writer=True) as conn, conn.begin():
        stored = conn.execute(
            select(PolicyChange).where(PolicyChange.change_id == str(item.change_id))
        ).first()
        if stored is not None and stored.outcome != HELD:
            return _again(conn, stored, item, key)
        if stored is not None:  # held for head office's underwriter
            if stored.content_hash != item.content_hash:
                return _again(conn, stored, item, key)
            if stored.reason_code == DECLINED:
                conn.execute(
                    update(PolicyChange)
                    .where(PolicyChange.change_id == stored.change_id)
                    .values(outcome="rejected", reason_code="declined_by_head_office")
                )
                return ChangeOutcome(
                    change_id=item.change_id,
                    outcome="rejected",
                    reason_code="declined_by_head_office",
                    reason=f"Head office's underwriter declined the change: {stored.reason}",
                )
            if stored.reason_code != APPROVED:
                return _waiting(item)
        try:
            row = _judge(conn, tables, item, key, ranges)
        except LookupError:
            return ChangeOutcome(
                change_id=item.change_id,
                outcome="retry",
                reason="The policy has not reached head office yet; the change follows it.",
            )
        extra: dict[str, Any] = {
            k: row.pop(k) for k in ("missed", "terms", "total_losses") if k in row
        }
        row["device_id"] = device_id
        underwriter = row.pop("underwriter", False)
        if stored is None and underwriter and row["outcome"] == "accepted":
            # The table gives this kind to head office: held until its underwriter decides
            # (`chudan-hq changes decide`); the outlet's resends are answered "retry" meanwhile.
            held = {**row, "outcome": HELD, "version": None, "confirmation_code": ""}
            held.update(reason_code="", reason="", refund=None, refund_state="")
            conn.execute(insert(PolicyChange), [held])
            return _waiting(item)
        try:
            with conn.begin_nested():
                if stored is not None:  # approved: judged again now, on the version now current
                    if row["outcome"] == "accepted":
                        row["reason"] = f"approved by head office: {stored.reason}"
                    conn.execute(
                        delete(PolicyChange).where(PolicyChange.change_id == stored.change_id)
                    )
                conn.execute(insert(PolicyChange), [row])
                if row["outcome"] == "accepted":
                    _new_period(conn, row, extra["terms"], key)
                    conn.execute(
                        insert(PolicyVersion),
                        [
                            {
                                "policy_id": row["policy_id"],
                                "number": row["version"],
                                "change_id": row["change_id"],
                                "terms_json": json.dumps(extra["terms"], ensure_ascii=False),
                                "created_at": utcnow(),
                            }
                        ],
                    )
        except IntegrityError:
            # Another change to this policy (or this very one, sent twice at once) was stored
            # meanwhile: judged again when it comes again.
            return ChangeOutcome(
                change_id=item.change_id,
                outcome="retry",
                reason="Another change to this policy arrived at the same moment; send it again.",
            )
        return _answer(row, row["outcome"], extra)


HELD, APPROVED, DECLINED = "held", "approved", "declined"


def _waiting(item: ChangeUploadItem) -> ChangeOutcome:
    return ChangeOutcome(
        change_id=item.change_id,
        outcome="retry",
        reason="Head office's underwriter has not decided this change yet; it is sent again.",
    )


def decide(engine: Engine, change_id: str, approve: bool, note: str) -> dict[str, str]:
    """Head office's underwriter decides a change the table gives to head office: approved, it
    is judged (and accepted or refused) when the outlet sends it next; declined, it is refused
    with the note."""
    if not note.strip():
        raise ChudanError("Write a note with the decision.", zh="请填写审批意见。")
    with engine.begin() as conn:
        row = conn.execute(select(PolicyChange).where(PolicyChange.change_id == change_id)).first()
        if row is None or row.outcome != HELD or row.reason_code:
            raise ChudanError(
                f"There is no change {change_id[:40]} waiting for head office's decision.",
                zh="没有等待总公司审批的该项批改。",
            )
        conn.execute(
            update(PolicyChange)
            .where(PolicyChange.change_id == change_id)
            .values(reason_code=APPROVED if approve else DECLINED, reason=note.strip()[:500])
        )
    return {"change_id": change_id, "decision": APPROVED if approve else DECLINED}


def held(engine: Engine) -> list[dict[str, Any]]:
    """Changes waiting for head office's underwriter (no personal data: the kind and figures)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(PolicyChange)
            .where(PolicyChange.outcome == HELD, PolicyChange.reason_code == "")
            .order_by(PolicyChange.received_at)
        ).all()
    return [
        {
            "change_id": r.change_id,
            "number": r.number,
            "kind": r.change_kind,
            "difference": r.difference,
            "received_at": r.received_at.isoformat() if r.received_at else None,
        }
        for r in rows
    ]


def receive_changes(
    engine: Engine,
    tables: TableCache,
    device_id: str,
    batch: ChangeBatch,
    key: DataKey | None = None,
) -> list[ChangeOutcome]:
    """`key` seals what names a party (head office's data key; by default the data dir's)."""
    key = key or data_key(engine)
    with Session(engine) as session:
        device = session.get(Device, device_id)
        ranges = frozenset(number_ranges(session, device) if device is not None else ())
    out: list[ChangeOutcome] = []
    for item in batch.items:
        try:
            out.append(_one(engine, tables, device_id, ranges, item, key))
        except OperationalError:
            out.append(
                ChangeOutcome(
                    change_id=item.change_id,
                    outcome="retry",
                    reason="Head office database busy; send this change again later.",
                )
            )
    return out


MAX_REFERENCE = 64
COMMAND_LINE = "command line"  # the actor audited for `chudan-hq changes refund-paid`


class NoRefundOwed(NotFound):
    """No change by that 批单号 (or id) owes a refund."""


class RefundAlreadyPaid(ChudanError):
    """The refund was paid before, under another payment reference."""


def audit_staff_action(
    conn: Connection, actor: str, action: str, obj: str, outcome: str, detail: str = ""
) -> None:
    """One row of what staff did (hq.models.StaffAction), in the caller's transaction."""
    conn.execute(
        insert(StaffAction).values(
            at=utcnow(),
            actor=actor[:80],
            action=action[:32],
            object=obj[:48],
            outcome=outcome[:24],
            detail=detail[:200],
        )
    )


def mark_refund_paid(
    engine: Engine,
    number_or_id: str,
    reference: str,
    paid_at: datetime,
    *,
    actor: str = COMMAND_LINE,
) -> dict[str, str]:
    """Finance paid a refund head office owed: recorded with its payment reference and time, so
    the outlet learns of it at its next sync (`paid_refunds`). Named by 批单号 (or change id).
    Recording the same payment again is a no-op; a second, different payment is refused
    (RefundAlreadyPaid); no refund owed under that name is NoRefundOwed. The one rule for the
    command line and the staff endpoint (hq/staff_routes.py): the payment is audited as a
    `refund.paid` staff action by `actor` in the same transaction."""
    reference = reference.strip()
    if not reference or len(reference) > MAX_REFERENCE or not reference.isprintable():
        raise InvalidInput(
            f"Give finance's payment reference (1–{MAX_REFERENCE} printable characters).",
            zh=f"请填写财务付款流水号（1–{MAX_REFERENCE} 位可打印字符）。",
        )
    if paid_at.tzinfo is None:
        raise InvalidInput(
            "Give the moment the refund was paid with its time zone (e.g. 2026-12-01T10:00+08:00).",
            zh="请填写带时区的付款时间（如 2026-12-01T10:00+08:00）。",
        )
    if paid_at > utcnow() + timedelta(minutes=5):
        raise InvalidInput(
            "The refund cannot have been paid in the future.", zh="付款时间不能晚于当前时间。"
        )
    paid_at = paid_at.astimezone(UTC)  # stored as UTC: SQLite keeps no time zone
    key = number_or_id.strip()[:48]
    # Read then write: on SQLite begun with the write lock (hq.models.writer_sessions says why).
    with engine.execution_options(hq_writer=True).begin() as conn:
        row = conn.execute(
            select(PolicyChange).where(
                or_(PolicyChange.number == key, PolicyChange.change_id == key)
            )
        ).first()
        if row is None or row.refund is None or row.refund_state not in ("owed", "paid"):
            raise NoRefundOwed(
                f"Head office owes no refund for {key}.", zh="总公司对该批单没有待付的退费。"
            )
        if row.refund_state == "paid":
            if row.refund_reference == reference:
                return _paid_view(row)
            raise _already_paid(row.number, row.refund_reference)
        moved = conn.execute(
            update(PolicyChange)
            .where(PolicyChange.change_id == row.change_id, PolicyChange.refund_state == "owed")
            .values(refund_state="paid", refund_reference=reference, refund_paid_at=paid_at)
        )
        done = conn.execute(
            select(PolicyChange).where(PolicyChange.change_id == row.change_id)
        ).one()
        if moved.rowcount != 1:  # another payment was recorded between the read and the write
            if done.refund_reference == reference:
                return _paid_view(done)
            raise _already_paid(done.number, done.refund_reference)
        audit_staff_action(conn, actor, "refund.paid", done.number, "ok", reference)
    return _paid_view(done)


def _already_paid(number: str, reference: str | None) -> RefundAlreadyPaid:
    return RefundAlreadyPaid(
        f"The refund for {number} was already paid ({reference}).",
        zh=f"批单 {number} 的退费已登记付款（{reference}）。",
    )


def _paid_view(row: Any) -> dict[str, str]:
    return {
        "change_id": row.change_id,
        "number": row.number,
        "refund": row.refund,
        "refund_state": row.refund_state,
        "reference": row.refund_reference or "",
        "paid_at": row.refund_paid_at.isoformat() if row.refund_paid_at else "",
    }


def paid_refunds(engine: Engine, device_id: str, query: RefundQuery) -> RefundAnswer:
    """Which of the asked changes' refunds head office has paid. A device hears only of changes
    numbered in its own range (its 批单号, as at upload), never of another outlet's."""
    with Session(engine) as session:
        device = session.get(Device, device_id)
        ranges = frozenset(number_ranges(session, device) if device is not None else ())
        rows = session.execute(
            select(PolicyChange).where(
                PolicyChange.change_id.in_([str(c) for c in query.change_ids]),
                PolicyChange.refund_state == "paid",
            )
        ).scalars()
        paid = []
        for r in rows:
            if _range_refusal(r.number, ranges) is not None:
                continue
            paid_at = r.refund_paid_at
            if paid_at is not None and paid_at.tzinfo is None:  # SQLite hands back naive UTC
                paid_at = paid_at.replace(tzinfo=UTC)
            paid.append(
                RefundPaid(
                    change_id=UUID(r.change_id),
                    number=r.number,
                    amount=r.refund or "0.00",
                    reference=r.refund_reference or "",
                    paid_at=paid_at or utcnow(),
                )
            )
    return RefundAnswer(paid=paid)
