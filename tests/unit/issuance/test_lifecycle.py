"""The policy lifecycle is one table: every listed transition works for the right role, every
other (state, event) pair is refused with a message. The pure rule (`next_state`), no store: that
`Lifecycle.apply` writes the state and audits it is tested in tests/integration/issuance."""

from __future__ import annotations

import pytest

from app.access.permissions import CurrentUser, Role
from app.core.errors import PermissionDenied
from app.issuance.lifecycle import (
    TRANSITIONS,
    Event,
    InvalidTransition,
    State,
    allowed_events,
    next_state,
)

CLERK = CurrentUser(2, "clerk", "出单员", Role.CLERK)
SUPERVISOR = CurrentUser(3, "sup", "主管", Role.SUPERVISOR)
ADMIN = CurrentUser(1, "admin", "管理员", Role.ADMIN)


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: f"{t.source}-{t.event}")
def test_every_listed_transition_is_allowed_for_an_admin(t):
    assert next_state(t.source, t.event, ADMIN) == t.target


LISTED = {(t.source, t.event) for t in TRANSITIONS}
UNLISTED = [(state, event) for state in State for event in Event if (state, event) not in LISTED]


def test_the_table_lists_each_state_and_event_at_most_once():
    assert len(LISTED) == len(TRANSITIONS)


@pytest.mark.parametrize("state, event", UNLISTED, ids=lambda v: v.value)
def test_unlisted_transitions_are_refused_with_what_is_possible(state, event):
    with pytest.raises(InvalidTransition) as err:
        next_state(state, event, ADMIN)
    message = str(err.value)
    assert message.startswith(f"A policy that is {state.value} cannot be")
    possible = ", ".join(e.value for e in allowed_events(state)) or "nothing (a final state)"
    assert message.endswith(f"from here it can: {possible}.")


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
def test_every_transition_succeeds_for_exactly_the_roles_that_may_take_it(t, role):
    """The rule as a pure function (the store-backed `Lifecycle.apply` goes through it: see
    tests/integration/issuance/test_lifecycle.py): a permitted role gets the target state, any
    other the permission error."""
    user = ROLES[role]
    if role in MAY.get((t.source, t.event), EVERYONE):
        assert next_state(t.source, t.event, user) == t.target
    else:
        with pytest.raises(PermissionDenied):
            next_state(t.source, t.event, user)


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
