"""Referrals at the outlet (the coverage step): underwriting says "refer" (here the demo table's
UW_HIGH_VALUE rule: own-damage sum insured of 800,000 or more), a supervisor decides with their
own log-in, and the decision holds for exactly the quote it was made for."""

from __future__ import annotations

import copy

import pytest

from app.access.auth import LoginFailed
from app.core.errors import InvalidInput, PermissionDenied
from app.work_items.queue import WorkItemKind
from tests.support.examples import POLICY_REQUEST


def _expensive(draft_id: str) -> dict:
    request = copy.deepcopy(POLICY_REQUEST)
    request["vehicle"]["purchase_price"] = "1200000"
    request["draft_id"] = draft_id
    return request


def test_approved_at_the_desk_then_issued_and_the_approval_is_the_supervisors(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    request = _expensive(draft)
    preview = ctx.issuance.preview(request)
    assert preview.quote.underwriting.outcome == "refer" and preview.referral.status == "none"
    assert [f.code for f in preview.quote.underwriting.fired] == ["UW_HIGH_VALUE"]

    with pytest.raises(PermissionDenied):  # a clerk cannot approve
        ctx.referrals.decide_at_desk(
            clerk, draft, preview.fingerprint, "高价值车辆", "clerk", "demo-clerk-2026", True, "ok"
        )
    with pytest.raises(LoginFailed):
        ctx.referrals.decide_at_desk(
            clerk, draft, preview.fingerprint, "高价值车辆", "supervisor", "wrong", True, "ok"
        )
    ctx.referrals.decide_at_desk(
        clerk,
        draft,
        preview.fingerprint,
        "高价值车辆",
        "supervisor",
        "demo-super-2026",
        True,
        "车况良好，已验车",
    )
    assert ctx.issuance.preview(request).referral.status == "approved"

    ctx.issuance.sign(clerk, request)
    result = ctx.issuance.issue(clerk, request)
    assert result.state == "bound" and result.policy_number
    trail = [(e.actor, e.action) for e in ctx.audit.recent(40)]
    assert ("supervisor", "policy.approve") in trail and ("supervisor", "referral.approve") in trail


def test_an_approval_is_for_that_quote_only(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    request = _expensive(draft)
    fp = ctx.issuance.preview(request).fingerprint
    ctx.referrals.decide_at_desk(
        clerk, draft, fp, "高价值车辆", "supervisor", "demo-super-2026", True, "ok"
    )
    request["plan"] = "full"  # more cover than the supervisor saw
    changed = ctx.issuance.preview(request)
    assert changed.fingerprint != fp and changed.referral.status == "none"
    with pytest.raises(
        InvalidInput, match="supervisor must approve"
    ):  # the customer cannot sign it yet
        ctx.issuance.sign(clerk, request)


def test_declined_means_nothing_is_issued_and_the_clerk_hears_why(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    request = _expensive(draft)
    fp = ctx.issuance.preview(request).fingerprint
    ctx.referrals.decide_at_desk(
        clerk, draft, fp, "高价值车辆", "supervisor", "demo-super-2026", False, "需总公司验车"
    )
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.sign(clerk, request)
    assert "需总公司验车" in refused.value.zh


def test_a_supervisor_decides_later_from_the_queue(desk):
    ctx, clerk = desk
    supervisor = ctx.auth.login("supervisor", "demo-super-2026")
    draft = ctx.drafts.create(clerk)
    request = _expensive(draft)
    fp = ctx.issuance.preview(request).fingerprint
    item_id = ctx.referrals.submit(clerk, draft, fp, "高价值车辆")
    assert ctx.referrals.submit(clerk, draft, fp, "高价值车辆") == item_id  # asked once, not twice
    assert ctx.issuance.preview(request).referral.status == "pending"
    (item,) = [i for i in ctx.work_items.list_items(supervisor) if i.kind == WorkItemKind.REFERRAL]
    with pytest.raises(PermissionDenied):
        ctx.referrals.decide(clerk, item.id, True, "ok")
    with pytest.raises(InvalidInput):
        ctx.referrals.decide(supervisor, item.id, True, "  ")  # a decision says why
    ctx.referrals.decide(supervisor, item.id, True, "已核实")
    assert ctx.issuance.preview(request).referral.status == "approved"
    assert ctx.work_items.list_items(supervisor) == [] or all(
        i.id != item.id for i in ctx.work_items.list_items(supervisor)
    )
    ctx.issuance.sign(clerk, request)
    assert ctx.issuance.issue(clerk, request).state == "bound"
