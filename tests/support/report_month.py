"""A crafted month for the report figures (November 2026 at an outlet in Beijing, UTC+8): eight
policies, an endorsement, a cancellation, a rejection by head office, three policies of last
year coming up for renewal (one renewed, one lost, one quoted on the work-list), and three
complaints, each with figures small enough to add up by
hand. tests/integration/reports/test_figures_by_hand.py works every figure out in its
docstring.

Policies are written as rows (the shape the issuance service gives them, quote included) at
chosen times, because the figures depend on the day and the hour a policy was bound; state
changes go through the real lifecycle so the audit events the figures read are the real ones."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from app.access.permissions import CurrentUser, Role, system_actor
from app.issuance.lifecycle import Event, Lifecycle
from local_db.models import Customer, Policy, Vehicle

BEIJING = ZoneInfo("Asia/Shanghai")


class Clock:
    """A clock the test moves: the services read it for every event they stamp."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, local: str) -> datetime:
        """'2026-11-02 10:00' in Beijing → that moment (UTC), also set as now."""
        self.now = datetime.fromisoformat(local).replace(tzinfo=BEIJING).astimezone(UTC)
        return self.now


@dataclass
class Month:
    clock: Clock
    clerk_a: CurrentUser
    clerk_b: CurrentUser
    supervisor: CurrentUser
    ids: dict[str, str] = field(default_factory=dict)  # "P1" → policy id
    numbers: dict[str, str] = field(default_factory=dict)


def _quote(ctpl: str | None, lines: list[dict[str, Any]], price: str) -> dict[str, Any]:
    commercial = [
        {"code": line["code"], "limit": line.get("limit"), "premium": line.get("premium", "0.00")}
        for line in lines
    ]
    return {
        "request": {
            "vehicle": {"purchase_price": price},
            # what was asked for, as the renewal book reads it to match a renewal to last year's
            "coverages": ([{"code": "ctpl"}] if ctpl else [])
            + [{k: v for k, v in line.items() if k != "premium"} for line in commercial],
        },
        "quote": {
            "ctpl": {"premium": ctpl} if ctpl else None,
            "commercial": {"lines": commercial, "total": "0.00"},
            "lines": commercial,
        },
    }


def vin_of(tag: str) -> str:
    return ("LCRAFTED" + tag).ljust(17, "0")[:17]


def add_policy(
    ctx: Any,
    month: Month,
    tag: str,
    *,
    clerk: CurrentUser,
    bound_local: str,
    ctpl: str | None,
    commercial: str,
    tax: str,
    covers: list[dict[str, Any]],
    price: str = "150000",
    vin: str | None = None,
    start: date | None = None,
    state: str = "bound",
    holder: str = "张伟",
) -> str:
    bound = month.clock.at(bound_local)
    start = start or (bound.astimezone(BEIJING).date() + timedelta(days=1))
    end = start.replace(year=start.year + 1) - timedelta(days=1)
    policy_id = str(uuid.uuid4())
    number = f"CRAFT{tag}"
    with ctx.store.write() as s:
        c = Customer(
            kind="person", name=holder, id_type="resident_id", id_number="110105198507231238"
        )
        v = Vehicle(vin=vin or vin_of(tag), plate=f"京A{tag[-3:].rjust(3, '0')}00")
        s.add_all([c, v])
        s.flush()
        s.add(
            Policy(
                id=policy_id,
                policy_number=number if state != "quoted" else None,
                state=state,
                policyholder_id=c.id,
                insured_id=c.id,
                vehicle_id=v.id,
                start_date=start,
                end_date=end,
                premium_ctpl=Decimal(ctpl or "0.00"),
                premium_commercial=Decimal(commercial),
                vehicle_tax=Decimal(tax),
                premium_total=Decimal(ctpl or "0") + Decimal(commercial) + Decimal(tax),
                quote=_quote(ctpl, covers, price),
                bound_at=bound if state != "quoted" else None,
                created_by=clerk.user_id,
                created_at=bound,
                flags=[],
            )
        )
        if state != "quoted":  # binding leaves this event; the renewal book follows it
            ctx.audit.record(s, clerk.audit_name, "policy.bind", "policy", policy_id, number)
    month.ids[tag] = policy_id
    month.numbers[tag] = number
    return policy_id


def move(ctx: Any, month: Month, tag: str, local: str, *events: Event, note: str = "") -> None:
    """Apply lifecycle events at a local time, as head office's answer or a supervisor would."""
    month.clock.at(local)
    life = Lifecycle(ctx.audit)
    with ctx.store.write() as s:
        policy = s.get(Policy, month.ids[tag])
        for e in events:
            actor = system_actor("sync") if e in (Event.CONFIRM, Event.REJECT) else month.supervisor
            life.apply(s, policy, e, actor, note)


TP1M = {"code": "third_party", "limit": "1000000.00"}
TP2M = {"code": "third_party", "limit": "2000000.00"}
VD = {"code": "vehicle_damage"}


