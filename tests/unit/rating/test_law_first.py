"""Law first: CTPL is never refused (交强险条例 art. 10, docs/regulations.md §8.7); cover never
starts before the moment of issue and no further ahead than the table's lead time (§8.6); a
term's dates agree with each other and price as the tariff says (§1.6 short-term CTPL by the
month table, a part month counting as one; §9.2 commercial cover pro rata by day). Every
expected figure is worked by hand in the test's docstring or comment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import InvalidInput
from app.rating import quote, quote_and_underwrite
from app.rating.inception import check_start, default_start, earliest_start, latest_start
from app.rating.signing import load_document, parse_table
from app.rating.terms import last_day_range, term_of
from app.rating.worksheet_text import present
from tests.support.paths import REPO
from tests.support.rating import request, table

D = Decimal
T = table()
CST = timezone(timedelta(hours=8))  # the desk's local time in China
TP = {"code": "third_party", "limit": "1000000"}
OLD_TAXI = {"class": "taxi_rental", "usage": "D", "first_registration": "2017-06-01"}


def _refused(req, t=T) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        quote(req, t)
    return err.value


# -- 1. CTPL is never refused ----------------------------------------------------------------


def test_ctpl_alone_is_never_declined_for_an_old_taxi_with_its_float():
    """A 9-year-old taxi: the table's UW_AGE_TAXI declines commercial cover at 8 years. CTPL alone
    passes, with its float: 营业出租 5 seats 1,800 × (1 − 0.10) (A1, scheme E 江苏) = 1,620.00."""
    q = quote_and_underwrite(request(vehicle=OLD_TAXI, history={"ctpl_claim_free_years": 1}), T)
    assert q.decision.outcome == "pass" and q.decision.fired == ()
    assert q.ctpl.premium == D("1620.00")
    assert q.to_json()["underwriting"]["ctpl"] == "pass"


def test_ctpl_alone_is_never_declined_for_three_drunk_driving_records_and_carries_the_surcharge():
    """UW_DRUNK_REPEAT declines commercial cover at three 醉酒 records. CTPL alone passes with the
    statutory surcharge: 3 × 30% = 90%, capped at 60%: 950 × (1 + 0) × 1.6 = 1,520.00."""
    q = quote_and_underwrite(request(history={"drunk_driving": 3}), T)
    assert q.decision.outcome == "pass" and q.decision.fired == ()
    assert q.ctpl.surcharge_rate == D("0.60") and q.ctpl.premium == D("1520.00")


def test_ctpl_alone_is_never_referred_for_a_sixteen_year_old_car():
    """UW_AGE_FAMILY refers a family car of 15 years or more; CTPL alone is not referred: 950.00."""
    q = quote_and_underwrite(request(vehicle={"first_registration": "2010-05-01"}), T)
    assert q.decision.outcome == "pass" and q.ctpl.premium == D("950.00")


def test_declined_commercial_cover_leaves_the_ctpl_to_be_issued_alone_and_says_so():
    q = quote_and_underwrite(
        request(
            vehicle=OLD_TAXI,
            history={"ctpl_claim_free_years": 1},
            coverages=[{"code": "ctpl"}, TP],
        ),
        T,
    )
    d = q.decision
    assert d.outcome == "decline" and [f.code for f in d.fired] == ["UW_AGE_TAXI"]
    assert d.ctpl_alone and q.ctpl.premium == D("1620.00")  # the same CTPL as quoted alone
    j = q.to_json()["underwriting"]
    assert j["applies_to"] == "commercial" and j["ctpl"] == "pass" and j["ctpl_alone"] is True
    assert "交强险" in j["message_zh"] and "单独投保" in j["message_zh"]
    assert "CTPL" in j["message_en"] and "alone" in j["message_en"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in j["message_en"])  # wholly English


def test_referred_commercial_cover_says_the_ctpl_needs_no_underwriting():
    q = quote_and_underwrite(
        request(vehicle={"first_registration": "2010-05-01"}, coverages=[{"code": "ctpl"}, TP]),
        T,
    )
    assert q.decision.outcome == "refer" and not q.decision.ctpl_alone
    assert "交强险不需核保" in q.decision.message_zh and "no underwriting" in q.decision.message_en


def test_commercial_cover_alone_is_decided_without_a_ctpl_message():
    q = quote_and_underwrite(request(vehicle=OLD_TAXI, coverages=[TP]), T)
    assert q.decision.outcome == "decline" and not q.decision.ctpl_alone
    assert q.decision.message_zh == ""


# -- 2. No back-dating ----------------------------------------------------------------------


AT = datetime(2026, 12, 2, 15, 30, tzinfo=CST)


def test_earliest_start_is_the_moment_of_issue_where_the_region_allows_immediate_inception():
    assert earliest_start("320100", AT, T) == AT  # 江苏: 即时生效
    assert earliest_start("110000", AT, T) == datetime(2026, 12, 3, 0, 0, tzinfo=CST)  # 北京
    assert earliest_start("310000", AT, T).date() == date(2026, 12, 3)  # 上海
    assert default_start("320100", AT, T) == (date(2026, 12, 2), True)
    assert default_start("110000", AT, T) == (date(2026, 12, 3), False)


def test_a_table_without_inception_settings_starts_cover_the_next_day_everywhere():
    old = parse_table(
        load_document((REPO / "tests/fixtures/rates/v1-demo-signed.json").read_bytes())
    )
    assert earliest_start("320100", AT, old) == datetime(2026, 12, 3, tzinfo=CST)


def test_start_before_the_earliest_or_beyond_the_lead_time_is_refused():
    immediate, problems = check_start(date(2026, 11, 27), "320100", AT, T)  # five days back
    assert problems and "倒签" in problems[0].zh and "back-dating" in problems[0].en
    _, problems = check_start(date(2026, 12, 2), "110000", AT, T)
    assert problems and "即时生效" in problems[0].zh and "2026-12-03" in problems[0].en
    immediate, problems = check_start(date(2026, 12, 2), "320100", AT, T)
    assert immediate and problems == []
    assert latest_start("320100", AT, T) == date(2027, 3, 2)  # 90 days after 2026-12-02
    assert check_start(date(2027, 3, 2), "320100", AT, T) == (False, [])
    _, problems = check_start(date(2027, 3, 3), "320100", AT, T)
    assert problems and "90" in problems[0].en and "2027-03-02" in problems[0].zh


def test_how_far_ahead_cover_may_start_is_the_tables_setting():
    """An insurer that lets renewals be issued 30 days ahead, not the demo table's 90: a start on
    2027-01-01 (30 days after 2026-12-02) passes, the 2nd is refused naming the 30 days."""
    short = T.model_copy(
        update={"inception": T.inception.model_copy(update={"max_days_ahead": 30})}
    )
    assert latest_start("320100", AT, short) == date(2027, 1, 1)
    assert check_start(date(2027, 1, 1), "320100", AT, short) == (False, [])
    _, problems = check_start(date(2027, 1, 2), "320100", AT, short)
    assert problems and "30 days" in problems[0].en and "2027-01-01" in problems[0].zh
    assert check_start(date(2027, 1, 2), "320100", AT, T) == (False, [])  # the demo table's 90


def test_issue_time_in_utc_is_judged_in_the_desks_local_day():
    """23:30 UTC on 1 December is 07:30 on 2 December in China: a start on the 2nd is the issue
    day there."""
    late = datetime(2026, 12, 1, 23, 30, tzinfo=UTC).astimezone(CST)
    assert check_start(date(2026, 12, 2), "320100", late, T) == (True, [])


def test_immediate_inception_runs_a_full_year_to_the_same_moment():
    """From the moment of issue on 2026-12-02 to the same moment on 2027-12-02: 365 days."""
    q = quote(request(start_date="2026-12-02", immediate=True), T)
    assert (q.start_date, q.end_date, q.term.days, q.immediate) == (
        date(2026, 12, 2),
        date(2027, 12, 2),
        365,
        True,
    )
    assert "2026-12-02 出单时起至 2027-12-02 同一时刻止" in present(q, "zh_CN").as_text()
    assert "from the moment of issue" in present(q, "en").as_text()
    plain = quote(request(start_date="2026-12-02"), T)
    assert plain.end_date == date(2027, 12, 1) and plain.term.days == 365


# -- 3. Terms that agree --------------------------------------------------------------------


def test_an_end_before_the_start_is_refused():
    e = _refused(request(start_date="2027-01-10", end_date="2027-01-09"))
    assert "end_date" in e.message and "早于起保日期" in e.zh


def test_a_term_over_one_year_is_refused():
    """From 2027-01-10, a year ends on 2028-01-09 (24:00)."""
    e = _refused(request(start_date="2027-01-10", end_date="2028-01-10"))
    assert "at most one year" in e.message and "2028-01-09" in e.message
    assert quote(request(start_date="2027-01-10", end_date="2028-01-09"), T).term.full_year


def test_short_term_months_contradicting_the_end_date_are_refused():
    """2027-01-10 to 2027-07-09 is six months exactly; five contradicts it."""
    e = _refused(request(start_date="2027-01-10", end_date="2027-07-09", short_term_months=5))
    assert "short_term_months" in e.message and "6 month" in e.message and "不符" in e.zh
    ok = quote(request(start_date="2027-01-10", end_date="2027-07-09", short_term_months=6), T)
    assert ok.ctpl.short_term_months == 6


def test_three_months_and_four_days_are_charged_four_months_of_ctpl_and_94_days_of_commercial():
    """2027-01-10 to 2027-04-13: three whole months (to 04-10) and four days (04-10 … 04-13), so
    four months: CTPL 950 × 40% = 380.00 (short-term CTPL does not float, even with three
    claim-free years). Commercial cover is kept by day: 22 + 28 + 31 + 13 = 94 days; third party
    1,000,000 for a family car: 1,060 ÷ (1 − 0.25) = 1,413.333… × 94 ÷ 365 = 363.98."""
    q = quote(
        request(
            start_date="2027-01-10",
            end_date="2027-04-13",
            history={"ctpl_claim_free_years": 3},
            coverages=[{"code": "ctpl"}, TP],
        ),
        T,
    )
    assert (q.term.months, q.term.days) == (4, 94)
    assert q.ctpl.premium == D("380.00") and q.ctpl.short_term_rate == D("0.40")
    assert q.ctpl.float_code is None
    (tp,) = q.lines
    assert tp.base_premium == D("1413.33") and tp.premium == D("363.98")
    assert tp.factors[-1].to_json()["value"] == "94/365"


def test_six_months_are_charged_sixty_percent_of_ctpl_and_181_days_of_commercial():
    """2027-01-10 to 2027-07-09: six months, 60%: 950 × 0.6 = 570.00. Days 22 + 28 + 31 + 30 + 31
    + 30 + 9 = 181: 1,413.333… × 181 ÷ 365 = 700.86. The same term given as six months."""
    by_dates = request(
        start_date="2027-01-10", end_date="2027-07-09", coverages=[{"code": "ctpl"}, TP]
    )
    by_months = request(
        start_date="2027-01-10", short_term_months=6, coverages=[{"code": "ctpl"}, TP]
    )
    for r in (by_dates, by_months):
        q = quote(r, T)
        assert q.end_date == date(2027, 7, 9) and q.term.days == 181
        assert q.ctpl.premium == D("570.00") and q.lines[0].premium == D("700.86")


def test_a_short_term_of_a_few_days_is_one_month_of_ctpl():
    """Ten days (2027-01-10 to 2027-01-19) are a part month: 950 × 10% = 95.00."""
    q = quote(request(start_date="2027-01-10", end_date="2027-01-19"), T)
    assert (q.term.months, q.term.days, q.ctpl.premium) == (1, 10, D("95.00"))


@settings(max_examples=200, deadline=None)
@given(start=st.dates(date(2024, 1, 1), date(2030, 12, 31)), immediate=st.booleans())
def test_the_last_day_range_is_exactly_the_short_terms_the_rules_take(start, immediate):
    """Every day in `last_day_range` is a short term `term_of` takes; the day before it is
    refused (the cover would end before it starts) and the day after it is a full year. From
    2026-12-03 with 即时生效: 2026-12-04 to 2027-12-02; from 0:00: 2026-12-03 to 2027-12-01."""
    first, last = last_day_range(start, immediate)
    for end in (first, last):
        term, problems = term_of(start, end, None, immediate)
        assert problems == [] and term is not None and term.short
    assert term_of(start, first - timedelta(days=1), None, immediate)[0] is None
    after, problems = term_of(start, last + timedelta(days=1), None, immediate)
    assert problems == [] and after is not None and after.full_year


def test_the_last_day_range_from_a_day_worked_by_hand():
    assert last_day_range(date(2026, 12, 3), True) == (date(2026, 12, 4), date(2027, 12, 2))
    assert last_day_range(date(2026, 12, 3), False) == (date(2026, 12, 3), date(2027, 12, 1))
