"""Four eyes on every referred quote, whatever the path: nobody approves or declines a referral
they asked for (or on their own draft or policy) — not at the clerk's desk, not from 待处理, not
for a headless request."""

from __future__ import annotations

import copy

import pytest

from app.access.permissions import Role
from app.core.errors import PermissionDenied
from app.desk.demo import set_up_demo
from app.work_items.queue import WorkItemKind
from tests.support.bad_input import EXAMPLE


@pytest.fixture
def desk(app_ctx):
    set_up_demo(app_ctx)
    admin = app_ctx.auth.login("admin", "demo-admin-2026")
    app_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    return app_ctx


def _expensive(**more) -> dict:
    request = copy.deepcopy(EXAMPLE)
    request["vehicle"]["purchase_price"] = "1200000"  # the demo table refers this
    return request | more


def _referral(ctx, actor) -> int:
    (item,) = [
        i
        for i in ctx.work_items.list_items(actor)
        if i.kind == WorkItemKind.REFERRAL and i.status == "open"
    ]
    return item.id


def test_a_supervisor_cannot_approve_their_own_referral_from_the_queue(desk):
    wang = desk.auth.login("supervisor", "demo-super-2026")
    draft = desk.drafts.create(wang)  # the supervisor issues, as clerks do
    request = _expensive(draft_id=draft)
    fp = desk.issuance.preview(request).fingerprint
    item = desk.referrals.submit(wang, draft, fp, "高价值车辆")
    for approve in (True, False):
        with pytest.raises(PermissionDenied, match="own referral"):
            desk.referrals.decide(wang, item, approve, "我自己核过了")
    assert desk.issuance.preview(request).referral.status == "pending"
    lee = desk.auth.login("lee", "lee-pass-123")
    desk.referrals.decide(lee, item, True, "已核实发票")
    assert desk.issuance.preview(request).referral.status == "approved"


def test_nor_on_a_draft_of_their_own_that_someone_else_sent(desk):
    wang = desk.auth.login("supervisor", "demo-super-2026")
    clerk = desk.auth.login("clerk", "demo-clerk-2026")
    draft = desk.drafts.create(wang)
    fp = desk.issuance.preview(_expensive(draft_id=draft)).fingerprint
    item = desk.referrals.submit(clerk, draft, fp, "高价值车辆")  # the clerk asked for it
    with pytest.raises(PermissionDenied, match="own referral"):
        desk.referrals.decide(wang, item, True, "ok")


def test_a_headless_referral_is_decided_by_another_supervisor_only(desk):
    wang = desk.auth.login("supervisor", "demo-super-2026")
    referred = desk.issuance.issue(wang, _expensive())
    assert referred.state == "referred"
    item = _referral(desk, wang)
    with pytest.raises(PermissionDenied, match="own referral"):
        desk.referrals.decide(wang, item, True, "ok")
    desk.referrals.decide(desk.auth.login("lee", "lee-pass-123"), item, True, "已验车")
    assert desk.issuance.issue(wang, _expensive()).state == "bound"


def test_at_the_desk_the_refusal_comes_before_anything_is_opened(desk):
    wang = desk.auth.login("supervisor", "demo-super-2026")
    draft = desk.drafts.create(wang)
    fp = desk.issuance.preview(_expensive(draft_id=draft)).fingerprint
    with pytest.raises(PermissionDenied, match="own referral"):
        desk.referrals.decide_at_desk(
            wang, draft, fp, "高价值车辆", "supervisor", "demo-super-2026", True, "ok"
        )
    assert [i for i in desk.work_items.list_items(wang) if i.kind == WorkItemKind.REFERRAL] == []
