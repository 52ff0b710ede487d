"""The outlet's book kept up to date with what the desk issues. Every policy bound here joins the
book (it falls due next year), and a policy bound for a vehicle whose policy is in the book renews
that one: the funnel's 已续 is found from what was issued, never typed. A policy cancelled or
rejected by head office leaves the funnel (and the renewal it made, if any, is open again).

The desk follows the audit log's policy events (append-only, numbered), from where it last
stopped: the window's issuance, `chudan policy issue`, `chudan renewals renew` and the sync's
answers all leave them, so nothing has to remember to tell the book."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import system_actor
from app.core.money import ZERO
from app.issuance.lifecycle import Event as PolicyEvent
from app.issuance.lifecycle import Lifecycle, allowed_events
from app.renewals import recommendations
from app.renewals.states import RenewalEvent, RenewalState, next_state
from local_db.models import AuditEvent, BookEvent, BookPolicy, Customer, Policy, Setting, Vehicle

WATERMARK_KEY = "renewals.audit_seen"  # the last audit event the book has looked at
SYSTEM = "renewals"
# A new policy that starts up to this long after the old one ended still renews it: within three
# months of a lapse the platform's record carries over (docs/regulations.md §3.2) and the customer
# came back; after that it is new business.
LATE_RENEWAL_DAYS = 90
# … and one that starts this long before the old one ends (the old one cancelled and replaced).
EARLY_RENEWAL_DAYS = 60
_FOLLOWED = ("policy.bind", "policy.reject", "policy.resubmit", "policy.cancel")


@dataclass
class Reconciled:
    added: int = 0
    renewed: int = 0
    voided: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.renewed or self.voided)


def log_event(
    session: Session,
    row: BookPolicy,
    actor_name: str,
    kind: str,
    text: str = "",
    *,
    user_id: int | None = None,
    outcome: str | None = None,
    at: datetime | None = None,
) -> None:
    session.add(
        BookEvent(
            book_policy_id=row.id,
            user_id=user_id or None,
            actor=actor_name,
            kind=kind,
            outcome=outcome,
            text=text,
            **({"at": at} if at is not None else {}),
        )
    )


def move(
    session: Session,
    row: BookPolicy,
    event: RenewalEvent,
    actor_name: str,
    text: str = "",
    *,
    user_id: int | None = None,
    at: datetime | None = None,
) -> RenewalState:
    """The one way a row's state changes: the transition table, the time it happened, a line in
    its history."""
    before = RenewalState(row.state)
    after = next_state(before, event)
    row.state = after.value
    if after == RenewalState.CONTACTED and row.contacted_at is None:
        row.contacted_at = at
    if after == RenewalState.QUOTED and row.quoted_at is None:
        row.quoted_at = at
    if after in (RenewalState.RENEWED, RenewalState.LOST):
        row.closed_at = at
        if after == RenewalState.RENEWED and row.quoted_at is None:
            row.quoted_at = at  # a policy was issued: the customer had a price
    elif before in (RenewalState.RENEWED, RenewalState.LOST):
        row.closed_at = None
    if after != RenewalState.LOST:
        row.lost_reason = None
    log_event(
        session,
        row,
        actor_name,
        "state",
        f"{before.value} -> {after.value}" + (f": {text}" if text else ""),
        user_id=user_id,
        at=at,
    )
    return after


def _coverage(codes: set[str]) -> str:
    ctpl, commercial = "ctpl" in codes, bool(codes - {"ctpl"})
    return "both" if ctpl and commercial else ("ctpl" if ctpl else "commercial")


def _party(c: Customer | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"kind": c.kind, "name": c.name, "id_type": c.id_type, "id_number": c.id_number}


def row_for_issued(session: Session, policy: Policy) -> BookPolicy | None:
    """The book's copy of a policy bound here: who, what vehicle, which covers, what it cost, and
    last year's record as it was priced."""
    if policy.start_date is None or policy.end_date is None or not policy.policy_number:
        return None
    holder = session.get(Customer, policy.policyholder_id) if policy.policyholder_id else None
    vehicle = session.get(Vehicle, policy.vehicle_id) if policy.vehicle_id else None
    if holder is None or vehicle is None:
        return None
    quote = policy.quote or {}
    request = quote.get("request") or {}
    insurer = (quote.get("insurer") or {}).get("name_zh") or quote.get("issuer") or ""
    covers = [dict(c) for c in request.get("coverages") or []]
    v = request.get("vehicle") or {}
    parties: dict[str, Any] = {}
    if policy.insured_id and policy.insured_id != holder.id:
        parties["insured"] = _party(session.get(Customer, policy.insured_id))
    if vehicle.owner_id and vehicle.owner_id not in (holder.id, policy.insured_id):
        parties["owner"] = _party(session.get(Customer, vehicle.owner_id))
    known = {
        "engine_number": vehicle.engine_number,
        "brand_model": vehicle.brand_model,
        "vehicle_type": vehicle.vehicle_type,
        "class": v.get("class") or vehicle.vehicle_class,
        "usage": v.get("usage") or vehicle.usage_code,
        "seats": v.get("seats") or vehicle.seats,
        "first_registration": v.get("first_registration")
        or (vehicle.first_registration.isoformat() if vehicle.first_registration else None),
        "purchase_price": v.get("purchase_price"),
        "purchase_date": v.get("purchase_date"),
        "fuel": v.get("fuel"),
        "displacement_l": v.get("displacement_l"),
        "energy_saving": v.get("energy_saving"),
        "tonnage": v.get("tonnage"),
        "curb_weight_t": v.get("curb_weight_t"),
    }
    ctpl = policy.premium_ctpl or ZERO
    commercial = policy.premium_commercial or ZERO
    return BookPolicy(
        source="issued",
        policy_id=policy.id,
        policy_number=policy.policy_number,
        insurer=insurer,
        coverage=_coverage({c.get("code", "") for c in covers}),
        start_date=policy.start_date,
        end_date=policy.end_date,
        premium_ctpl=ctpl,
        premium_commercial=commercial,
        premium=ctpl + commercial,
        vehicle_tax=policy.vehicle_tax,
        holder_kind=holder.kind,
        holder_name=holder.name,
        holder_id_type=holder.id_type,
        holder_id_number=holder.id_number,
        holder_phone=holder.phone,
        holder_email=holder.email,
        holder_address=holder.address,
        parties=parties or None,
        vin=vehicle.vin,
        plate=vehicle.plate,
        vehicle={k: val for k, val in known.items() if val not in (None, "")},
        covers=covers,
        history=dict(request.get("history") or {}),
        state=RenewalState.DUE.value,
        assigned_to=policy.created_by,
    )


