"""The one rule that places a book row in the funnel (app.renewals.funnel.stages), used by the
work-list's funnel, the reports' funnel and their drill-down alike: every row falls due, ends in
exactly one of 已续 / 流失 / still open, and each stage implies the ones before it."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.renewals.funnel import STAGES, stages
from app.renewals.states import RenewalState

_moment = st.none() | st.datetimes(timezones=st.just(UTC))
_state = st.sampled_from([s.value for s in RenewalState if s is not RenewalState.VOID])


@given(state=_state, contacted_at=_moment, quoted_at=_moment)
def test_a_row_is_due_and_ends_in_exactly_one_outcome(state, contacted_at, quoted_at):
    got = stages(state, contacted_at, quoted_at)
    assert got[0] == "due" and set(got) <= set(STAGES) and len(got) == len(set(got))
    assert sum(o in got for o in ("renewed", "lost", "open")) == 1
    assert ("renewed" in got) == (state == RenewalState.RENEWED)
    assert ("lost" in got) == (state == RenewalState.LOST)
    # 已报价: a price recorded (its time) or the state says so; a renewal implies it
    assert ("quoted" in got) == (quoted_at is not None or state in ("quoted", "renewed"))
    # 已联系: the customer reached (its time) or a later state implies it
    assert ("contacted" in got) == (
        contacted_at is not None or state in ("contacted", "quoted", "renewed")
    )


def test_the_states_as_the_work_list_moves_them():
    t = datetime(2026, 11, 2, tzinfo=UTC)
    assert stages("due", None, None) == ["due", "open"]
    assert stages("contacted", t, None) == ["due", "contacted", "open"]
    assert stages("quoted", t, t) == ["due", "contacted", "quoted", "open"]
    assert stages("lost", t, t) == ["due", "contacted", "quoted", "lost"]
    assert stages("lost", None, None) == ["due", "lost"]  # lost before anyone called
    assert stages("renewed", None, None) == ["due", "contacted", "quoted", "renewed"]
