"""A change's lifecycle is one table read by the shared machine (app/core/state_machine.py):
every listed transition works for the right role, every other pair is refused in both languages
with what is possible instead, and a table that lists a pair twice is refused when it is made."""

from __future__ import annotations

from enum import StrEnum

import pytest

from app.access.permissions import CurrentUser, Permission, Role, require
from app.changes.lifecycle import (
    MACHINE,
    TRANSITIONS,
    ChangeEvent,
    ChangeState,
    InvalidChangeTransition,
    allowed,
    next_state,
)
from app.core.errors import ChudanError, PermissionDenied
from app.core.state_machine import StateMachine

CLERK = CurrentUser(2, "clerk", "出单员", Role.CLERK)
ADMIN = CurrentUser(1, "admin", "管理员", Role.ADMIN)
LISTED = {(t.source, t.event) for t in TRANSITIONS}


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: f"{t.source}-{t.event}")
def test_every_listed_transition_is_allowed_for_an_admin(t):
    assert next_state(t.source, t.event, ADMIN) == t.target


@pytest.mark.parametrize(
    "state, event",
    [(s, e) for s in ChangeState for e in ChangeEvent if (s, e) not in LISTED],
    ids=lambda v: v.value,
)
def test_unlisted_transitions_are_refused_with_what_is_possible(state, event):
    with pytest.raises(InvalidChangeTransition) as err:
        next_state(state, event, ADMIN)
    possible = ", ".join(e.value for e in allowed(state)) or "nothing (it is finished)"
    assert str(err.value) == (
        f"A change that is {state.value} cannot be {event.value}d; from here it can: {possible}."
    )
    assert err.value.zh.startswith(f"批改当前状态为「{MACHINE.names_zh[state]}」")


def test_a_clerk_cannot_record_head_offices_answer():
    with pytest.raises(PermissionDenied):
        next_state(ChangeState.BOUND, ChangeEvent.CONFIRM, CLERK)


def test_the_issue_path_of_a_change_that_collects_money():
    s = ChangeState.DRAFT
    for event in (ChangeEvent.QUOTE, ChangeEvent.SIGN, ChangeEvent.PAY, ChangeEvent.BIND):
        s = next_state(s, event, CLERK)
    assert s == ChangeState.BOUND


def test_a_table_that_lists_a_pair_twice_is_refused():
    class St(StrEnum):
        A = "a"
        B = "b"

    class Ev(StrEnum):
        GO = "go"

    rows = [(St.A, Ev.GO, St.B, Permission.ISSUE_POLICY)] * 2
    with pytest.raises(ValueError, match="twice"):
        StateMachine(
            St,
            Ev,
            rows,
            names_zh={St.A: "甲", St.B: "乙"},
            noun="thing",
            noun_zh="事项",
            finished="nothing",
            refusal=ChudanError,
            require=require,
            object_type="thing",
        )
