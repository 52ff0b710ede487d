"""The policy lifecycle is one table: every listed transition works for the right role, every
other (state, event) pair is refused with a message, and each change is audited."""

from __future__ import annotations

import uuid

import pytest

from app.access.permissions import CurrentUser, Role
from app.core.errors import PermissionDenied
from app.issuance.lifecycle import (
    TRANSITIONS,
    Event,
    InvalidTransition,
    Lifecycle,
    State,
    next_state,
)
from local_db.models import Policy

CLERK = CurrentUser(2, "clerk", "出单员", Role.CLERK)
SUPERVISOR = CurrentUser(3, "sup", "主管", Role.SUPERVISOR)
ADMIN = CurrentUser(1, "admin", "管理员", Role.ADMIN)


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: f"{t.source}-{t.event}")
def test_every_listed_transition_is_allowed_for_an_admin(t):
    assert next_state(t.source, t.event, ADMIN) == t.target


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("event", list(Event))
def test_unlisted_transitions_are_refused_with_what_is_possible(state, event):
    if any(t.source == state and t.event == event for t in TRANSITIONS):
        return
    with pytest.raises(InvalidTransition) as err:
        next_state(state, event, ADMIN)
    assert state.value in str(err.value)


def test_the_happy_path_as_the_design_describes_it():
    path = [
        (Event.QUOTE, State.QUOTED),
        (Event.SIGN, State.SIGNED),
        (Event.PAY, State.PAID),
        (Event.BIND, State.BOUND),
    ]
    s = State.DRAFT
    for ev, expected in path:
        s = next_state(s, ev, CLERK)
        assert s == expected
    assert next_state(s, Event.CONFIRM, ADMIN) == State.CONFIRMED


def test_a_clerk_cannot_decide_a_referral_but_a_supervisor_can():
    with pytest.raises(PermissionDenied):
        next_state(State.REFERRED, Event.APPROVE, CLERK)
    assert next_state(State.REFERRED, Event.APPROVE, SUPERVISOR) == State.APPROVED
    assert next_state(State.REFERRED, Event.DECLINE, SUPERVISOR) == State.DECLINED


def test_only_head_offices_answer_confirms_a_bound_policy():
    with pytest.raises(PermissionDenied):
        next_state(State.BOUND, Event.CONFIRM, SUPERVISOR)


ROLES = {"clerk": CLERK, "supervisor": SUPERVISOR, "admin": ADMIN}
EVERYONE, DECIDERS, HEAD_OFFICE = (
    {"clerk", "supervisor", "admin"},
    {"supervisor", "admin"},
    {"admin"},
)
# Who may take each transition, written out so that a change to the table's permissions shows here.
MAY = {
    (State.QUOTED, Event.DECLINE): EVERYONE,  # the rules declined it outright
    (State.REFERRED, Event.APPROVE): DECIDERS,
    (State.REFERRED, Event.DECLINE): DECIDERS,
    (State.BOUND, Event.CONFIRM): HEAD_OFFICE,
    (State.BOUND, Event.REJECT): HEAD_OFFICE,  # the sync acts as admin
    (State.REJECTED, Event.RESUBMIT): DECIDERS,
    (State.CONFIRMED, Event.CANCEL): DECIDERS,
    (State.ENDORSED, Event.CANCEL): DECIDERS,
}


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: f"{t.source}-{t.event}")
def test_every_transition_succeeds_for_exactly_the_roles_that_may_take_it(app_ctx, t, role):
    """Through the lifecycle on a stored policy: a permitted role moves it and is audited; any
    other gets the permission error and the policy stays where it was."""
    user = ROLES[role]
    life = Lifecycle(app_ctx.audit)
    pid = str(uuid.uuid4())
    with app_ctx.store.write() as s:
        s.add(Policy(id=pid, state=t.source.value))
    if role in MAY.get((t.source, t.event), EVERYONE):
        with app_ctx.store.write() as s:
            assert life.apply(s, s.get(Policy, pid), t.event, user) == t.target
        assert app_ctx.audit.recent(1)[0].action == f"policy.{t.event.value}"
        expected = t.target
    else:
        with pytest.raises(PermissionDenied), app_ctx.store.write() as s:
            life.apply(s, s.get(Policy, pid), t.event, user)
        expected = t.source
    with app_ctx.store.read() as s:
        assert s.get(Policy, pid).state == expected.value


def test_the_written_out_permissions_name_only_transitions_of_the_table():
    assert set(MAY) <= {(t.source, t.event) for t in TRANSITIONS}


def test_nothing_moves_a_signed_or_paid_policy_back():
    # A change after signing is refused where it matters (taking money, issuing) and the customer
    # signs again on the draft: no event takes a policy back before the signature.
    for state in (State.SIGNED, State.PAID, State.BOUND):
        assert all(
            t.target not in (State.QUOTED, State.DRAFT) for t in TRANSITIONS if t.source == state
        )


def test_declined_and_cancelled_are_final():
    for final in (State.DECLINED, State.CANCELLED, State.RENEWED):
        assert not [t for t in TRANSITIONS if t.source == final]


def test_apply_changes_state_and_audits_in_the_same_transaction(app_ctx):
    life = Lifecycle(app_ctx.audit)
    pid = str(uuid.uuid4())
    with app_ctx.store.write() as s:
        s.add(Policy(id=pid, state=State.DRAFT.value))
    with app_ctx.store.write() as s:
        p = s.get(Policy, pid)
        life.apply(s, p, Event.QUOTE, CLERK)
        life.apply(s, p, Event.REFER, CLERK, "sum insured above the outlet's limit")
    # A refused transition changes nothing and writes nothing.
    with pytest.raises(PermissionDenied), app_ctx.store.write() as s:
        life.apply(s, s.get(Policy, pid), Event.APPROVE, CLERK)
    with app_ctx.store.read() as s:
        assert s.get(Policy, pid).state == "referred"
    events = [(e.action, e.summary) for e in reversed(app_ctx.audit.recent(2))]
    assert events == [
        ("policy.quote", "draft -> quoted"),
        ("policy.refer", "quoted -> referred: sum insured above the outlet's limit"),
    ]
    assert app_ctx.audit.verify().ok
