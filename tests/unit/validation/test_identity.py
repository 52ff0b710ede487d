"""Identity checks against docs/regulations.md §7 and its worked examples (§12.14–§12.16); other §
numbers are of docs/regulations.md too."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from app.identity import (
    check_email,
    check_foreign_permanent_residence_id,
    check_mobile,
    check_party_id,
    check_person_name,
    check_resident_id,
    check_uscc,
    convert_first_generation_id,
    id_check_character,
    party_id_type,
    uscc_check_character,
)
from app.identity.resident_id import PERMIT_PREFIXES
from app.identity.uscc import ALPHABET
from cli.launcher import main as chudan

TODAY = date(2026, 11, 25)


def test_example_14_id_check_characters():
    """§12.14: Σ = 235, r = 4 → 110105198507231238 (male); Σ = 167, r = 2 → 11010519491231002X (female)."""
    assert id_check_character("11010519850723123") == "8"
    assert id_check_character("11010519491231002") == "X"
    male = check_resident_id("110105198507231238", today=TODAY)
    female = check_resident_id("11010519491231002X", today=TODAY)
    assert (
        male.valid
        and male.details["gender"] == "male"
        and male.details["birth_date"] == date(1985, 7, 23)
    )
    assert female.valid and female.details["gender"] == "female"
    assert male.details["region"] == "北京市朝阳区"


def test_negative_bad_check_character_suggests_the_right_one():
    """§12.16: 11010519850723123X → bad check."""
    r = check_resident_id("11010519850723123X", today=TODAY)
    assert (
        not r.valid
        and r.reason == "bad_check_character"
        and r.suggestion_en == "the check character should be 8"
    )


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
    assert (
        check_resident_id(body + id_check_character(body), today=TODAY).reason == "bad_birth_date"
    )


def with_check(body: str) -> str:
    return body + id_check_character(body)


def test_historical_county_code_is_accepted_with_a_warning():
    """§7.1: do not reject 310115 with a 1979 birth date (stdnum does); the warning says what is
    historical about the code, and whether that is normal."""
    r = check_resident_id(with_check("31011519790101123"), today=TODAY)
    assert r.valid and r.details["region"] == "上海市浦东新区"
    assert r.warnings == (
        "county code 310115 (浦东新区) came into use in 1992, after the birth year 1979: normal "
        "when the first card was issued there later (kept)",
    )
    r = check_resident_id(with_check("11011019900101123"), today=TODAY)  # 燕山区, abolished in 1986
    assert (
        r.valid and "went out of use in 1986, before the birth year 1990: unusual" in r.warnings[0]
    )


def test_county_missing_from_the_code_list_is_kept_with_a_warning_not_a_crash():
    """stdnum's own check raises KeyError on a real province with a county it does not list."""
    r = check_resident_id(with_check("14030520000101000"), today=TODAY)
    assert r.valid and r.details["region"] == "山西省"
    assert r.warnings == (
        "county code 140305 is not in the code list for 山西省 (kept: the list may lack it; compare "
        "the number with the card)",
    )


def test_unknown_province_prefix_is_refused():
    """§7.1 forgives historical county codes, not a number whose first two digits name no province."""
    for body in ("00010519850723123", "20010519850723123", "81123419900101123"):
        r = check_resident_id(with_check(body), today=TODAY)
        assert not r.valid and r.reason == "bad_region", body
        assert (
            f"({body[:6]}) are not a region code" in r.message_en
            and "请对照证件核对" in r.message_zh
        )
    # 9…: no province starts with 9, it is a foreign permanent-residence number, whose positions 2–3 are checked
    assert check_resident_id(with_check("99010519850723123"), today=TODAY).reason == "bad_region"


def test_first_generation_number_refused_for_new_business_converted_for_old_records():
    r = check_resident_id("110105850723123", today=TODAY)
    assert not r.valid and r.reason == "first_generation" and "18" in r.message_en
    assert convert_first_generation_id("110105850723123") == "110105198507231238"
    assert (
        check_resident_id("110105850723123", today=TODAY, allow_first_generation=True).value
        == "110105198507231238"
    )


def test_residence_permits_for_hk_macao_taiwan():
    for prefix, doc in (
        ("810000", "hk_residence_permit"),
        ("820000", "macao_residence_permit"),
        ("830000", "taiwan_residence_permit"),
    ):
        body = prefix + "19900101123"
        r = check_resident_id(body + id_check_character(body), today=TODAY)
        assert r.valid and r.details["document_type"] == doc


