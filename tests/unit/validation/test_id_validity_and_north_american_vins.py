"""The ID card's validity (docs/regulations.md §7.1: 5, 10 or 20 years or 长期 by the age at
issue, valid on the day of issue) and North American VINs (§7.4: WMI 1–5 always carry a valid
check digit, so a wrong one is a typing error, as for a Chinese VIN)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.identity import check_id_card_validity
from app.identity.id_card_validity import span_for_age
from app.vehicle import check_vin, vin_check_digit

ISSUE_DAY = date(2026, 12, 2)
BORN_1985 = date(1985, 7, 23)  # 110105198507231238 (docs/regulations.md §12.14)


def test_a_card_valid_on_the_issue_day_passes():
    """Issued 2015-03-07 at 29: twenty years, to 2035-03-07."""
    r = check_id_card_validity("2015.03.07", "2035.03.07", on=ISSUE_DAY, birth_date=BORN_1985)
    assert r.valid


def test_an_expired_card_is_refused_with_what_to_do():
    r = check_id_card_validity("2006.03.07", "2026.03.07", on=ISSUE_DAY, birth_date=BORN_1985)
    assert not r.valid and r.reason == "expired"
    assert "2026-03-07" in r.message_en and "临时身份证" in r.message_zh


def test_a_span_that_does_not_fit_the_age_at_issue_is_refused():
    """At 29 a card is valid for 20 years, not 10."""
    r = check_id_card_validity(
        "2015.03.07", "2025.03.07", on=date(2020, 1, 1), birth_date=BORN_1985
    )
    assert not r.valid and r.reason == "validity_not_for_age" and "20 years" in r.message_en


def test_a_long_term_card_is_for_forty_six_and_over():
    born_1950 = date(1950, 1, 1)
    assert check_id_card_validity("2000.05.01", "长期", on=ISSUE_DAY, birth_date=born_1950).valid
    r = check_id_card_validity("2015.03.07", "长期", on=ISSUE_DAY, birth_date=BORN_1985)
    assert not r.valid and "20 年" in r.message_zh


def test_spans_other_than_five_ten_or_twenty_years_and_bad_dates_are_refused():
    assert (
        check_id_card_validity("2015.03.07", "2030.03.07", on=ISSUE_DAY).reason
        == "bad_validity_span"
    )
    assert check_id_card_validity("2015.13.07", "2035.03.07", on=ISSUE_DAY).reason == (
        "bad_validity_date"
    )
    assert check_id_card_validity("2027.01.01", "2047.01.01", on=ISSUE_DAY).reason == (
        "not_yet_valid"
    )


@given(st.integers(0, 100))
def test_the_span_by_age_follows_the_law(age):
    """居民身份证法 art. 5: under 16: 5; 16–25: 10; 26–45: 20; 46 and over: long-term."""
    expected = 5 if age < 16 else 10 if age <= 25 else 20 if age <= 45 else None
    assert span_for_age(age) == expected


def test_a_north_american_vin_with_a_wrong_check_digit_is_refused():
    """1HGCM82633A004352 (Honda, USA) is valid: check digit 3. With a 4 it is a typing error."""
    assert check_vin("1HGCM82633A004352").valid
    r = check_vin("1HGCM82643A004352")
    assert not r.valid and r.reason == "bad_check_digit" and r.suggestion_en.endswith("3")


def test_elsewhere_a_missing_check_digit_stays_a_warning():
    r = check_vin("WVWZZZ1KZAW000001")  # Germany
    assert r.valid and r.warnings


@given(
    st.sampled_from("12345"),
    st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=16, max_size=16),
)
def test_north_american_vins_pass_exactly_when_their_check_digit_is_right(first, rest):
    vin = first + rest
    right = vin_check_digit(vin)
    assert check_vin(vin).valid == (vin[8] == right)
