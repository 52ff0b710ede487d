"""Readers and repairs on synthetic text boxes (no engine): layout, look-alike repair rules."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.identity import check_resident_id, id_check_character
from app.ocr.engine import TextBox
from app.ocr.layout import group_lines
from app.ocr.readers import read_id_front, read_vehicle_licence
from app.ocr.repair import LETTER_TO_DIGIT, repair_id_number, repair_vin
from app.vehicle import vin_check_digit

TODAY = date(2026, 11, 25)


def box(x, y, text, w=None, h=30, score=0.99, angle=0.0):
    w = w or 30 * len(text)
    import math

    c, s = math.cos(angle), math.sin(angle)
    pts = [(0, 0), (w, 0), (w, h), (0, h)]
    return TextBox(tuple((x + px * c - py * s, y + px * s + py * c) for px, py in pts), text, score)


def id_front_boxes(number="110105198507231238", angle=0.0):
    import math

    rows = [[(60, "姓名"), (170, "张伟")], [(60, "性别"), (170, "男"), (290, "民族"), (400, "汉")],
            [(60, "出生"), (170, "1985年7月23日")], [(60, "住址"), (170, "北京市朝阳区建国路")],
            [(170, "88号")], [(60, "公民身份号码"), (300, number)]]
    out = []
    for i, row in enumerate(rows):
        for x, text in row:
            y = 60 + 80 * i
            out.append(box(x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle),
                           text, angle=angle))
    random.Random(1).shuffle(out)
    return out


def test_id_front_reader_with_skewed_photo():
    r = read_id_front(group_lines(id_front_boxes(angle=0.12)))  # about 7°
    assert {k: v.value for k, v in r.fields.items()} == {
        "name": "张伟", "sex": "男", "ethnicity": "汉", "birth_date": "1985-07-23",
        "address": "北京市朝阳区建国路88号", "id_number": "110105198507231238"}
    assert not any(v.needs_review for v in r.fields.values())


def test_id_number_with_one_letter_look_alike_is_repaired():
    r = read_id_front(group_lines(id_front_boxes("11O105198507231238")))
    assert r.fields["id_number"].value == "110105198507231238" and "repaired" in r.warnings[0]


def test_id_number_that_cannot_be_repaired_is_flagged_not_invented():
    r = read_id_front(group_lines(id_front_boxes("110105198507231239")))
    assert r.fields["id_number"].value == "110105198507231239" and r.fields["id_number"].needs_review


def test_low_confidence_and_missing_fields_are_flagged():
    boxes = [b if b.text != "张伟" else box(170, 60, "张伟", score=0.6) for b in id_front_boxes()]
    boxes = [b for b in boxes if b.text != "汉"]
    r = read_id_front(group_lines(boxes))
    assert r.fields["name"].needs_review and r.fields["ethnicity"].value == "" and r.fields["ethnicity"].needs_review


def test_vehicle_licence_two_fields_on_one_line_and_vin_repair():
    vin = "LSVCC6A45PN123456"
    boxes = [box(60, 100, "号牌号码"), box(190, 100, "京A12345"), box(600, 100, "车辆类型"), box(740, 100, "小型轿车"),
             box(60, 180, "车辆识别代号"), box(260, 180, "LSVCC6A45PN1234S6")]
    r = read_vehicle_licence(group_lines(boxes))
    assert r.fields["plate"].value == "京A12345" and r.fields["vehicle_type"].value == "小型轿车"
    assert r.fields["vin"].value == vin and not r.fields["vin"].needs_review  # positions 15–17 are digits


ids = st.builds(lambda d, seq: f"110105{d:%Y%m%d}{seq:03d}", st.dates(date(1940, 1, 1), date(2010, 12, 31)),
                st.integers(0, 999)).map(lambda body: body + id_check_character(body))


@given(ids, st.integers(0, 16), st.sampled_from(sorted(LETTER_TO_DIGIT)))
def test_repair_never_makes_a_different_valid_number_that_disagrees_with_the_card(number, pos, letter):
    card = check_resident_id(number, today=TODAY)
    misread = number[:pos] + letter + number[pos + 1:]
    rep = repair_id_number(misread, card.details["birth_date"], "男" if card.details["gender"] == "male" else "女",
                           today=TODAY)
    if rep.valid:
        r = check_resident_id(rep.value, today=TODAY)
        assert r.details["birth_date"] == card.details["birth_date"]
        assert r.details["gender"] == card.details["gender"]
        if rep.value != number:  # a repair to another number must still match what is printed on the card
            assert LETTER_TO_DIGIT[letter] != number[pos]
    else:
        assert rep.value == misread  # left as read, to be reviewed


@given(ids, st.integers(0, 17), st.sampled_from("0123456789"))
def test_a_wrong_digit_is_never_silently_accepted(number, pos, digit):
    if number[pos] == digit:
        return
    misread = number[:pos] + digit + number[pos + 1:]
    rep = repair_id_number(misread, today=TODAY)
    assert not rep.valid or rep.value != misread or check_resident_id(misread, today=TODAY).valid


def test_vin_repair_only_when_one_candidate():
    body = "LSVCC6A40PN123456"
    vin = body[:8] + vin_check_digit(body) + body[9:]
    assert repair_vin(vin.replace("0", "O")).value == vin  # O is never in a VIN: certain
    guess = repair_vin("LSVCC6A44PN123456")  # a digit misread as another digit
    assert guess.needs_review  # whatever the check digit suggests, a person confirms it
    boxes = [box(60, 180, "车辆识别代号"), box(260, 180, "LSVCC6A44PN123456")]
    assert read_vehicle_licence(group_lines(boxes)).fields["vin"].needs_review


def test_dates_are_normalised():
    boxes = [box(60, 100, "注册日期"), box(190, 100, "2019.3.7"), box(600, 100, "发证日期"), box(740, 100, "2019年03月08日")]
    r = read_vehicle_licence(group_lines(boxes))
    assert (r.fields["registration_date"].value, r.fields["issue_date"].value) == ("2019-03-07", "2019-03-08")
    assert date.fromisoformat(r.fields["issue_date"].value) - date.fromisoformat(r.fields["registration_date"].value) == timedelta(days=1)


def test_model_code_with_the_letter_o_is_flagged_not_changed():
    boxes = [box(60, 100, "品牌型号"), box(200, 100, "特斯拉牌TSL7000BEVARO")]
    r = read_vehicle_licence(group_lines(boxes))
    assert r.fields["brand_model"].value == "特斯拉牌TSL7000BEVARO" and r.fields["brand_model"].needs_review
    clean = read_vehicle_licence(group_lines([box(60, 100, "品牌型号"), box(200, 100, "大众汽车牌SVW71810BU")]))
    assert not clean.fields["brand_model"].needs_review
