"""The renewal's start and the history moved on (app.renewals.renewal), worked by hand and as
properties: the level stays in the table's range, a claim-free year never worsens it, more claims
never improve it, and unknown claims change nothing."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.renewals.renewal import move_history, renewal_start
from tests.support.rating import table

NCD = table().commercial.ncd


def test_the_start_is_the_day_after_the_old_end_and_never_before_tomorrow():
    assert renewal_start(date(2027, 1, 31), today=date(2027, 1, 10)) == date(2027, 2, 1)
    assert renewal_start(date(2028, 2, 28), today=date(2028, 2, 1)) == date(2028, 2, 29)
    # the old cover ended ten days ago: no back-dating, cover from tomorrow
    assert renewal_start(date(2027, 1, 1), today=date(2027, 1, 11)) == date(2027, 1, 12)


def test_hand_worked_levels():
    assert move_history({"ncd_level": 0}, 0, NCD).history == {
        "ncd_level": -1,
        "ctpl_claim_free_years": 1,
    }
    assert move_history({"ncd_level": -4, "ctpl_claim_free_years": 3}, 0, NCD).history == {
        "ncd_level": -4,
        "ctpl_claim_free_years": 3,
    }
    assert move_history({"ncd_level": -1}, 2, NCD).history == {
        "ncd_level": 0,
        "ctpl_at_fault_claims_last_year": 2,
    }
    assert move_history({"ncd_level": 4}, 5, NCD).level == 5  # the worst level is the limit
    assert move_history({}, None, NCD).history == {}  # nothing known: nothing assumed


@given(st.integers(-4, 5), st.integers(0, 20), st.integers(0, 3))
def test_levels_move_within_the_range_in_the_right_direction(level, claims, free):
    last = {"ncd_level": level, "ctpl_claim_free_years": free}
    moved = move_history(last, claims, NCD)
    assert NCD.min_level <= moved.level <= NCD.max_level
    if claims == 0:
        assert moved.level <= level
        assert moved.history["ctpl_claim_free_years"] == min(3, free + 1)
    else:
        assert moved.level >= min(level, NCD.max_level) - 1
        assert move_history(last, claims + 1, NCD).level >= moved.level
    assert move_history(last, None, NCD).history == {"ncd_level": level}
