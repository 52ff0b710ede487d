"""One row of an imported book: each column checked by the issuance's own validators, every
problem named by its column, never an exception, never a value echoed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.renewals.book_rows import COLUMNS, CheckedRow, check_row
from app.renewals.service import cover_names
from tests.support.book import book_row

TODAY = date(2026, 12, 2)
NAMES = cover_names(None)


def _check(**overrides):
    return check_row(book_row(3, TODAY + timedelta(days=30), **overrides), TODAY, NAMES)


def _columns(result) -> set[str]:
    assert isinstance(result, list), result
    return {p.column for p in result}


def test_a_valid_row_gives_what_the_book_stores():
    result = _check(
        covers="ctpl;vehicle_damage;third_party:2000000",
        reminder_consent="短信;email",
        holder_email="wang@example.com",
    )
    assert isinstance(result, CheckedRow)
    v = result.values
    assert v["end_date"] == TODAY + timedelta(days=30)
    assert (v["holder_kind"], v["holder_id_type"]) == ("person", "resident_id")
    assert v["covers"] == [
        {"code": "ctpl"},
        {"code": "vehicle_damage"},
        {"code": "third_party", "limit": "2000000"},
    ]
    assert str(v["premium"]) == "4000.00" and v["coverage"] == "both"
    assert result.consent == ("sms", "email")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("holder_id_number", "110105198507231239"),  # wrong check character
        ("holder_name", "A"),
        ("holder_phone", "12345"),
        ("holder_email", "not-an-address"),
        ("vin", "LSVCC6A4OPN123456"),  # an O
        ("plate", "京AI2345"),  # I in the serial
        ("usage", "Z"),
        ("vehicle_class", "spaceship"),
        ("seats", "0"),
        ("purchase_price", "1e999999"),
        ("premium_ctpl", "950.001"),
        ("ncd_level", "7"),
        ("end_date", "2026-02-30"),
        ("start_date", "yesterday"),
        ("fuel", "coal"),
        ("coverage", "everything"),
        ("covers", "ctpl;time_travel"),
        ("reminder_consent", "pigeon"),
        ("policy_number", "PD\u202eA1"),  # a bidi control
    ],
)
def test_each_bad_value_is_refused_by_its_column(column, value):
    result = _check(**{column: value})
    assert column in _columns(result)
    if len(value) >= 5:  # what was in the cell is not echoed (it may be personal data)
        for p in result:
            assert value not in p.en and value not in p.zh


def test_the_end_must_follow_the_start_within_a_year():
    assert "end_date" in _columns(_check(start_date="2026-12-01", end_date="2026-11-30"))
    assert "end_date" in _columns(_check(start_date="2025-01-01", end_date="2026-12-31"))


def test_a_party_needs_both_name_and_number():
    assert "insured_id_number" in _columns(
        check_row({**book_row(3, TODAY + timedelta(days=9)), "insured_name": "王芳"}, TODAY, NAMES)
    )


def test_an_organisation_is_told_by_its_credit_code():
    result = _check(holder_name="北京顺达物流有限公司", holder_id_number="91110105MA01K8R35Y")
    assert isinstance(result, CheckedRow)
    assert (result.values["holder_kind"], result.values["holder_id_type"]) == (
        "organisation",
        "uscc",
    )


def test_reminders_by_sms_need_a_mobile_number():
    assert "holder_phone" in _columns(_check(holder_phone="", reminder_consent="sms"))


def test_relative_dates_follow_the_day_of_import():
    result = check_row(book_row(3, "today+45"), TODAY, NAMES)
    assert isinstance(result, CheckedRow)
    assert result.values["end_date"] == TODAY + timedelta(days=45)
    assert result.values["start_date"] == TODAY + timedelta(days=45 - 364)


@settings(max_examples=60, deadline=None)
@given(
    column=st.sampled_from([c.key for c in COLUMNS]),
    value=st.text(max_size=80),
)
def test_any_cell_gives_a_row_or_problems_never_an_exception(column, value):
    result = _check(**{column: value})
    if isinstance(result, list):
        assert result and all(p.column and p.en and p.zh for p in result)
    else:
        assert result.values["policy_number"]
