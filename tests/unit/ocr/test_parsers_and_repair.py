"""Readers and repairs on synthetic text boxes (no engine): layout, look-alike repair rules."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from app.identity import check_resident_id, id_check_character
from app.ocr.layout import group_lines
from app.ocr.readers import read_id_front, read_vehicle_licence
from app.ocr.repair import LETTER_TO_DIGIT, repair_id_number, repair_vin
from app.vehicle import vin_check_digit
from tests.support.ocr_boxes import box

TODAY = date(2026, 11, 25)


def id_front_boxes(number="110105198507231238", angle=0.0):
    import math

    rows = [
        [(60, "姓名"), (170, "张伟")],
        [(60, "性别"), (170, "男"), (290, "民族"), (400, "汉")],
        [(60, "出生"), (170, "1985年7月23日")],
        [(60, "住址"), (170, "北京市朝阳区建国路")],
        [(170, "88号")],
        [(60, "公民身份号码"), (300, number)],
    ]
    out = []
    for i, row in enumerate(rows):
        for x, text in row:
            y = 60 + 80 * i
            out.append(
                box(
                    x * math.cos(angle) - y * math.sin(angle),
                    x * math.sin(angle) + y * math.cos(angle),
                    text,
                    angle=angle,
                )
            )
    random.Random(1).shuffle(out)
    return out


def test_id_front_reader_with_skewed_photo():
    r = read_id_front(group_lines(id_front_boxes(angle=0.12)))  # about 7°
    assert {k: v.value for k, v in r.fields.items()} == {
        "name": "张伟",
        "sex": "男",
        "ethnicity": "汉",
        "birth_date": "1985-07-23",
        "address": "北京市朝阳区建国路88号",
        "id_number": "110105198507231238",
    }
    assert not any(v.needs_review for v in r.fields.values())


def test_id_number_with_one_letter_look_alike_is_repaired():
    """In the birth date the printed 出生 line confirms the digit; in the region code only the check
    character does, so the repair is offered for the clerk to confirm."""
    r = read_id_front(group_lines(id_front_boxes("110105198507Z31238")))
    assert r.fields["id_number"].value == "110105198507231238" and "repaired" in r.warnings[0]
    assert not r.fields["id_number"].needs_review
    r = read_id_front(group_lines(id_front_boxes("11O105198507231238")))
    assert (
        r.fields["id_number"].value == "110105198507231238" and r.fields["id_number"].needs_review
    )
    assert "confirm on the card" in r.warnings[0]


def test_id_number_repaired_without_a_readable_birth_date_is_flagged():
    boxes = [b for b in id_front_boxes("110105198507Z31238") if b.text != "1985年7月23日"]
    r = read_id_front(group_lines(boxes))
    assert (
        r.fields["birth_date"].value == "" and r.fields["id_number"].value == "110105198507231238"
    )
    assert r.fields["id_number"].needs_review and "birth date or sex not read" in r.warnings[0]


def test_id_number_that_cannot_be_repaired_is_flagged_not_invented():
    r = read_id_front(group_lines(id_front_boxes("110105198507231239")))
    assert (
        r.fields["id_number"].value == "110105198507231239" and r.fields["id_number"].needs_review
    )


def test_low_confidence_and_missing_fields_are_flagged():
    boxes = [b if b.text != "张伟" else box(170, 60, "张伟", score=0.6) for b in id_front_boxes()]
    boxes = [b for b in boxes if b.text != "汉"]
    r = read_id_front(group_lines(boxes))
    assert (
        r.fields["name"].needs_review
        and r.fields["ethnicity"].value == ""
        and r.fields["ethnicity"].needs_review
    )


def test_vehicle_licence_two_fields_on_one_line_and_vin_repair():
    vin = "LSVCC6A45PN123456"
    boxes = [
        box(60, 100, "号牌号码"),
        box(190, 100, "京A12345"),
        box(600, 100, "车辆类型"),
        box(740, 100, "小型轿车"),
        box(60, 180, "车辆识别代号"),
        box(260, 180, "LSVCC6A45PN1234S6"),
    ]
    r = read_vehicle_licence(group_lines(boxes))
    assert r.fields["plate"].value == "京A12345" and r.fields["vehicle_type"].value == "小型轿车"
    assert (
        r.fields["vin"].value == vin and not r.fields["vin"].needs_review
    )  # positions 15–17 are digits


ids = st.builds(
    lambda region, d, seq: f"{region}{d:%Y%m%d}{seq:03d}",
    st.sampled_from(["110105", "310104", "440305", "510107"]),
    st.dates(date(1940, 1, 1), date(2010, 12, 31)),
    st.integers(0, 999),
).map(lambda body: body + id_check_character(body))
SEXES = {"male": "男", "female": "女"}
# What OCR may put in one place of an ID number: any digit, X, a look-alike letter, another letter.
READ_AS = "0123456789X" + "".join(sorted(LETTER_TO_DIGIT)) + "AK"


def printed(number: str) -> tuple[date, str]:
    """The birth date and sex printed on the card that carries `number`."""
    r = check_resident_id(number, today=TODAY)
    return r.details["birth_date"], SEXES[r.details["gender"]]


def misread(number: str, changes) -> str:
    chars = list(number)
    for pos, ch in changes:
        chars[pos] = ch
    return "".join(chars)


def flagged(rep) -> bool:
    """What the clerk sees as 'check this': not valid, or valid but to be confirmed."""
    return not rep.valid or rep.needs_review


def undetectable(read: str, birth, sex) -> bool:
    """Two digit misreads that keep the check character and the printed birth date and sex: no
    check can see them (the number is as valid as the true one), so no repair is tried."""
    r = check_resident_id(read, today=TODAY)
    return (
        r.valid
        and (birth is None or r.details["birth_date"] == birth)
        and (sex is None or SEXES[r.details["gender"]] == sex)
    )


@given(
    ids,
    st.lists(st.tuples(st.integers(0, 17), st.sampled_from(READ_AS)), min_size=1, max_size=2),
    st.sampled_from(["card", "other", None]),
    st.dates(date(1940, 1, 1), date(2010, 12, 31)),
    st.sampled_from(["card", "other", None]),
)
def test_a_repair_never_disagrees_with_the_birth_date_and_sex_it_is_given(
    number, changes, birth_from, other_birth, sex_from
):
    card_birth, card_sex = printed(number)
    birth = {"card": card_birth, "other": other_birth, None: None}[birth_from]
    sex = {"card": card_sex, "other": "女" if card_sex == "男" else "男", None: None}[sex_from]
    rep = repair_id_number(misread(number, changes), birth, sex, today=TODAY)
    if rep.valid:
        r = check_resident_id(rep.value, today=TODAY)
        assert r.valid
        assert birth is None or r.details["birth_date"] == birth
        assert sex is None or SEXES[r.details["gender"]] == sex


@given(
    ids,
    st.integers(0, 17),
    st.sampled_from(sorted(LETTER_TO_DIGIT)),
    st.sampled_from(["birth", "sex", "both"]),
)
def test_without_the_printed_birth_date_or_sex_a_repair_is_always_flagged(
    number, pos, letter, missing
):
    card_birth, card_sex = printed(number)
    birth = None if missing in ("birth", "both") else card_birth
    sex = None if missing in ("sex", "both") else card_sex
    rep = repair_id_number(misread(number, [(pos, letter)]), birth, sex, today=TODAY)
    assert rep.needs_review or not rep.repaired
    if LETTER_TO_DIGIT[letter] == number[pos]:
        assert (
            rep.value == number and rep.repaired and rep.needs_review
        )  # offered, for the clerk to confirm


@given(
    ids,
    st.tuples(st.integers(0, 17), st.sampled_from(READ_AS)),
    st.tuples(st.integers(0, 17), st.sampled_from(READ_AS)),
    st.booleans(),
)
def test_two_misreads_never_give_an_unflagged_wrong_number(number, first, second, card_printed):
    assume(
        first[0] != second[0] and number[first[0]] != first[1] and number[second[0]] != second[1]
    )
    birth, sex = printed(number) if card_printed else (None, None)
    read = misread(number, [first, second])
    assume(not undetectable(read, birth, sex))
    rep = repair_id_number(read, birth, sex, today=TODAY)
    assert rep.value == number or flagged(rep)


@given(ids, st.sampled_from(READ_AS), st.booleans())
def test_a_misread_check_character_is_always_flagged_and_never_replaced_by_a_wrong_one(
    number, ch, card_printed
):
    assume(ch != number[17])
    birth, sex = printed(number) if card_printed else (None, None)
    rep = repair_id_number(number[:17] + ch, birth, sex, today=TODAY)
    assert flagged(
        rep
    )  # the printed card does not show the check character: only the clerk can confirm it
    assert rep.value == number or not rep.valid


@given(ids, st.integers(6, 13), st.booleans())
def test_a_look_alike_in_the_birth_date_is_repaired_without_review_when_the_card_shows_the_date(
    number, pos, shown
):
    letter = (
        next(k for k, d in sorted(LETTER_TO_DIGIT.items()) if d == number[pos])
        if number[pos] in "012568"
        else None
    )
    assume(letter is not None)
    birth, sex = printed(number) if shown else (None, None)
    rep = repair_id_number(misread(number, [(pos, letter)]), birth, sex, today=TODAY)
    assert rep.value == number and rep.repaired and rep.needs_review is not shown


@given(ids, st.integers(0, 17), st.sampled_from("0123456789"))
def test_a_wrong_digit_is_never_silently_accepted(number, pos, digit):
    assume(number[pos] != digit)
    rep = repair_id_number(misread(number, [(pos, digit)]), today=TODAY)
    assert not rep.valid and rep.value == misread(
        number, [(pos, digit)]
    )  # MOD 11-2 sees every single error


def test_vin_repair_only_when_one_candidate():
    body = "LSVCC6A40PN123456"
    vin = body[:8] + vin_check_digit(body) + body[9:]
    assert repair_vin(vin.replace("0", "O")).value == vin  # O is never in a VIN: certain
    guess = repair_vin("LSVCC6A44PN123456")  # a digit misread as another digit
    assert guess.needs_review  # whatever the check digit suggests, a person confirms it
    boxes = [box(60, 180, "车辆识别代号"), box(260, 180, "LSVCC6A44PN123456")]
    assert read_vehicle_licence(group_lines(boxes)).fields["vin"].needs_review


def test_dates_are_normalised():
    boxes = [
        box(60, 100, "注册日期"),
        box(190, 100, "2019.3.7"),
        box(600, 100, "发证日期"),
        box(740, 100, "2019年03月08日"),
    ]
    r = read_vehicle_licence(group_lines(boxes))
    assert (r.fields["registration_date"].value, r.fields["issue_date"].value) == (
        "2019-03-07",
        "2019-03-08",
    )
    assert date.fromisoformat(r.fields["issue_date"].value) - date.fromisoformat(
        r.fields["registration_date"].value
    ) == timedelta(days=1)


def test_model_code_with_the_letter_o_is_flagged_not_changed():
    boxes = [box(60, 100, "品牌型号"), box(200, 100, "特斯拉牌TSL7000BEVARO")]
    r = read_vehicle_licence(group_lines(boxes))
    assert (
        r.fields["brand_model"].value == "特斯拉牌TSL7000BEVARO"
        and r.fields["brand_model"].needs_review
    )
    clean = read_vehicle_licence(
        group_lines([box(60, 100, "品牌型号"), box(200, 100, "大众汽车牌SVW71810BU")])
    )
    assert not clean.fields["brand_model"].needs_review
