"""The registry look-up against the 行驶证 (the vehicle step, docs/regulations.md §8.2): a match clears the
policy; a mismatch or an unknown vehicle flags it for manual verification with a 待处理 item and
the licence photo kept; no answer (offline) leaves it flagged as pending."""

from __future__ import annotations

import copy
from datetime import timedelta

from sqlalchemy import select

from app.issuance.registry_check import FLAG_MISMATCH, FLAG_PENDING
from local_db.models import Document, Policy, WorkItem
from tests.support.examples import POLICY_REQUEST, registry_answer


def test_a_mismatch_flags_the_policy_and_keeps_the_licence_photo(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    ctx.drafts.attach_document(
        clerk, draft, "vehicle-licence", "licence.jpg", b"\xff\xd8photo", {"fields": {}}
    )
    request = copy.deepcopy(POLICY_REQUEST) | {
        "draft_id": draft,
        "registry_answer": registry_answer(usage="出租客运"),
    }
    ctx.issuance.sign(clerk, request)
    r = ctx.issuance.issue(clerk, request)
    assert r.state == "bound"  # the clerk may proceed; the flag follows the policy
    with ctx.store.read() as s:
        policy = s.get(Policy, r.policy_id)
        assert FLAG_MISMATCH in policy.flags and FLAG_PENDING not in policy.flags
        item = s.execute(select(WorkItem).where(WorkItem.kind == "registry_mismatch")).scalar_one()
        assert item.policy_id == r.policy_id and "使用性质" in item.reason
        kinds = {
            d.kind
            for d in s.execute(select(Document).where(Document.policy_id == r.policy_id)).scalars()
        }
        assert "vehicle-licence" in kinds


def test_a_match_clears_the_policy_and_no_answer_leaves_it_pending(desk):
    ctx, clerk = desk
    matched = ctx.issuance.issue(
        clerk, copy.deepcopy(POLICY_REQUEST) | {"registry_answer": registry_answer()}
    )
    with ctx.store.read() as s:
        ends = s.get(Policy, matched.policy_id).end_date
    ctx.test_clock.advance(days=330)  # renewal time
    other = copy.deepcopy(POLICY_REQUEST)
    other["start_date"] = (ends + timedelta(days=1)).isoformat()  # the same car next year
    offline = ctx.issuance.issue(clerk, other)
    with ctx.store.read() as s:
        assert not {FLAG_PENDING, FLAG_MISMATCH} & set(s.get(Policy, matched.policy_id).flags)
        assert FLAG_PENDING in s.get(Policy, offline.policy_id).flags


def test_the_same_cover_bought_at_another_outlet_is_refused(desk):
    import pytest

    from app.core.errors import InvalidInput

    ctx, clerk = desk
    prior = [
        {
            "policy_number": "OUT020120260301000017",
            "insurer": "本公司",
            "outlet_code": "OUT02",
            "coverage": "ctpl",
            "start": (ctx.test_clock.today() - timedelta(days=300)).isoformat(),
            "end": (ctx.test_clock.today() + timedelta(days=64)).isoformat(),
        }
    ]
    request = copy.deepcopy(POLICY_REQUEST) | {"prior_policies": prior}
    assert "OUT02" in ctx.issuance.preview(request).duplicate.zh
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, request)
    assert "OUT020120260301000017" in refused.value.message
    later = copy.deepcopy(request)
    # the day after the other CTPL ends
    later["start_date"] = (ctx.test_clock.today() + timedelta(days=65)).isoformat()
    assert ctx.issuance.preview(later).duplicate is None
    assert ctx.issuance.issue(clerk, later).state == "bound"
