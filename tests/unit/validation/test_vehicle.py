"""Vehicle checks against docs/regulations.md §7.4–§7.7 (§ numbers below are of that page)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.vehicle import (
    USAGE_CODES,
    check_document_dates,
    check_engine_number,
    check_plate,
    check_usage_code,
    check_vin,
    model_year,
    vin_check_digit,
)
from app.vehicle.vin import VALUES
from cli.launcher import main as chudan

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def test_example_15_vin_check_digit():
    """§12.15: LSVCC6A4?PN123456: Σ = 335, mod 11 = 5 → LSVCC6A45PN123456 (SAIC VW, 2023)."""
    assert vin_check_digit("LSVCC6A40PN123456") == "5"
    r = check_vin("LSVCC6A45PN123456", today=date(2026, 11, 25))
    assert (
        r.valid
        and r.details["manufacturer"] == "SAIC Volkswagen"
        and r.details["model_year"] == 2023
    )


def test_vin_with_o_is_refused_with_the_fix():
    """§12.16: a VIN containing O → reject; O in a VIN is always 0."""
    r = check_vin("LSVCC6A4OPN123456")
    assert (
        not r.valid
        and "O in a VIN is always 0" in r.message_en
        and r.suggestion_en == "LSVCC6A40PN123456"
    )
    assert not check_vin("LSVCC6A45PN12345Q").valid and not check_vin("LSVCC6A45PN1234I6").valid


def test_chinese_vin_with_a_wrong_check_digit_is_refused_import_only_warned():
    r = check_vin("LSVCC6A44PN123456")
    assert not r.valid and r.suggestion_en == "the check digit should be 5"
    imp = check_vin("WVWZZZ1KZAW000001")
    assert imp.valid and imp.warnings  # §7.4: warn for imports with a non-L WMI


def test_model_year_cycle():
    """§7.4: …K=2019, L=2020, … T=2026, 30-year cycle."""
    today = date(2026, 11, 25)
    assert [model_year(c, today=today) for c in "KLMNPRST"] == list(range(2019, 2027))
    assert model_year("A", today=today) == 2010 and model_year("9", today=today) == 2009


def test_plates_of_every_kind():
    """§7.5 and the §12.16 cases."""
    cases = {
        "京A12345": "ordinary",
        "粤BD12345": "nev_small",
        "沪A12345D": "nev_large",
        "京A1234挂": "trailer",
        "京A1234学": "coach",
        "京A1234警": "police",
        "粤Z1234港": "hk_macao",
        "粤Z1234澳": "hk_macao",
        "使123456": "embassy",
        "京A1234领": "consulate",
    }
    for plate, kind in cases.items():
        r = check_plate(plate)
        assert r.valid and r.details["plate_type"] == kind, plate
    assert check_plate("粤BD12345").details["energy"] == "battery_electric"
    assert check_plate("粤BF12345").details["energy"] == "other_nev"
    r = check_plate("京AI2345")
    assert not r.valid and r.reason == "forbidden_letter" and r.suggestion_en == "probably 京A12345"
    assert check_plate("京a·12345").value == "京A12345"
    assert not check_plate("X京A1234").valid and not check_plate("").valid


def test_usage_codes_engine_numbers_and_dates():
    """§7.6: Q is 初中生校车, T ride-hailing; §7.7 dates."""
    assert check_usage_code("Q").details["name_zh"] == "初中生校车"
    assert (
        check_usage_code("预约出租客运").value == "T" and check_usage_code("T").details["operating"]
    )
    assert not check_usage_code("Z").valid
    assert (
        check_engine_number("ea888 123456").value == "EA888123456"
        and not check_engine_number("1").valid
    )
    today = date(2026, 11, 25)
    assert not check_document_dates(date(2027, 1, 1), today=today).valid
    assert check_document_dates(date(2022, 5, 10), date(2022, 5, 10), today=today).valid
    assert (
        check_document_dates(date(2022, 5, 9), date(2022, 5, 10), today=today).reason
        == "issue_before_registration"
    )


vins = st.text(alphabet=VIN_CHARS, min_size=17, max_size=17).map(
    lambda s: "L" + s[1:8] + vin_check_digit("L" + s[1:8] + "0" + s[9:]) + s[9:]
)


@given(vins)
def test_vins_generated_by_rule_pass(vin):
    assert check_vin(vin).valid


@given(vins, st.integers(0, 16), st.sampled_from(VIN_CHARS))
def test_one_changed_vin_character_fails_unless_it_keeps_the_sum(vin, pos, ch):
    assume(vin[pos] != ch and pos != 0)  # a change, and not of the first character
    changed = vin[:pos] + ch + vin[pos + 1 :]
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    same_sum = pos != 8 and (VALUES[vin[pos]] - VALUES[ch]) * weights[pos] % 11 == 0
    assert (
        check_vin(changed).valid == same_sum
    )  # the VIN check cannot see value-preserving swaps (e.g. A↔J)


def test_cli_exit_codes_and_json(capsys):
    assert chudan(["validate", "id", "110105198507231238", "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert {
        "valid",
        "value",
        "reason",
        "message",
        "suggestion",
        "birth_date",
        "gender",
        "region",
    } <= set(j)
    assert chudan(["validate", "vin", "LSVCC6A44PN123456", "--json"]) == 1
    j = json.loads(capsys.readouterr().out)
    assert j["valid"] is False and j["suggestion_en"] == "the check digit should be 5"
    assert chudan(["validate", "vin", "LSVCC6A45PN123456", "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert {"check_digit", "model_year", "manufacturer"} <= set(j)
    with pytest.raises(SystemExit) as exit_:
        chudan(["validate", "passport", "x"])
    assert exit_.value.code == 2


def test_unknown_wmi_gives_no_maker_rather_than_a_placeholder_name():
    """vininfo names an unknown WMI 'UnsupportedBrand'; the clerk must see no maker instead."""
    body = "ZZZ00000" + "0" + "PN123456"
    vin = body[:8] + vin_check_digit(body) + body[9:]
    r = check_vin(vin, today=date(2026, 11, 25))
    assert r.valid and r.details["manufacturer"] is None and r.details["wmi"] == "ZZZ"
    byd = "LGXCE4CB0N0000000"
    byd = byd[:8] + vin_check_digit(byd) + byd[9:]
    assert check_vin(byd).details["manufacturer"] == "BYD Auto"


# --- property tests: plates, engine numbers, usage codes, document dates -------------------

PROVINCE_CHARS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"  # no I, no O
DIGITS = "0123456789"
NEV = "DABCEFGHJK"


def chars(alphabet: str, n: int):
    return st.text(alphabet=alphabet, min_size=n, max_size=n)


province = st.sampled_from(PROVINCE_CHARS)
authority = st.sampled_from(LETTERS)
plates = st.one_of(
    st.tuples(
        st.just("ordinary"),
        st.builds(lambda p, a, s: p + a + s, province, authority, chars(SERIAL, 5)),
    ),
    st.tuples(
        st.just("nev_small"),
        st.builds(
            lambda p, a, e, s, d: p + a + e + s + d,
            province,
            authority,
            st.sampled_from(NEV),
            chars(SERIAL, 1),
            chars(DIGITS, 4),
        ),
    ),
    st.tuples(
        st.just("nev_large"),
        st.builds(
            lambda p, a, d, e: p + a + d + e,
            province,
            authority,
            chars(DIGITS, 5),
            st.sampled_from(NEV),
        ),
    ),
    st.tuples(
        st.sampled_from([("trailer", "挂"), ("coach", "学"), ("police", "警")]),
        st.builds(lambda p, a, s: (p, a, s), province, authority, chars(SERIAL, 4)),
    ).map(lambda t: (t[0][0], "".join(t[1]) + t[0][1])),
    st.tuples(
        st.just("hk_macao"),
        st.builds(lambda s, e: "粤Z" + s + e, chars(SERIAL, 4), st.sampled_from("港澳")),
    ),
    st.tuples(st.just("embassy"), st.builds(lambda d: "使" + d, chars(DIGITS, 6))),
    st.tuples(
        st.just("consulate"),
        st.builds(lambda p, a, d: p + a + d + "领", province, authority, chars(DIGITS, 4)),
    ),
)


@given(plates, st.booleans())
def test_plates_generated_by_rule_pass_as_their_kind_however_typed(kind_plate, sloppy):
    kind, plate = kind_plate
    typed = (plate[:2].lower() + "·" + plate[2:]) if sloppy and kind != "embassy" else plate
    r = check_plate(typed)
    assert r.valid and r.value == plate and r.details["plate_type"] == kind
    if kind.startswith("nev"):
        letter = plate[2] if kind == "nev_small" else plate[-1]
        assert r.details["energy"] == ("battery_electric" if letter in "DABCE" else "other_nev")


@given(plates, st.integers(2, 7), st.sampled_from("IO"))
def test_i_or_o_in_a_serial_is_refused_with_the_digit_suggested(kind_plate, pos, letter):
    kind, plate = kind_plate
    assume(
        kind not in ("embassy", "consulate", "nev_large")
        and pos < len(plate)
        and plate[pos].isascii()
    )
    changed = plate[:pos] + letter + plate[pos + 1 :]
    r = check_plate(changed)
    assert not r.valid and r.reason == "forbidden_letter"
    assert r.suggestion_en == "probably " + changed[:2] + changed[2:].replace("I", "1").replace(
        "O", "0"
    )


@given(plates, st.sampled_from("港澳台使X1A"))
def test_a_plate_whose_first_character_is_no_province_fails(kind_plate, first):
    kind, plate = kind_plate
    assume(kind != "embassy" and not (first == "使" and len(plate) == 7))
    assert not check_plate(first + plate[1:]).valid


@given(plates, st.sampled_from(DIGITS + "挂"))
def test_a_plate_one_character_too_long_or_short_fails(kind_plate, extra):
    _, plate = kind_plate
    if plate.startswith("使"):
        assert not check_plate(plate + extra).valid and not check_plate(plate[:-1]).valid
        return
    assert (
        not check_plate(plate[:-1]).valid
        or check_plate(plate[:-1]).details["plate_type"] != check_plate(plate).details["plate_type"]
    )
    assert not check_plate(plate + extra + extra).valid


engine_numbers = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 4) | st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=4, max_size=20
)


@given(engine_numbers, st.integers(0, 20), st.sampled_from("#/_é"))
def test_engine_numbers_pass_however_typed_and_a_symbol_or_wrong_length_fails(number, pos, ch):
    typed = "*" + " ".join(number[i : i + 4] for i in range(0, len(number), 4)).lower() + "*"
    assert check_engine_number(typed).valid and check_engine_number(typed).value == number
    pos = pos % (len(number) + 1)
    assert not check_engine_number(number[:pos] + ch + number[pos:]).valid
    assert not check_engine_number(number[:3]).valid
    assert not check_engine_number((number * 6)[:21]).valid


@given(st.sampled_from(sorted(USAGE_CODES)), st.booleans(), st.sampled_from("VWXYZ0-"))
def test_every_usage_code_and_its_name_pass_and_other_codes_fail(code, by_name, other):
    name, operating = USAGE_CODES[code]
    r = check_usage_code(name if by_name else f" {code.lower()} ")
    assert (
        r.valid
        and r.value == code
        and r.details["name_zh"] == name
        and r.details["operating"] is operating
    )
    assert not check_usage_code(other).valid
    assert not check_usage_code(name + "车").valid


TODAY = date(2026, 11, 25)


@given(st.dates(date(1990, 1, 1), TODAY), st.integers(0, 5000), st.integers(1, 3000))
def test_document_dates_in_order_pass_and_a_future_or_reversed_date_fails(issue, back, ahead):
    registration = max(date(1990, 1, 1), issue - timedelta(days=back))
    assert check_document_dates(issue, registration, today=TODAY).valid
    assert check_document_dates(issue, None, today=TODAY).valid
    future = TODAY + timedelta(days=ahead)
    assert check_document_dates(future, registration, today=TODAY).reason == "future_date"
    assert check_document_dates(issue, future, today=TODAY).reason == "future_date"
    if registration < issue:
        r = check_document_dates(registration, issue, today=TODAY)
        assert r.reason == "issue_before_registration" and not r.valid