def test_a_2023_foreign_permanent_residence_number_is_checked_as_one_wherever_it_is_typed(capsys):
    number = with_check("93115619900101123")
    for r in (check_resident_id(number, today=TODAY), check_party_id(number)):
        assert (
            r.valid
            and r.details["document_type"] == "foreign_permanent_residence"
            and r.warnings == ()
        )
        assert r.details["nationality_code"] == "156" and "region" not in r.details
    assert chudan(["validate", "id", number, "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert (
        j["document_type"] == "foreign_permanent_residence"
        and j["warnings"] == []
        and j["birth_date"] == "1990-01-01"
    )
    assert chudan(["validate", "id", number[:17] + ("0" if number[17] != "0" else "1")]) == 1
    assert "永久居留" in capsys.readouterr().out
    r = check_resident_id(
        with_check("90015619900101123"), today=TODAY
    )  # positions 2–3: no province 00
    assert (
        not r.valid and r.reason == "bad_region" and "province that issued the card" in r.message_en
    )


def test_party_id_tells_people_from_organisations_including_all_digit_credit_codes():
    all_digits = next(
        b + uscc_check_character(b)
        for b in (f"9111000010000{n:04d}" for n in range(100))
        if uscc_check_character(b).isdigit()
    )
    assert party_id_type(all_digits) == "uscc" and check_party_id(all_digits).valid
    assert party_id_type("110105198507231238") == "resident_id"
    assert check_party_id("110105198507231238").details["region"] == "北京市朝阳区"
    assert party_id_type("USA110590101123") == "resident_id"
    assert check_party_id("91110105MA01K8R35Y").details["organisation_code"] == "MA01K8R35"
    assert not check_party_id("110105198507231230").valid  # neither: the person's reason is given
    assert check_party_id("110105198507231230").reason == "bad_check_character"


def test_foreign_permanent_residence_new_and_old_format():
    body = "93115619900101123"
    r = check_foreign_permanent_residence_id(body + id_check_character(body), today=TODAY)
    assert r.valid and r.details["nationality_code"] == "156"
    assert not check_foreign_permanent_residence_id(
        body + ("0" if id_check_character(body) != "0" else "1")
    ).valid
    assert check_foreign_permanent_residence_id("USA110590101123").warnings


def test_example_15_uscc():
    """§12.15: 91110105MA01K8R35 (organisation-code check 5): Σ = 1706 → 91110105MA01K8R35Y."""
    assert uscc_check_character("91110105MA01K8R35") == "Y"
    r = check_uscc("91110105MA01K8R35Y")
    assert r.valid and r.warnings == () and r.details["organisation_code"] == "MA01K8R35"


def test_uscc_letters_allowed_in_positions_1_and_2():
    """§7.2: the standard allows letters in positions 1–2 (stdnum does not)."""
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
    assume(
        good[pos] != ch and not (pos < 17 and ch == "X")
    )  # a change, and X only where it may stand
    changed = good[:pos] + ch + good[pos + 1 :]
    assert not check_resident_id(changed, today=TODAY).valid


@given(bodies)
def test_the_suggestion_is_exactly_the_right_character(body):
    right = id_check_character(body)
    wrong = "0" if right != "0" else "1"
    assert (
        check_resident_id(body + wrong, today=TODAY).suggestion_en
        == f"the check character should be {right}"
    )


@given(st.text(alphabet="0123456789Xx ", min_size=0, max_size=20))
def test_normalisation_is_idempotent(s):
    once = check_resident_id(s, today=TODAY).value
    assert check_resident_id(once, today=TODAY).value == once


uscc_bodies = st.builds(
    lambda head, region, org: head + region + org,
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)


@given(uscc_bodies, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_uscc_generated_by_rule_passes_and_one_change_fails(body, pos, ch):
    """Built by rule (letters allowed in positions 1–2, digits in 3–8), not filtered from random text."""
    good = body + uscc_check_character(body)
    assert check_uscc(good).valid
    if good[pos] != ch:
        changed = good[:pos] + ch + good[pos + 1 :]
        assert not check_uscc(changed).valid


def one_change(number: str, pos: int, ch: str) -> str | None:
    """`number` with one place changed to a character an ID number can hold there, or None."""
    if number[pos] == ch or (pos < 17 and ch == "X"):
        return None
    return number[:pos] + ch + number[pos + 1 :]


permits = st.builds(
    lambda prefix, d, seq: with_check(f"{prefix}{d:%Y%m%d}{seq:03d}"),
    st.sampled_from(sorted(PERMIT_PREFIXES)),
    st.dates(date(1920, 1, 1), TODAY),
    st.integers(0, 999),
)


@given(permits, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_residence_permits_generated_by_rule_pass_and_one_change_fails(number, pos, ch):
    r = check_resident_id(number, today=TODAY)
    assert r.valid and r.details["document_type"] == PERMIT_PREFIXES[number[:6]]
    assert r.details["gender"] == ("male" if int(number[16]) % 2 else "female")
    changed = one_change(number, pos, ch)
    if changed:
        assert not check_resident_id(changed, today=TODAY).valid


PROVINCES = [
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
]
foreign_ids = st.builds(
    lambda prov, nation, d, seq: with_check(f"9{prov}{nation:03d}{d:%Y%m%d}{seq:03d}"),
    st.sampled_from(PROVINCES),
    st.integers(4, 894),
    st.dates(date(1920, 1, 1), TODAY),
    st.integers(0, 999),
)


@given(foreign_ids, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_foreign_permanent_residence_2023_numbers_pass_and_one_change_fails(number, pos, ch):
    for r in (
        check_foreign_permanent_residence_id(number, today=TODAY),
        check_resident_id(number, today=TODAY),
    ):
        assert r.valid and r.details["document_type"] == "foreign_permanent_residence"
        assert (
            r.details["nationality_code"] == number[3:6]
            and r.details["birth_date"].strftime("%Y%m%d") == number[6:14]
        )
    changed = one_change(number, pos, ch)
    if changed:
        assert not check_foreign_permanent_residence_id(changed, today=TODAY).valid
        assert not check_resident_id(changed, today=TODAY).valid


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)


@given(mobiles, st.sampled_from(["", "+86 ", "0086", "+86-"]), st.booleans())
def test_mobiles_pass_however_typed_and_a_wrong_prefix_or_length_fails(number, prefix, spaced):
    typed = prefix + (f"{number[:3]} {number[3:7]}-{number[7:]}" if spaced else number)
    assert check_mobile(typed).valid and check_mobile(typed).value == number
    for wrong in (
        "2" + number[1:],
        number[0] + "2" + number[2:],
        number[:-1],
        number + "0",
        number[:5] + "a" + number[6:],
    ):
        assert not check_mobile(wrong).valid, wrong


labels = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
emails = st.builds(
    lambda local, domains, tld: f"{local}@{'.'.join(domains)}.{tld}",
    st.from_regex(r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)?", fullmatch=True).filter(
        lambda s: len(s) <= 30
    ),
    st.lists(labels, min_size=1, max_size=3),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6),
)


@given(emails)
def test_emails_generated_by_rule_pass_and_lose_their_at_or_gain_a_double_dot_fail(email):
    r = check_email(email.upper())
    local, _, domain = email.upper().partition("@")
    assert r.valid and r.value == f"{local}@{domain.lower()}"
    assert not check_email(email.replace("@", "")).valid
    assert not check_email(email.replace("@", "@@")).valid
    assert not check_email(email.replace(".", "..", 1)).valid
    assert not check_email(email.rsplit(".", 1)[0] + ".c").valid  # a one-letter top-level domain


han = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6
)
chinese_names = st.lists(han, min_size=1, max_size=3).filter(
    lambda parts: 2 <= len("·".join(parts)) <= 30
)


@given(chinese_names, st.sampled_from("·•・．.‧"), st.integers(0, 30), st.sampled_from("3A_!"))
def test_chinese_names_pass_with_any_middle_dot_and_fail_with_a_foreign_character(
    parts, dot, pos, ch
):
    name = "·".join(parts)
    r = check_person_name(dot.join(parts))
    assert r.valid and r.value == name and r.details["script"] == "chinese"
    assert check_person_name(name).value == name  # normalising twice changes nothing
    pos = pos % (len(name) + 1)
    assert not check_person_name(name[:pos] + ch + name[pos:]).valid


latin_names = st.lists(
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéüñ", min_size=1, max_size=10
    ),
    min_size=1,
    max_size=4,
).filter(lambda words: 2 <= len(" ".join(words)) <= 60)


@given(latin_names, st.sampled_from(" -'"), st.integers(0, 60), st.sampled_from("3_!@"))
def test_latin_names_pass_upper_cased_and_fail_with_a_digit_or_symbol(words, sep, pos, ch):
    name = sep.join(words)
    r = check_person_name(name)
    assert r.valid and r.value == name.upper() and r.details["script"] == "latin"
    pos = pos % (len(name) + 1)
    assert not check_person_name(name[:pos] + ch + name[pos:]).valid
