"""Per-policy facts: what the reports count of a bound policy, taken from its quote once.

Triggers on `policy` (migration 0005) queue every policy that becomes bound in `report_pending`
and keep `policy_fact.state` equal to the policy's; `catch_up` takes the queued policies' facts
before a report is read. So a year of policies is summed from small rows, never by reading
quotes, and nothing in the issuance code has to remember the reports."""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.figures.timing import (
    STEP_ORDER,
    DraftTimes,
    IssuanceTime,
    StepEvent,
    issuance_time,
    start_of,
)
from app.figures.volume import COVER_ORDER
from local_db.models import Draft, DraftEvent, Policy, PolicyFact, ReportPending, Vehicle

COVER_BITS = {code: 1 << i for i, code in enumerate(COVER_ORDER)}  # never reorder COVER_ORDER
# When the wizard opened the issuance (app.issuance.drafts.START_EVENT), by the draft's id: the
# action written out (a bound parameter would not let SQLite use the partial index); the store
# keeps times as UTC ISO text.
_OPENED = text(
    "SELECT min(ts) FROM audit_event WHERE action = 'issuance.start' AND object_id = :draft"
)
CHUNK = 500


def _fen(value: Decimal | str | None) -> int:
    return int(Decimal(value or 0) * 100)


def channel_of(policy: Policy, request: dict[str, Any]) -> str:
    """The quote request's sales channel where it names one, else how the policy was made: the
    window (through a draft) or the command line / a request file (no draft)."""
    named = request.get("channel")
    if isinstance(named, str) and named:
        return named[:32]
    return "outlet" if policy.draft_id else "command_line"


def fact_of(policy: Policy, vin: str | None, tz: tzinfo | None) -> PolicyFact:
    assert policy.bound_at is not None
    quote = (policy.quote or {}).get("quote") or {}
    request = (policy.quote or {}).get("request") or {}
    lines = (quote.get("commercial") or {}).get("lines") or quote.get("lines") or []
    covers, extra, tp_limit = 0, [], None
    for line in lines:
        code = str(line.get("code", ""))
        if code in COVER_BITS:
            covers |= COVER_BITS[code]
        elif code:
            extra.append(code)
        if code == "third_party" and line.get("limit") is not None:
            tp_limit = _fen(line["limit"])
    price = (request.get("vehicle") or {}).get("purchase_price")
    return PolicyFact(
        policy_id=policy.id,
        issued_on=policy.bound_at.astimezone(tz).date().isoformat(),
        bound_at=policy.bound_at,
        clerk_id=policy.created_by,
        channel=channel_of(policy, request),
        state=policy.state,
        ctpl_fen=_fen(policy.premium_ctpl),
        commercial_fen=_fen(policy.premium_commercial),
        tax_fen=_fen(policy.vehicle_tax),
        purchase_price_fen=_fen(price) if price is not None else None,
        has_ctpl=int(bool(quote.get("ctpl")) or bool(policy.premium_ctpl)),
        has_commercial=int(bool(lines) or bool(policy.premium_commercial)),
        own_damage=int(bool(covers & COVER_BITS["vehicle_damage"])),
        tp_limit_fen=tp_limit,
        covers=covers,
        extra_covers=" ".join(sorted(set(extra)))[:400] or None,
        starts_on=policy.start_date.isoformat() if policy.start_date else None,
        ends_on=policy.end_date.isoformat() if policy.end_date else None,
        vin=vin,
    )


def _times(s: Session, policy: Policy) -> IssuanceTime | None:
    if not policy.draft_id or policy.bound_at is None:
        return None
    draft = s.get(Draft, policy.draft_id)
    if draft is None:
        return None
    events = [
        StepEvent(e.at, e.kind, e.step, e.from_step, e.parked_from)
        for e in s.scalars(
            select(DraftEvent).where(DraftEvent.draft_id == draft.id).order_by(DraftEvent.id)
        )
    ]
    steps = [e for e in events if e.kind == "step"]
    first = steps[0].from_step if steps else draft.step
    opened = s.scalar(_OPENED, {"draft": draft.id})  # the partial index of migration 0009
    started = start_of(datetime.fromisoformat(opened) if opened else None, draft.created_at)
    return issuance_time(DraftTimes(started, policy.bound_at, first, events))


def _with_times(fact: PolicyFact, t: IssuanceTime | None) -> PolicyFact:
    if t is None:
        return fact
    fact.issue_s = round(t.total_s)
    for step in STEP_ORDER:
        setattr(fact, f"{step}_s", round(t.steps.get(step, 0.0)))
    return fact


def catch_up(s: Session, tz: tzinfo | None = None) -> int:
    """Take the facts of every queued policy (in the caller's write transaction); returns how
    many. A policy bound again (resubmitted) has its facts taken again."""
    done = 0
    while True:
        ids = list(s.scalars(select(ReportPending.policy_id).limit(CHUNK)))
        if not ids:
            return done
        rows = s.execute(
            select(Policy, Vehicle.vin)
            .outerjoin(Vehicle, Vehicle.id == Policy.vehicle_id)
            .where(Policy.id.in_(ids))
        ).all()
        for policy, vin in rows:
            if policy.bound_at is not None:
                s.merge(_with_times(fact_of(policy, vin, tz), _times(s, policy)))
        s.execute(delete(ReportPending).where(ReportPending.policy_id.in_(ids)))
        s.flush()
        done += len(ids)


def pending(s: Session) -> bool:
    return s.scalar(select(ReportPending.policy_id).limit(1)) is not None
