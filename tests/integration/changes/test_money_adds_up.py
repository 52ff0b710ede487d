"""Property: whatever endorsements a policy goes through, and whether or not it is cancelled in
the end, the sum of its transactions (the premium issued, every confirmed endorsement's
difference and the cancellation's refund) equals what the customer paid less what was refunded,
to the fen, counted from the stored payment parts, and the policy's history says the same."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.core.money import ZERO
from local_db.models import Payment, PolicyChange
from tests.support.changes import SIGNATURE, card_payment, confirm, policy_request
from tests.support.outlet import vin_number

from .conftest import TODAY

pytestmark = pytest.mark.slow  # a real store: each example issues and changes a policy

_VINS = itertools.count(500)

# What a customer asks for mid-term; each applied only when it changes something.
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("third_party"), st.sampled_from(["1000000", "2000000", "3000000"])),
        st.tuples(st.just("driver"), st.sampled_from(["10000", "20000", "50000"])),
        st.tuples(st.just("scratch"), st.sampled_from(["", "2000", "5000"])),  # "": removed
        st.tuples(st.just("contact"), st.sampled_from(["13900001111", "13800002222"])),
    ).flatmap(lambda step: st.tuples(st.just(step), st.integers(1, 40))),
    min_size=0,
    max_size=4,
)
ENDING = st.sampled_from([None, "commercial", "all"])


def _request(step: tuple[str, str], covers: dict[str, str]) -> dict | None:
    what, value = step
    if what == "contact":
        if covers.get("phone") == value:
            return None  # the desk refuses a change to the number already on the policy
        return {"kind": "contact", "policyholder": {"phone": value}, "payments": card_payment()}
    if covers.get(what, "") == value:
        return None  # nothing would change
    if what == "scratch" and not value:
        ask = {"remove": [what]}
    elif what == "scratch" and what not in covers:
        ask = {"add": [{"code": what, "limit": value}]}
    else:
        ask = {"change": [{"code": what, "limit": value}]}
    return {"kind": "covers", **ask, "signature": SIGNATURE, "payments": card_payment()}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS, ending=ENDING)
def test_a_policys_transactions_sum_to_what_was_paid_less_what_was_refunded(desk, steps, ending):
    desk.clock.set(TODAY)
    start = TODAY + timedelta(days=1)
    issued = desk.ctx.issuance.issue(
        desk.clerk, policy_request(start, vehicle_vin=vin_number(next(_VINS)), vehicle_plate=None)
    )
    covers = {"third_party": "2000000", "driver": "10000"}
    day = TODAY
    for step, days in steps:
        ask = _request(step, covers)
        if ask is None:
            continue
        day += timedelta(days=days)
        desk.clock.set(day)
        # Payments are taken only when the change costs more (见费出单); a decrease is
        # refunded to the card the customer paid with.
        quoted = desk.ctx.changes.endorse(desk.clerk, issued.policy_number, ask)
        confirm(desk.ctx, quoted.id)
        if step[0] == "contact":
            covers["phone"] = step[1]
        else:
            if step[1]:
                covers[step[0]] = step[1]
            else:
                covers.pop(step[0], None)
    if ending is not None:
        day += timedelta(days=5)
        desk.clock.set(day)
        cancel = {
            "reason": "deregistered" if ending == "all" else "customer_request",
            "scope": ending,
            "effective_date": (day + timedelta(days=1)).isoformat(),
            "signature": SIGNATURE,
        }
        if ending == "all":
            cancel["documents"] = [{"kind": "deregistration_certificate", "reference": "ZX-1"}]
        v = desk.ctx.changes.cancel(desk.clerk, issued.policy_number, cancel, desk.supervisor)
        confirm(desk.ctx, v.id, refund=f"{-v.difference:.2f}", total_losses=[])

    with desk.ctx.store.read() as s:
        changes = s.execute(
            select(PolicyChange).where(PolicyChange.policy_id == issued.policy_id)
        ).scalars()
        differences = sum(
            (c.premium_difference or ZERO for c in changes if c.state == "confirmed"), ZERO
        )
        parts = list(
            s.execute(select(Payment).where(Payment.policy_id == issued.policy_id)).scalars()
        )
    paid = sum((p.amount for p in parts if p.amount > 0 and p.status == "succeeded"), ZERO)
    refunded = sum((-p.amount for p in parts if p.amount < 0), ZERO)
    assert issued.total + differences == paid - refunded
    assert all(p.status == "requested" for p in parts if p.amount < 0)
    money = {
        k: D(v)
        for k, v in desk.ctx.changes.history(desk.clerk, issued.policy_number)["money"].items()
    }
    assert money["charged"] == money["net"] == paid - refunded
    assert (money["paid"], -money["refunded"]) == (paid, refunded)