def craft_november(ctx: Any) -> Month:
    from tests.support.outlet import demo_clerk

    clock = ctx.clock
    demo_clerk(ctx)  # outlet DEMO01, admin, supervisor, clerk
    admin = ctx.auth.login("admin", "demo-admin-2026")
    ctx.users.add_user(admin, "clerk2", "clerk2-pass-2026", Role.CLERK, "第二出单员")
    month = Month(
        clock,
        ctx.auth.login("clerk", "demo-clerk-2026"),
        ctx.auth.login("clerk2", "clerk2-pass-2026"),
        ctx.auth.login("supervisor", "demo-super-2026"),
    )
    a, b = month.clerk_a, month.clerk_b
    # Last year's policies, up for renewal in November.
    add_policy(
        ctx,
        month,
        "R1",
        clerk=a,
        bound_local="2025-11-01 09:00",
        ctpl="950.00",
        commercial="3000.00",
        tax="420.00",
        covers=[VD, TP1M],
        vin=vin_of("X"),
        start=date(2025, 11, 5),
        state="confirmed",
    )
    add_policy(
        ctx,
        month,
        "R2",
        clerk=b,
        bound_local="2025-11-05 09:00",
        ctpl="950.00",
        commercial="1050.00",
        tax="420.00",
        covers=[TP1M],
        vin=vin_of("Y"),
        start=date(2025, 11, 11),
        state="confirmed",
    )
    add_policy(
        ctx,
        month,
        "R3",
        clerk=a,
        bound_local="2025-11-20 09:00",
        ctpl="665.00",
        commercial="835.00",
        tax="300.00",
        covers=[TP1M],
        vin=vin_of("Z"),
        start=date(2025, 11, 29),
        state="confirmed",
    )
    # October: the previous period.
    add_policy(
        ctx,
        month,
        "P8",
        clerk=a,
        bound_local="2026-10-31 16:00",
        ctpl="950.00",
        commercial="3000.00",
        tax="420.00",
        covers=[VD, TP1M],
    )
    # November.
    add_policy(
        ctx,
        month,
        "P1",
        clerk=a,
        bound_local="2026-11-02 10:00",
        ctpl="950.00",
        commercial="4000.00",
        tax="420.00",
        covers=[VD, TP1M, {"code": "scratch", "limit": "5000.00"}],
        vin=vin_of("X"),
        start=date(2026, 11, 5),
    )
    add_policy(
        ctx,
        month,
        "P2",
        clerk=a,
        bound_local="2026-11-02 15:00",
        ctpl="665.00",
        commercial="0.00",
        tax="300.00",
        covers=[],
    )
    add_policy(
        ctx,
        month,
        "P3",
        clerk=b,
        bound_local="2026-11-09 11:00",
        ctpl="950.00",
        commercial="6000.00",
        tax="420.00",
        covers=[
            VD,
            TP2M,
            {"code": "driver", "limit": "10000.00"},
            {"code": "passenger", "limit": "10000.00"},
        ],
    )
    add_policy(
        ctx,
        month,
        "P4",
        clerk=b,
        bound_local="2026-11-16 14:00",
        ctpl=None,
        commercial="3000.00",
        tax="0.00",
        covers=[TP1M],
        price="600000",
    )
    add_policy(
        ctx,
        month,
        "P5",
        clerk=a,
        bound_local="2026-11-20 10:00",
        ctpl="1100.00",
        commercial="2500.00",
        tax="480.00",
        covers=[VD, TP1M, {"code": "wheel"}],
    )
    add_policy(
        ctx,
        month,
        "P6",
        clerk=a,
        bound_local="2026-11-30 23:30",
        ctpl="950.00",
        commercial="3500.00",
        tax="420.00",
        covers=[VD, TP2M],
    )
    # Bound at 00:30 on 1 December in Beijing: 30 November in UTC, December at the outlet.
    add_policy(
        ctx,
        month,
        "P7",
        clerk=b,
        bound_local="2026-12-01 00:30",
        ctpl="950.00",
        commercial="2000.00",
        tax="420.00",
        covers=[TP1M],
    )
    # R3's vehicle was quoted again but not bound.
    add_policy(
        ctx,
        month,
        "Q3",
        clerk=a,
        bound_local="2026-11-25 10:00",
        ctpl="665.00",
        commercial="0.00",
        tax="300.00",
        covers=[],
        vin=vin_of("Z"),
        state="quoted",
    )
    # What happened to them.
    move(ctx, month, "P1", "2026-11-03 09:00", Event.CONFIRM)
    move(ctx, month, "P1", "2026-11-25 10:00", Event.ENDORSE, note="new phone number")
    move(
        ctx,
        month,
        "P5",
        "2026-11-21 09:00",
        Event.REJECT,
        note="commercial premium 2500.00 on the policy, 2480.00 by head office",
    )
    move(ctx, month, "P6", "2026-11-30 23:40", Event.CONFIRM)
    move(ctx, month, "P6", "2026-11-30 23:50", Event.CANCEL, note="vehicle sold")
    # The renewal work-list: B's customer R2 went to another insurer; A gave R3 a price (Q3).
    ctx.renewals.refresh()
    clock.at("2026-11-12 11:00")
    ctx.renewals.mark_lost(b, ctx.renewals.find(b, month.numbers["R2"]), "switched")
    clock.at("2026-11-25 10:05")
    ctx.renewals.mark_quoted(a, ctx.renewals.find(a, month.numbers["R3"]), "1500.00")
    # Complaints.
    clock.at("2026-11-10 15:00")
    c1 = ctx.complaints.record(
        month.supervisor,
        received_on=date(2026, 11, 10),
        channel="phone",
        category="premium",
        against="policy",
        policy_number=month.numbers["P3"],
        description="客户认为保费比去年高，来电 13812345678",
    )
    clock.at("2026-11-12 10:00")
    ctx.complaints.resolve(month.supervisor, c1, "已解释费率浮动")
    clock.at("2026-11-20 16:00")
    ctx.complaints.record(
        month.supervisor,
        received_on=date(2026, 11, 20),
        channel="desk",
        category="service",
        against="outlet",
        description="排队时间过长",
    )
    clock.at("2026-10-15 16:00")
    ctx.complaints.record(
        month.supervisor,
        received_on=date(2026, 10, 15),
        channel="desk",
        category="other",
        against="outlet",
        description="十月的投诉",
    )
    clock.at("2026-12-02 09:00")
    return month
