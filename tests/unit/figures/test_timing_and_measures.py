"""The arithmetic behind the figures: issuance time with parked time taken out, the median and
the 90th percentile, ratios and rates, periods (docs/reports.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import InvalidInput
from app.figures.measures import change, median, p90, per, ratio
from app.figures.period import Grain, Period
from app.figures.timing import DraftTimes, StepEvent, issuance_time, start_of

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_parked_time_is_taken_out_of_the_total_and_of_the_step_it_fell_in():
    """customer 0–60, vehicle 60–180, coverage 180–3900 with the draft parked 200–3800 (last save
    at 200, reopened at 3800), review 3900–4000, payment 4000–4100: 60, 120, 120, 100, 100, and
    4,100 − 3,600 = 500 seconds in all."""
    t = issuance_time(
        DraftTimes(
            started=at(0),
            issued=at(4100),
            first_step="customer",
            events=[
                StepEvent(at(60), "step", "vehicle", "customer"),
                StepEvent(at(180), "step", "coverage", "vehicle"),
                StepEvent(at(3800), "resume", parked_from=at(200)),
                StepEvent(at(3900), "step", "review", "coverage"),
                StepEvent(at(4000), "step", "payment", "review"),
            ],
        )
    )
    assert t.total_s == 500 and t.parked_s == 3600
    assert t.steps == {
        "customer": 60,
        "vehicle": 120,
        "coverage": 120,
        "review": 100,
        "payment": 100,
    }


def test_the_clock_starts_when_the_wizard_opened_and_parked_time_is_still_left_out():
    """Opened at 0, first save 30 s later (still on the customer step), vehicle from 60, the
    draft's last save at 120 and reopened at 1,920 (parked 1,800 s), payment from 1,980, issued
    at 2,040: 2,040 − 1,800 = 240 s in all; customer 0–60 = 60 (not 30, from the first save),
    vehicle 60–1,980 less the parking = 120, payment 60. A draft from before the opening was
    recorded starts at its first save; an opening stamped after the first save (a clock set
    back) is not believed."""
    opened, first_save = at(0), at(30)
    events = [
        StepEvent(at(60), "step", "vehicle", "customer"),
        StepEvent(at(1920), "resume", parked_from=at(120)),
        StepEvent(at(1980), "step", "payment", "vehicle"),
    ]
    t = issuance_time(DraftTimes(start_of(opened, first_save), at(2040), "customer", events))
    assert (t.total_s, t.parked_s) == (240, 1800)
    assert t.steps == {"customer": 60, "vehicle": 120, "payment": 60}
    old = issuance_time(DraftTimes(start_of(None, first_save), at(2040), "customer", events))
    assert old.total_s == 210 and old.steps["customer"] == 30
    assert start_of(at(31), first_save) == first_save


def test_a_step_visited_twice_adds_up_and_old_step_names_count_where_they_show_now():
    t = issuance_time(
        DraftTimes(
            at(0),
            at(100),
            "customer",
            [
                StepEvent(at(10), "step", "underwriting", "customer"),  # an older draft's name
                StepEvent(at(40), "step", "customer", "coverage"),
                StepEvent(at(50), "step", "coverage", "customer"),
            ],
        )
    )
    assert t.steps == {"customer": 20, "coverage": 80}
    assert t.total_s == 100


def test_two_parkings_that_overlap_are_taken_out_once():
    t = issuance_time(
        DraftTimes(
            at(0),
            at(1000),
            "customer",
            [
                StepEvent(at(500), "resume", parked_from=at(100)),
                StepEvent(at(600), "resume", parked_from=at(400)),
            ],
        )
    )
    assert t.parked_s == 500 and t.total_s == 500


def test_median_and_p90_by_nearest_rank():
    values = [300, 500, 900]
    assert median(values) == 500
    assert p90(values) == 900  # ceil(0.9 × 3) = 3rd
    ten = list(range(1, 11))
    assert median(ten) == 5.5 and p90(ten) == 9  # ceil(9.0) = 9th
    assert median([]) is None and p90([]) is None


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=200))
def test_p90_is_a_value_that_at_least_nine_in_ten_do_not_exceed(values):
    q = p90(values)
    assert q in values
    assert sum(v <= q for v in values) >= 0.9 * len(values)
    assert sum(v < q for v in values) < 0.9 * len(values)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_a_ratio_of_a_part_is_between_nothing_and_all(part, extra):
    r = ratio(part, part + extra)
    assert r is not None and Decimal(0) <= r <= Decimal(1)


def test_nothing_to_divide_by_is_no_figure_not_zero():
    assert ratio(0, 0) is None and per(1, 0, Decimal(10000)) is None and change(5, 0) is None
    assert ratio(1, 3) == Decimal("0.3333") and ratio(2, 3) == Decimal("0.6667")
    assert per(2, 5, Decimal(10000)) == Decimal("4000.00")


def test_periods_and_their_previous():
    nov = Period.parse_month("2026-11")
    assert (nov.start, nov.end, nov.days) == (date(2026, 11, 1), date(2026, 11, 30), 30)
    assert nov.previous() == Period.month(2026, 10)
    jan = Period.parse_month("2027-01")
    assert jan.previous() == Period.month(2026, 12)
    q = Period(date(2026, 7, 1), date(2026, 9, 30), Grain.MONTH)
    assert q.previous() == Period(date(2026, 4, 1), date(2026, 6, 30), Grain.MONTH)
    days = Period(date(2026, 11, 10), date(2026, 11, 16))
    assert days.previous() == Period(date(2026, 11, 3), date(2026, 11, 9))
    assert [b.key for b in Period.year(2026).buckets()][:2] == ["2026-01", "2026-02"]


@pytest.mark.parametrize("text", ["2026-13", "26-11", "2026/11", "", "2026-11-01"])
def test_a_month_that_is_not_one_is_refused_saying_how_to_write_it(text):
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        Period.parse_month(text)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(InvalidInput, match="before it starts"):
        Period(date(2026, 11, 2), date(2026, 11, 1))
