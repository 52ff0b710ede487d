"""Signing freezes the schedule (the review and signature step): the service stores the hash of everything the
customer saw with the time of signing, and taking money or issuing refuses any other schedule,
even one with the same premium, until the customer signs again."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import InvalidInput
from app.issuance.signing import ScheduleChanged
from local_db.models import Document, Payment, Policy
from tests.support.examples import POLICY_REQUEST

# The standard plan written out, so a cover can be swapped for another of the same premium.
STANDARD = [
    {"code": "ctpl"},
    {"code": "vehicle_damage"},
    {"code": "third_party", "limit": "2000000"},
    {"code": "driver", "limit": "10000"},
    {"code": "passenger", "limit": "10000", "seats": 4},
]


def _signed(ctx, clerk):
    draft = ctx.drafts.create(clerk)
    request = copy.deepcopy(POLICY_REQUEST) | {
        "draft_id": draft,
        "payments": [],
        "start_date": ctx.test_clock.tomorrow().isoformat(),
    }
    request.pop("plan")
    request["coverages"] = copy.deepcopy(STANDARD)
    signature = ctx.issuance.sign(clerk, request)
    return request, signature


def _renamed(r):
    r["policyholder"]["name"] = "张卫"


def _cover_swapped(r):
    # The driver's cover (40.00) out, the annual inspection run (40.00) in: the same premium.
    r["coverages"] = [c for c in r["coverages"] if c["code"] != "driver"] + [
        {"code": "value_added_service", "services": ["inspection_run"]}
    ]


def _period_moved(r):
    from datetime import date

    r["start_date"] = (date.fromisoformat(r["start_date"]) + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "change, named",
    [(_renamed, "names"), (_cover_swapped, "covers"), (_period_moved, "period")],
    ids=["name", "cover", "period"],
)
def test_a_change_after_signing_with_the_same_premium_is_refused(desk, change, named):
    ctx, clerk = desk
    request, signature = _signed(ctx, clerk)
    changed = copy.deepcopy(request)
    change(changed)
    assert (
        ctx.issuance.preview(changed).quote.total == ctx.issuance.preview(request).quote.total
    )  # same premium
    with pytest.raises(ScheduleChanged) as refused:
        ctx.issuance.record_draft_payment(clerk, changed, {"method": "cash", "amount": "rest"})
    assert named in refused.value.message and "sign again" in refused.value.message
    assert "重新签名" in refused.value.zh
    # The money for the signed schedule is taken; issuing the changed one is refused all the same.
    assert (
        ctx.issuance.record_draft_payment(
            clerk, request, {"method": "cash", "amount": "rest"}
        ).outstanding
        == 0
    )
    with pytest.raises(ScheduleChanged):
        ctx.issuance.issue(clerk, changed)
    with ctx.store.read() as s:
        assert s.execute(select(func.count()).select_from(Policy)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Payment)).scalar_one() == 1
    # The customer checks the new schedule and signs again: it issues, frozen at the new signature.
    again = ctx.issuance.sign(clerk, changed)
    assert again.schedule_hash != signature.schedule_hash
    done = ctx.issuance.issue(clerk, changed)
    assert done.state == "bound"
    with ctx.store.read() as s:
        p = s.get(Policy, done.policy_id)
        assert p.schedule_hash == again.schedule_hash and p.signed_at == again.signed_at


def test_the_signed_schedule_is_stored_with_the_time_and_used_at_issue(desk):
    ctx, clerk = desk
    request, signature = _signed(ctx, clerk)
    assert len(signature.schedule_hash) == 64 and isinstance(signature.signed_at, datetime)
    assert signature.schedule["parties"]["policyholder"]["name"] == "张伟"
    start = ctx.test_clock.tomorrow()  # the earliest start in 北京 (no immediate inception)
    ends = start.replace(year=start.year + 1) - timedelta(days=1)
    assert signature.schedule["period"] == [start.isoformat(), ends.isoformat()]
    assert {c["code"] for c in signature.schedule["covers"]["lines"]} == {
        "vehicle_damage",
        "third_party",
        "driver",
        "passenger",
    }
    ctx.issuance.record_draft_payment(clerk, request, {"method": "cash", "amount": "rest"})
    done = ctx.issuance.issue(clerk, request)
    with ctx.store.read() as s:
        p = s.get(Policy, done.policy_id)
        assert (p.schedule_hash, p.signed_at) == (signature.schedule_hash, signature.signed_at)
        sigs = (
            s.execute(
                select(Document).where(Document.policy_id == p.id, Document.kind == "signature")
            )
            .scalars()
            .all()
        )
        assert (
            len(sigs) == 1
        )  # the strokes the customer signed with, not a second copy from the request
    assert "draft.sign" in [e.action for e in ctx.audit.recent(30)]


def test_nothing_is_taken_or_issued_before_the_customer_signs(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    request = copy.deepcopy(POLICY_REQUEST) | {"draft_id": draft, "payments": []}
    with pytest.raises(ScheduleChanged, match="not signed"):
        ctx.issuance.record_draft_payment(clerk, request, {"method": "cash", "amount": "rest"})
    with pytest.raises(InvalidInput, match="sign on the pad"):
        ctx.issuance.sign(clerk, request | {"signature": None})
    with pytest.raises(InvalidInput, match="checklist"):
        ctx.issuance.sign(clerk, request | {"checklist_confirmed": False})


def test_a_referred_quote_is_not_signed_before_a_supervisor_approves_it(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    request = copy.deepcopy(POLICY_REQUEST) | {"draft_id": draft, "payments": []}
    request["history"]["drunk_driving"] = 1
    with pytest.raises(InvalidInput, match="supervisor must approve"):
        ctx.issuance.sign(clerk, request)
    preview = ctx.issuance.preview(request)
    ctx.referrals.decide_at_desk(
        clerk,
        draft,
        preview.fingerprint,
        "醉驾记录",
        "supervisor",
        "demo-super-2026",
        True,
        "record checked",
    )
    assert ctx.issuance.sign(clerk, request).schedule_hash
