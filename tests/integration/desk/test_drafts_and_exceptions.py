"""Drafts survive anything and the 待处理 queue shows each person what is theirs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from app.access.permissions import Role
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.desk.context import AppContext
from app.work_items.queue import WorkItemKind
from tests.support.paths import REPO


@pytest.fixture
def people(app_ctx):
    admin = app_ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    app_ctx.users.add_user(admin, "sup", "super-pass-1", Role.SUPERVISOR, "主管")
    app_ctx.users.add_user(admin, "wang", "clerk-pass-1", Role.CLERK, "王")
    app_ctx.users.add_user(admin, "li", "clerk-pass-2", Role.CLERK, "李")
    return {
        "sup": app_ctx.auth.login("sup", "super-pass-1"),
        "wang": app_ctx.auth.login("wang", "clerk-pass-1"),
        "li": app_ctx.auth.login("li", "clerk-pass-2"),
    }


def test_draft_reopens_at_the_same_step_with_the_same_values(app_ctx, people, chudan_home):
    wang = people["wang"]
    d = app_ctx.drafts.create(wang)
    data = {
        "policyholder": {"name": "张伟", "id_number": "110105198507231238"},
        "vehicle": {"plate": "京A12345"},
    }
    app_ctx.drafts.save(wang, d, "vehicle", data)
    app_ctx.close()
    with AppContext.open(chudan_home) as again:
        assert again.drafts.load(wang, d) == ("vehicle", data)
        (summary,) = again.drafts.list_open(wang)
        assert summary.label == "张* · 京A12345"  # the list never shows a full name


def test_clerks_see_their_own_drafts_supervisors_all(app_ctx, people):
    d = app_ctx.drafts.create(people["wang"])
    assert app_ctx.drafts.list_open(people["li"]) == []
    with pytest.raises(NotFound):
        app_ctx.drafts.load(people["li"], d)
    assert [x.id for x in app_ctx.drafts.list_open(people["sup"])] == [d]


def test_exception_queue_visibility_assignment_and_history(app_ctx, people):
    wang, li, sup = people["wang"], people["li"], people["sup"]
    with app_ctx.store.write() as s:
        item = app_ctx.work_items.open_item(
            s, wang, WorkItemKind.PAYMENT_FAILED, "card declined for 13812345678: limit exceeded"
        )
    assert [i.id for i in app_ctx.work_items.list_items(wang)] == [item]
    assert app_ctx.work_items.list_items(li) == []
    assert [i.reason for i in app_ctx.work_items.list_items(sup)] == [
        "card declined for 138****5678: limit exceeded"
    ]
    with pytest.raises(PermissionDenied):
        app_ctx.work_items.assign(wang, item, "li")
    app_ctx.work_items.assign(sup, item, "li")
    assert [i.id for i in app_ctx.work_items.list_items(li)] == [item]
    app_ctx.work_items.comment(li, item, "customer will pay by QR")
    app_ctx.work_items.resolve(li, item, "paid by QR")
    assert app_ctx.work_items.list_items(sup) == []
    (done,) = app_ctx.work_items.list_items(sup, status="resolved")
    assert [h["action"] for h in done.history] == ["open", "assign", "comment", "resolve"]
    assert done.assigned_to == "li" and done.created_by == "wang"


def test_a_referral_ends_with_a_decision_not_a_resolution(app_ctx, people):
    """ "Resolved" would say neither issue nor don't: a referral is approved or declined, with a
    note, by a supervisor (ReferralService.decide), whoever asks to resolve it."""
    with app_ctx.store.write() as s:
        item = app_ctx.work_items.open_item(
            s, people["wang"], WorkItemKind.REFERRAL, "vehicle older than 15 years"
        )
    for who in ("wang", "sup"):
        with pytest.raises(InvalidInput) as refused:
            app_ctx.work_items.resolve(people[who], item, "approved after photos")
        assert "approve or decline" in refused.value.message and "批准或拒绝" in refused.value.zh
    (still,) = app_ctx.work_items.list_items(people["sup"])
    assert still.id == item and still.status == "open"


WRITER = textwrap.dedent("""
    import sys
    from app.desk.context import AppContext
    from app.access.permissions import CurrentUser, Role
    ctx = AppContext.open()
    wang = ctx.auth.login("wang", "clerk-pass-1")
    d = ctx.drafts.create(wang)
    print(d, flush=True)
    i = 0
    while True:
        i += 1
        ctx.drafts.save(wang, d, "coverage", {"n": i, "policyholder": {"name": "张伟" * (i % 7 + 1)}})
        if i == 50:
            print("saving", flush=True)
""")


@pytest.mark.live  # a writer process, killed
def test_killing_the_process_mid_save_loses_nothing_committed(app_ctx, people, chudan_home):
    """A process saving a draft in a loop is killed with SIGKILL; the store opens, passes its
    checks, and the draft holds one whole saved version."""
    app_ctx.close()
    env = {**os.environ, "CHUDAN_HOME": str(chudan_home), "CHUDAN_KEYRING": "off"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
    )
    draft_id = proc.stdout.readline().strip()
    assert proc.stdout.readline().strip() == "saving"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with AppContext.open(chudan_home) as ctx:
        from app.desk import store_admin

        assert store_admin.check(ctx.store, ctx.audit).ok
        wang = ctx.auth.login("wang", "clerk-pass-1")
        step, data = ctx.drafts.load(wang, draft_id)
        assert step == "coverage" and data["n"] >= 50
        assert data["policyholder"]["name"] == "张伟" * (data["n"] % 7 + 1)  # a whole version


def test_items_the_system_opens_go_to_the_clerk_who_issued_the_policy(app_ctx, people):
    """Head office's rejection (recorded by the sync) and a failed delivery are opened by nobody in
    person: the clerk who issued the policy sees them; other clerks do not; supervisors see all."""
    import uuid

    from app.access.permissions import system_actor
    from local_db.models import OutboxItem, Policy
    from sync.outbox import ItemResult
    from sync.uploads import PolicyAnswers

    wang, li, sup = people["wang"], people["li"], people["sup"]
    pid = str(uuid.uuid4())
    with app_ctx.store.write() as s:
        s.add(
            Policy(
                id=pid,
                state="bound",
                policy_number="DEMO010120261201000001K",
                created_by=wang.user_id,
            )
        )
        s.flush()
        row = OutboxItem(kind="policy", idempotency_key=pid, policy_id=pid, payload={})
        s.add(row)
        s.flush()
        PolicyAnswers(app_ctx).on_rejected(
            s, row, ItemResult(pid, "rejected", "premium 0.01 off the table")
        )
        app_ctx.work_items.open_item(
            s,
            system_actor("delivery"),
            WorkItemKind.DELIVERY_FAILED,
            "e-policy by email failed 5 times",
            policy_id=pid,
        )
    mine = app_ctx.work_items.list_items(wang)
    assert sorted(i.kind for i in mine) == ["delivery_failed", "hq_rejected"]
    assert {i.assigned_to for i in mine} == {"wang"} and {i.created_by for i in mine} == {None}
    assert app_ctx.work_items.list_items(li) == []
    assert len(app_ctx.work_items.list_items(sup)) == 2
    (rejected,) = [i for i in mine if i.kind == "hq_rejected"]
    app_ctx.work_items.comment(
        wang, rejected.id, "re-priced with the current table"
    )  # they can act on it
