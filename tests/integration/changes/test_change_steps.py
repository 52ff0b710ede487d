"""The window's path, one step per transaction (draft → quoted → (referred → approved) → signed
→ paid | refunded → bound): each step is refused until the one before it is done, and a change
edited after it was signed or approved must be signed or approved again."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from app.core.errors import InvalidInput, PermissionDenied
from local_db.models import Document, Payment, PolicyChange
from tests.support.changes import CARD, SIGNATURE, policy_request

# Whole flows on a store, a few seconds each: with the slow tests, so make test-fast stays short.
pytestmark = pytest.mark.slow

START = date(2026, 12, 10)
RIDER = {"kind": "covers", "add": [{"code": "scratch", "limit": "2000"}]}


def _issued(d):
    return d.ctx.issuance.issue(d.clerk, policy_request(START)).policy_number


def test_an_increase_is_quoted_signed_paid_then_bound(desk):
    number = _issued(desk)
    desk.clock.set(START + timedelta(days=99))
    ch = desk.ctx.changes
    v = ch.start(desk.clerk, number, "covers")
    assert v.state == "draft" and ch.open_change(desk.clerk, number).id == v.id
    v = ch.edit(desk.clerk, v.id, RIDER)
    assert (v.state, v.difference, v.outstanding) == ("quoted", D("413.84"), D("413.84"))
    with pytest.raises(InvalidInput, match="not signed"):
        ch.bind(desk.clerk, v.id)
    with pytest.raises(InvalidInput, match="signs the change before money"):
        ch.pay(desk.clerk, v.id, {"method": "card", "amount": "rest", "reference": CARD})
    with pytest.raises(InvalidInput, match="must sign"):
        ch.sign(desk.clerk, v.id, [])
    assert ch.sign(desk.clerk, v.id, SIGNATURE).state == "signed"
    # A limit changed after signing: priced again, and the customer signs again.
    v = ch.edit(desk.clerk, v.id, {"kind": "covers", "add": [{"code": "scratch", "limit": "5000"}]})
    assert v.state == "quoted" and v.difference > D("413.84")
    ch.sign(desk.clerk, v.id, SIGNATURE)
    left = ch.pay(desk.clerk, v.id, {"method": "card", "amount": "100.00", "reference": CARD})
    assert left == v.difference - D("100.00")
    with pytest.raises(InvalidInput, match="still due"):
        ch.bind(desk.clerk, v.id)
    with pytest.raises(InvalidInput, match="can no longer be edited"):
        ch.edit(desk.clerk, v.id, RIDER)
    assert ch.pay(desk.clerk, v.id, {"method": "qr", "amount": "rest", "reference": "QR1"}) == 0
    v = ch.bind(desk.clerk, v.id)
    assert v.state == "bound" and v.number and v.version == 1
    with desk.ctx.store.read() as s:
        docs = s.execute(select(Document.kind).where(Document.change_id == v.id)).scalars()
        assert "change_signature" in list(docs)


def test_a_cancellation_is_approved_at_the_desk_signed_refunded_then_bound(desk):
    number = _issued(desk)
    desk.clock.set(START + timedelta(days=30))
    ch = desk.ctx.changes
    v = ch.start(desk.clerk, number, "cancel")
    v = ch.edit(
        desk.clerk,
        v.id,
        {
            "reason": "scrapped",
            "scope": "commercial",
            "effective_date": (START + timedelta(days=31)).isoformat(),
            "documents": [{"kind": "scrap_certificate", "reference": "BF-2027-77"}],
        },
    )
    assert v.state == "referred" and v.needs_approval and v.difference < 0
    with pytest.raises(InvalidInput, match="approve"):
        ch.sign(desk.clerk, v.id, SIGNATURE)
    with pytest.raises(PermissionDenied):
        ch.approve_at_desk(desk.clerk, v.id, "clerk", "demo-clerk-2026", True, "ok")
    v = ch.approve_at_desk(desk.clerk, v.id, "supervisor", "demo-super-2026", True, "报废证明已核")
    assert (v.state, v.approved_by) == ("approved", "演示主管")
    ch.sign(desk.clerk, v.id, SIGNATURE)
    assert ch.refund_destination(desk.clerk, v.id) == {"method": "card", "reference": "*****9001"}
    with pytest.raises(InvalidInput, match="policyholder's own account"):
        ch.refund(
            desk.clerk,
            v.id,
            {"method": "transfer", "reference": "6222020200112233", "payer_name": "王五"},
        )
    v = ch.refund(desk.clerk, v.id, None)
    assert v.state == "refunded" and v.refunds[0]["amount"] == f"{v.difference:.2f}"
    v = ch.bind(desk.clerk, v.id)
    assert v.state == "bound"
    with desk.ctx.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars()
        assert part.amount == v.difference and part.reference == CARD


def test_a_withdrawn_change_frees_the_policy_and_a_supervisor_cannot_approve_their_own(desk):
    number = _issued(desk)
    ch = desk.ctx.changes
    v = ch.start(desk.clerk, number, "covers")
    with pytest.raises(InvalidInput, match="already has an open change"):
        ch.start(desk.clerk, number, "contact")
    ch.withdraw(desk.clerk, v.id, "customer changed their mind")
    assert ch.open_change(desk.clerk, number) is None
    own = ch.start(desk.supervisor, number, "vin_engine")
    ch.edit(desk.supervisor, own.id, {"kind": "vin_engine", "engine_number": "EA211-998877"})
    with pytest.raises(PermissionDenied, match="Nobody approves"):
        ch.decide(desk.supervisor, own.id, True, "fine")
    with desk.ctx.store.read() as s:
        assert s.get(PolicyChange, v.id).state == "withdrawn"
