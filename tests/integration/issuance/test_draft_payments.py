"""Payments are on record the moment they are taken (the payment step): each part is stored against
the draft with its audit event, a failed part opens a 待处理 item at once, and issuing attaches
the parts to the policy; no policy without the money (见费出单)."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from app.core.errors import InvalidInput
from local_db.models import Payment, Policy, WorkItem
from tests.support.examples import POLICY_REQUEST


def test_parts_taken_before_the_policy_exists_are_attached_at_issue(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    request = copy.deepcopy(POLICY_REQUEST) | {"draft_id": draft, "payments": []}
    total = ctx.issuance.preview(request).quote.total
    ctx.issuance.sign(clerk, request)  # the customer signs the schedule before any money is taken
    left = ctx.issuance.record_draft_payment(
        clerk,
        request,
        {"method": "card", "amount": "3000.00", "reference": "T1", "failed": "单笔限额"},
    )
    assert left.outstanding == total and not left.complete
    assert left.changes.work_items and left.changes.drafts  # the 待处理 list redraws
    with ctx.store.read() as s:  # the failure waits on a person now, not at issue
        item = s.execute(select(WorkItem)).scalar_one()
        assert item.kind == "payment_failed" and item.draft_id == draft
    with pytest.raises(InvalidInput) as wrong_payer:
        ctx.issuance.record_draft_payment(
            clerk,
            request,
            {"method": "transfer", "amount": "100.00", "reference": "B1", "payer_name": "李四"},
        )
    assert "实名缴费" in wrong_payer.value.zh
    assert (
        ctx.issuance.record_draft_payment(
            clerk, request, {"method": "cash", "amount": "1000.00"}
        ).outstanding
        == total - 1000
    )
    with pytest.raises(InvalidInput):  # not more than what is due
        ctx.issuance.record_draft_payment(
            clerk, request, {"method": "cash", "amount": f"{total:.2f}"}
        )
    with pytest.raises(InvalidInput) as short:
        ctx.issuance.issue(clerk, request)
    assert f"{total - 1000:.2f}" in short.value.message
    with ctx.store.read() as s:  # nothing issued; the parts still wait with the draft
        assert s.execute(select(Policy)).first() is None
        assert {p.draft_id for p in s.execute(select(Payment)).scalars()} == {draft}

    again = copy.deepcopy(request)
    assert (
        ctx.issuance.record_draft_payment(
            clerk, again, {"method": "qr", "amount": "rest", "reference": "QR1"}
        ).outstanding
        == 0
    )
    assert ctx.issuance.draft_payment_state(draft).complete  # what the payment step waits for
    done = ctx.issuance.issue(clerk, again)
    assert done.state == "bound" and done.policy_number
    with ctx.store.read() as s:
        parts = (
            s.execute(
                select(Payment).where(Payment.policy_id == done.policy_id).order_by(Payment.id)
            )
            .scalars()
            .all()
        )
        assert [(p.method, p.status) for p in parts] == [
            ("card", "failed"),
            ("cash", "succeeded"),
            ("qr", "succeeded"),
        ]
        assert s.get(Policy, done.policy_id).state == "bound"
        # The declined card's 待处理 item now names the policy, and is settled: the customer
        # paid in full another way, so no one is sent to chase it.
        item = s.execute(select(WorkItem)).scalar_one()
        assert (item.policy_id, item.status) == (done.policy_id, "resolved")
        assert done.policy_number in item.history[-1]["text"]
        assert item.history[-1]["text_en"] == f"paid in full when {done.policy_number} was issued"
    assert [i.id for i in ctx.work_items.list_items(clerk)] == []  # nothing left open
    shown = ctx.work_items.list_items(clerk, status="resolved")[0]
    assert shown.policy_number == done.policy_number
