"""Identity checks against domain.md §5 and its worked examples (§10 #14, #15)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.identity import (
    check_email,
    check_foreign_permanent_residence_id,
    check_mobile,
    check_person_name,
    check_resident_id,
    check_uscc,
    convert_first_generation_id,
    id_check_character,
    uscc_check_character,
)
from app.identity.uscc import ALPHABET

TODAY = date(2026, 11, 25)


def test_example_14_id_check_characters():
    """§10 #14: Σ = 235, r = 4 → 110105198507231238 (male); Σ = 167, r = 2 → 11010519491231002X (female)."""
    assert id_check_character("11010519850723123") == "8"
    assert id_check_character("11010519491231002") == "X"
    male = check_resident_id("110105198507231238", today=TODAY)
    female = check_resident_id("11010519491231002X", today=TODAY)
    assert male.valid and male.details["gender"] == "male" and male.details["birth_date"] == date(1985, 7, 23)
    assert female.valid and female.details["gender"] == "female"
    assert male.details["region"] == "北京市朝阳区"


def test_negative_bad_check_character_suggests_the_right_one():
    """§10 negative: 11010519850723123X → bad check."""
    r = check_resident_id("11010519850723123X", today=TODAY)
    assert not r.valid and r.reason == "bad_check_character" and r.suggestion_en == "the check character should be 8"


def test_lower_case_x_is_normalised_and_other_letters_refused():
    assert check_resident_id("11010519491231002x", today=TODAY).value == "11010519491231002X"
    r = check_resident_id("11010519491231002Y", today=TODAY)
    assert not r.valid and r.reason == "bad_check_letter"


def test_future_birth_date_is_refused_although_stdnum_accepts_it():
    body = "110105" + (TODAY + timedelta(days=1)).strftime("%Y%m%d") + "123"
    r = check_resident_id(body + id_check_character(body), today=TODAY)
    assert not r.valid and r.reason == "future_birth_date"


def test_feb_29_in_a_non_leap_year_is_not_a_date():
    body = "11010519990229123"
    assert check_resident_id(body + id_check_character(body), today=TODAY).reason == "bad_birth_date"


def test_historical_county_code_is_accepted_with_a_warning():
    """§5.1: do not reject 310115 with a 1979 birth date (stdnum does)."""
    body = "31011519790101123"
    r = check_resident_id(body + id_check_character(body), today=TODAY)
    assert r.valid and r.warnings


def test_first_generation_number_refused_for_new_business_converted_for_old_records():
    r = check_resident_id("110105850723123", today=TODAY)
    assert not r.valid and r.reason == "first_generation" and "18" in r.message_en
    assert convert_first_generation_id("110105850723123") == "110105198507231238"
    assert check_resident_id("110105850723123", today=TODAY, allow_first_generation=True).value == "110105198507231238"


def test_residence_permits_for_hk_macao_taiwan():
    for prefix, doc in (("810000", "hk_residence_permit"), ("820000", "macao_residence_permit"),
                        ("830000", "taiwan_residence_permit")):
        body = prefix + "19900101123"
        r = check_resident_id(body + id_check_character(body), today=TODAY)
        assert r.valid and r.details["document_type"] == doc


def test_foreign_permanent_residence_new_and_old_format():
    body = "93115619900101123"
    r = check_foreign_permanent_residence_id(body + id_check_character(body), today=TODAY)
    assert r.valid and r.details["nationality_code"] == "156"
    assert not check_foreign_permanent_residence_id(body + ("0" if id_check_character(body) != "0" else "1")).valid
    assert check_foreign_permanent_residence_id("USA110590101123").warnings


def test_example_15_uscc():
    """§10 #15: 91110105MA01K8R35 (organisation-code check 5): Σ = 1706 → 91110105MA01K8R35Y."""
    assert uscc_check_character("91110105MA01K8R35") == "Y"
    r = check_uscc("91110105MA01K8R35Y")
    assert r.valid and r.warnings == () and r.details["organisation_code"] == "MA01K8R35"


def test_uscc_letters_allowed_in_positions_1_and_2():
    """§5.2: the standard allows letters in positions 1–2 (stdnum does not)."""
    body = "Y1110105MA01K8R35"
    assert check_uscc(body + uscc_check_character(body)).valid


def test_uscc_forbidden_letters_suggest_the_digit():
    r = check_uscc("91110105MAO1K8R35Y")
    assert not r.valid and r.reason == "bad_character" and "O→0" in r.suggestion_zh


def test_mobile_email_names():
    assert check_mobile("+86 138-1234-5678").value == "13812345678"
    assert not check_mobile("12812345678").valid
    assert check_email("Zhang.Wei@Example.COM").value == "Zhang.Wei@example.com"
    assert not check_email("zhang@wei").valid
    assert check_person_name("阿卜杜热合曼・买买提").value == "阿卜杜热合曼·买买提"
    assert check_person_name("王 芳").value == "王芳"
    assert check_person_name("Anne-Marie O'Neil").valid
    assert not check_person_name("张3").valid and not check_person_name("张").valid


# --- property tests -----------------------------------------------------------------------

bodies = st.builds(
    lambda region, d, seq: f"{region}{d:%Y%m%d}{seq:03d}",
    st.sampled_from(["110105", "310115", "440305", "320102", "510107"]),
    st.dates(date(1920, 1, 1), TODAY),
    st.integers(0, 999),
)


@given(bodies)
def test_valid_numbers_generated_by_rule_pass(body):
    r = check_resident_id(body + id_check_character(body), today=TODAY)
    assert r.valid and r.value == body + id_check_character(body)


@given(bodies, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_changed_character_fails(body, pos, ch):
    good = body + id_check_character(body)
    if good[pos] == ch or (pos < 17 and ch == "X"):
        return
    changed = good[:pos] + ch + good[pos + 1:]
    assert not check_resident_id(changed, today=TODAY).valid


@given(bodies)
def test_the_suggestion_is_exactly_the_right_character(body):
    right = id_check_character(body)
    wrong = "0" if right != "0" else "1"
    assert check_resident_id(body + wrong, today=TODAY).suggestion_en == f"the check character should be {right}"


@given(st.text(alphabet="0123456789Xx ", min_size=0, max_size=20))
def test_normalisation_is_idempotent(s):
    once = check_resident_id(s, today=TODAY).value
    assert check_resident_id(once, today=TODAY).value == once


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17).filter(lambda s: s[2:8].isdigit()), st.integers(0, 17),
       st.sampled_from(ALPHABET))
def test_uscc_generated_by_rule_passes_and_one_change_fails(body, pos, ch):
    good = body + uscc_check_character(body)
    assert check_uscc(good).valid
    if good[pos] != ch:
        changed = good[:pos] + ch + good[pos + 1:]
        assert not check_uscc(changed).valid
