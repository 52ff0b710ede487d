"""`Lifecycle.apply` on a stored policy: the state is written and audited in the caller's
transaction, and a refused transition leaves the stored state and the audit log as they were.
(Who may take which transition is tested on the pure rule, tests/unit/issuance/test_lifecycle.py.)"""

from __future__ import annotations

import uuid

import pytest

from app.access.permissions import CurrentUser, Role
from app.core.errors import PermissionDenied
from app.issuance.lifecycle import Event, Lifecycle, State
from local_db.models import Policy

CLERK = CurrentUser(2, "clerk", "出单员", Role.CLERK)
SUPERVISOR = CurrentUser(3, "sup", "主管", Role.SUPERVISOR)


def _stored_policy(ctx, state: State) -> str:
    pid = str(uuid.uuid4())
    with ctx.store.write() as s:
        s.add(Policy(id=pid, state=state.value))
    return pid


def _stored_state(ctx, pid: str) -> str:
    with ctx.store.read() as s:
        return s.get(Policy, pid).state


def test_apply_changes_state_and_audits_in_the_same_transaction(app_ctx):
    life = Lifecycle(app_ctx.audit)
    pid = _stored_policy(app_ctx, State.DRAFT)
    with app_ctx.store.write() as s:
        p = s.get(Policy, pid)
        life.apply(s, p, Event.QUOTE, CLERK)
        life.apply(s, p, Event.REFER, CLERK, "sum insured above the outlet's limit")
    assert _stored_state(app_ctx, pid) == "referred"
    events = [(e.actor, e.action, e.summary) for e in reversed(app_ctx.audit.recent(2))]
    assert events == [
        ("clerk", "policy.quote", "draft -> quoted"),
        ("clerk", "policy.refer", "quoted -> referred: sum insured above the outlet's limit"),
    ]
    assert app_ctx.audit.verify().ok


def test_a_refused_role_leaves_the_stored_state_and_writes_nothing(app_ctx):
    life = Lifecycle(app_ctx.audit)
    pid = _stored_policy(app_ctx, State.REFERRED)
    before = [e.id for e in app_ctx.audit.recent(5)]
    with pytest.raises(PermissionDenied), app_ctx.store.write() as s:
        life.apply(s, s.get(Policy, pid), Event.APPROVE, CLERK)
    assert _stored_state(app_ctx, pid) == "referred"
    assert [e.id for e in app_ctx.audit.recent(5)] == before
    # The role that may decide moves the same stored policy on.
    with app_ctx.store.write() as s:
        assert life.apply(s, s.get(Policy, pid), Event.APPROVE, SUPERVISOR) == State.APPROVED
    assert _stored_state(app_ctx, pid) == "approved"
    assert app_ctx.audit.recent(1)[0].action == "policy.approve"


def test_a_write_that_fails_after_apply_keeps_neither_the_state_nor_its_audit_event(app_ctx):
    life = Lifecycle(app_ctx.audit)
    pid = _stored_policy(app_ctx, State.DRAFT)
    before = [e.id for e in app_ctx.audit.recent(5)]
    with pytest.raises(RuntimeError), app_ctx.store.write() as s:
        life.apply(s, s.get(Policy, pid), Event.QUOTE, CLERK)
        raise RuntimeError("power cut before commit")
    assert _stored_state(app_ctx, pid) == "draft"
    assert [e.id for e in app_ctx.audit.recent(5)] == before