def _kinds(covers: list[dict[str, Any]]) -> set[str]:
    codes = {c.get("code", "") for c in covers}
    return ({"ctpl"} if "ctpl" in codes else set()) | (
        {"commercial"} if codes - {"ctpl"} else set()
    )


def _renewed_row(session: Session, new: BookPolicy, draft_id: str | None) -> BookPolicy | None:
    """The book row `new` renews: the one its renewal draft was opened from, else the open (or
    lost) row for the same vehicle whose cover it continues."""
    if draft_id:
        linked = session.execute(
            select(BookPolicy).where(
                BookPolicy.renewal_draft_id == draft_id, BookPolicy.renewed_policy_id.is_(None)
            )
        ).scalar_one_or_none()
        if linked is not None and linked.state != RenewalState.VOID.value:
            return linked
    candidates = session.execute(
        select(BookPolicy).where(
            BookPolicy.vin == new.vin,
            BookPolicy.id != new.id,
            BookPolicy.renewed_policy_id.is_(None),
            BookPolicy.state.in_(
                [
                    RenewalState.DUE.value,
                    RenewalState.CONTACTED.value,
                    RenewalState.QUOTED.value,
                    RenewalState.LOST.value,
                ]
            ),
            BookPolicy.end_date >= new.start_date - timedelta(days=LATE_RENEWAL_DAYS + 1),
            BookPolicy.end_date <= new.start_date + timedelta(days=EARLY_RENEWAL_DAYS),
            BookPolicy.start_date < new.start_date,
        )
    ).scalars()
    wanted = _kinds(new.covers)
    matching = [r for r in candidates if _kinds_of(r) & wanted]
    if not matching:
        return None
    # the one whose end is nearest the day before the new start
    return min(matching, key=lambda r: abs((new.start_date - timedelta(days=1) - r.end_date).days))


def _kinds_of(row: BookPolicy) -> set[str]:
    return {"ctpl", "commercial"} if row.coverage == "both" else {row.coverage}


