"""The renewal funnel's moves (one table) and the outlet's renewal settings."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import InvalidInput
from app.renewals.settings import RenewalSettings, from_json
from app.renewals.states import (
    TRANSITIONS,
    LostReason,
    RenewalEvent,
    RenewalState,
    lost_reason,
    next_state,
)

S, E = RenewalState, RenewalEvent


def test_the_funnel_runs_forward_and_a_lost_renewal_can_still_be_renewed():
    assert next_state(S.DUE, E.CONTACT) == S.CONTACTED
    assert next_state(S.CONTACTED, E.QUOTE) == S.QUOTED
    assert next_state(S.QUOTED, E.RENEW) == S.RENEWED
    assert next_state(S.QUOTED, E.LOSE) == S.LOST
    assert next_state(S.LOST, E.RENEW) == S.RENEWED
    assert next_state(S.LOST, E.REOPEN) == S.DUE


@given(st.sampled_from(list(RenewalState)), st.sampled_from(list(RenewalEvent)))
def test_every_move_not_in_the_table_is_refused_with_a_message(state, event):
    if (state, event) in TRANSITIONS:
        assert next_state(state, event) == TRANSITIONS[(state, event)]
    else:
        with pytest.raises(InvalidInput) as exc:
            next_state(state, event)
        assert exc.value.zh and exc.value.message


def test_nothing_leaves_renewed_but_its_own_undoing():
    assert {e for (s, e) in TRANSITIONS if s == S.RENEWED} == {E.UNRENEW, E.VOID}


def test_lost_reasons_are_read_as_a_clerk_says_them():
    assert lost_reason("转保") == LostReason.SWITCHED
    assert lost_reason(" sold ") == LostReason.SOLD
    with pytest.raises(InvalidInput):
        lost_reason("bored")


def _local(h: int, m: int = 0) -> datetime:
    return datetime(2026, 12, 2, h, m).astimezone()


def test_quiet_hours_over_midnight():
    s = RenewalSettings(quiet_start="21:00", quiet_end="08:30")
    assert s.quiet_until(_local(12)) is None
    assert s.quiet_until(_local(22)) == _local(8, 30).replace(day=3)
    assert s.quiet_until(_local(7, 59)) == _local(8, 30)
    assert s.quiet_until(_local(8, 30)) is None
    assert RenewalSettings(quiet_start="00:00", quiet_end="00:00").quiet_until(_local(3)) is None


def test_quiet_hours_within_a_day():
    s = RenewalSettings(quiet_start="12:00", quiet_end="14:00")
    assert s.quiet_until(_local(13)) == _local(14)
    assert s.quiet_until(_local(15)) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"window_days": 0},
        {"window_days": 400},
        {"reminder_lead_days": (30, 30)},
        {"reminder_lead_days": (1, 2, 3, 4, 5, 6)},
        {"reminder_lead_days": (-1,)},
        {"quiet_start": "25:00"},
        {"quiet_end": "noon"},
    ],
)
def test_bad_settings_are_refused(kwargs):
    with pytest.raises(InvalidInput):
        RenewalSettings(**kwargs)


def test_a_damaged_record_reads_as_the_defaults():
    assert from_json({"window_days": "lots"}) == RenewalSettings()
    assert from_json(None) == RenewalSettings()
    assert RenewalSettings(window_days=30).leads == (30, 7)