class Book:
    """Follows the audit log (see the module's docstring)."""

    def __init__(self, audit: AuditLog, clock: Callable[[], datetime]) -> None:
        self._audit = audit
        self._clock = clock
        self._lifecycle = Lifecycle(audit)

    @staticmethod
    def seen(session: Session) -> int:
        row = session.get(Setting, WATERMARK_KEY)
        return int(row.value) if row is not None else 0

    @staticmethod
    def pending(session: Session, seen: int) -> bool:
        return (
            session.execute(
                select(AuditEvent.id)
                .where(AuditEvent.id > seen, AuditEvent.action.in_(_FOLLOWED))
                .limit(1)
            ).first()
            is not None
        )

    def reconcile(self, session: Session) -> Reconciled:
        """Inside the caller's write transaction."""
        seen = self.seen(session)
        events = session.execute(
            select(AuditEvent.id, AuditEvent.action, AuditEvent.object_id)
            .where(AuditEvent.id > seen, AuditEvent.action.in_(_FOLLOWED))
            .order_by(AuditEvent.id)
        ).all()
        done = Reconciled()
        last = seen
        for event_id, action, policy_id in events:
            last = event_id
            policy = session.get(Policy, policy_id)
            if policy is None:
                continue
            if action == "policy.bind":
                self._bound(session, policy, done)
            elif action in ("policy.reject", "policy.cancel"):
                self._voided(session, policy, action, done)
            elif action == "policy.resubmit":
                self._restored(session, policy)
        if events:
            mark = session.get(Setting, WATERMARK_KEY)
            if mark is None:
                session.add(Setting(key=WATERMARK_KEY, value=str(last)))
            else:
                mark.value = str(last)
        return done

    def _bound(self, session: Session, policy: Policy, done: Reconciled) -> None:
        if session.execute(select(BookPolicy.id).where(BookPolicy.policy_id == policy.id)).first():
            return
        recommendations.decide(session, policy, self._clock())
        new = row_for_issued(session, policy)
        if new is None:
            return
        session.add(new)
        session.flush()
        now = self._clock()
        log_event(session, new, SYSTEM, "state", "issued here: joins the book", at=now)
        done.added += 1
        old = _renewed_row(session, new, policy.draft_id)
        if old is None:
            return
        move(
            session,
            old,
            RenewalEvent.RENEW,
            SYSTEM,
            f"renewed by {policy.policy_number}",
            at=now,
        )
        old.renewed_policy_id = policy.id
        done.renewed += 1
        self._audit.record(
            session,
            SYSTEM,
            "renewal.renewed",
            "book_policy",
            old.id,
            f"{old.policy_number} renewed by {policy.policy_number}",
        )
        if old.policy_id:
            before = session.get(Policy, old.policy_id)
            if before is not None and PolicyEvent.RENEW in allowed_events(before.state):
                self._lifecycle.apply(
                    session,
                    before,
                    PolicyEvent.RENEW,
                    system_actor(SYSTEM),
                    f"renewed by {policy.policy_number}",
                )

    def _voided(self, session: Session, policy: Policy, action: str, done: Reconciled) -> None:
        now = self._clock()
        why = "cancelled" if action == "policy.cancel" else "rejected by head office"
        own = session.execute(
            select(BookPolicy).where(BookPolicy.policy_id == policy.id)
        ).scalar_one_or_none()
        if own is not None and own.state != RenewalState.VOID.value:
            move(session, own, RenewalEvent.VOID, SYSTEM, why, at=now)
            done.voided += 1
        for renewed in session.execute(
            select(BookPolicy).where(BookPolicy.renewed_policy_id == policy.id)
        ).scalars():
            move(
                session,
                renewed,
                RenewalEvent.UNRENEW,
                SYSTEM,
                f"the renewal {policy.policy_number} was {why}",
                at=now,
            )
            renewed.renewed_policy_id = None

    def _restored(self, session: Session, policy: Policy) -> None:
        own = session.execute(
            select(BookPolicy).where(BookPolicy.policy_id == policy.id)
        ).scalar_one_or_none()
        if own is not None and own.state == RenewalState.VOID.value:
            move(session, own, RenewalEvent.RESTORE, SYSTEM, "bound again", at=self._clock())


def renewable_from(end_date: date, lead_days: int) -> date:
    """The first day a renewal of a policy ending on `end_date` may be issued: its cover starts at
    00:00 the day after, at most `lead_days` ahead (the rate table's setting, docs/regulations.md
    §8.6)."""
    return end_date + timedelta(days=1) - timedelta(days=lead_days)


def new_premium(session: Session, policy_id: str | None) -> Decimal | None:
    if not policy_id:
        return None
    p = session.get(Policy, policy_id)
    if p is None:
        return None
    return (p.premium_ctpl or ZERO) + (p.premium_commercial or ZERO)


__all__ = [
    "Book",
    "LATE_RENEWAL_DAYS",
    "Reconciled",
    "log_event",
    "move",
    "renewable_from",
    "row_for_issued",
]
