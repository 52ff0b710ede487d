"""The 行驶证 second page and the business licence, on synthetic text boxes (no engine): fields
after their labels, masses and passengers as plain numbers, the USCC repaired only when one
look-alike substitution explains the failed check character, and `auto` telling the pages apart."""

from __future__ import annotations

import random

from hypothesis import assume, given
from hypothesis import strategies as st

from app.identity import check_uscc, uscc_check_character
from app.ocr.layout import group_lines
from app.ocr.readers import classify, read_business_licence, read_vehicle_licence_back
from app.ocr.repair import SWAPS, USCC_NEVER, repair_uscc
from app.training.specimens import random_uscc
from tests.support.ocr_boxes import box

USCC = random_uscc(random.Random(4), "330106")


def back_boxes(passengers="5人", total="1850kg", curb="1420kg", plate="浙A8B2C6"):
    rows = [
        [(60, "号牌号码"), (190, plate), (600, "档案编号"), (740, "330100123456")],
        [(60, "核定载人数"), (230, passengers), (600, "总质量"), (710, total)],
        [(60, "整备质量"), (190, curb), (600, "核定载质量"), (770, "--")],
        [(60, "外廓尺寸"), (190, "4780×1820×1470mm"), (600, "准牵引总质量"), (800, "--")],
        [(60, "检验记录")],
    ]
    return [box(x, 90 + 100 * i, t) for i, row in enumerate(rows) for x, t in row]


def business_boxes(uscc=USCC, name_label=("名", "称"), address_label=("住", "所")):
    rows = [
        [(80, "统一社会信用代码"), (340, uscc)],
        [(80, name_label[0]), (170, name_label[1]), (260, "杭州恒信商贸有限公司")],
        [(80, "类"), (170, "型"), (260, "有限责任公司(自然人投资或控股)")],
        [(80, "法定代表人"), (260, "李海波")],
        [(80, "注册资本"), (260, "壹佰万元整")],
        [(80, "成立日期"), (260, "2015年03月09日")],
        [(80, address_label[0]), (170, address_label[1]), (260, "浙江省杭州市西湖区学院路12号")],
        [(80, "经营范围"), (260, "货物进出口；技术咨询。")],
    ]
    out = [box(560, 60, "营业执照", h=60)]
    out += [box(x, 200 + 80 * i, t) for i, row in enumerate(rows) for x, t in row if t]
    return out


def values(reading) -> dict[str, str]:
    return {k: v.value for k, v in reading.fields.items()}


def test_second_page_gives_numbers_without_units():
    r = read_vehicle_licence_back(group_lines(back_boxes()))
    assert values(r) == {
        "plate": "浙A8B2C6",
        "approved_passengers": "5",
        "total_mass_kg": "1850",
        "curb_mass_kg": "1420",
    }
    assert not any(f.needs_review for f in r.fields.values())


def test_second_page_total_mass_is_not_taken_from_the_towing_mass():
    """准牵引总质量 contains 总质量: the towing mass ("--") must not become the total mass."""
    boxes = [b for b in back_boxes() if b.text not in ("总质量", "1850kg")]
    r = read_vehicle_licence_back(group_lines(boxes))
    assert r.fields["total_mass_kg"].value == "" and r.fields["total_mass_kg"].needs_review


def test_second_page_misread_unit_is_ignored_and_impossible_masses_flagged():
    r = read_vehicle_licence_back(group_lines(back_boxes(total="1850kq", curb="2100kg")))
    assert r.fields["total_mass_kg"].value == "1850" and r.fields["curb_mass_kg"].value == "2100"
    assert r.fields["total_mass_kg"].needs_review and "curb mass" in r.warnings[0]


def test_second_page_garbled_passengers_are_empty_and_flagged():
    r = read_vehicle_licence_back(group_lines(back_boxes(passengers="S人")))
    assert (
        r.fields["approved_passengers"].value == "" and r.fields["approved_passengers"].needs_review
    )


def test_auto_tells_the_two_licence_pages_and_the_business_licence_apart():
    main = [
        box(300, 40, "中华人民共和国机动车行驶证"),
        box(60, 140, "号牌号码"),
        box(190, 140, "京A12345"),
        box(60, 220, "车辆识别代号"),
        box(260, 220, "LSVCC6A45PN123456"),
        box(60, 300, "发动机号码"),
    ]
    assert classify(group_lines(main)) == "vehicle-licence"
    assert classify(group_lines(back_boxes())) == "vehicle-licence-back"
    assert classify(group_lines(business_boxes())) == "business-licence"


def test_business_licence_fields():
    r = read_business_licence(group_lines(business_boxes()))
    assert values(r) == {
        "name": "杭州恒信商贸有限公司",
        "uscc": USCC,
        "legal_representative": "李海波",
        "address": "浙江省杭州市西湖区学院路12号",
        "registered_on": "2015-03-09",
    }
    assert not any(f.needs_review for f in r.fields.values()) and not r.warnings


def test_business_licence_spaced_label_with_a_half_dropped_still_reads():
    """The detector sometimes misses one of the two lone characters of 名　称 / 住　所."""
    r = read_business_licence(
        group_lines(business_boxes(name_label=("", "称"), address_label=("住", "")))
    )
    assert r.fields["name"].value == "杭州恒信商贸有限公司"
    assert r.fields["address"].value == "浙江省杭州市西湖区学院路12号"


def test_uscc_letter_it_never_contains_is_repaired():
    i = next(i for i, c in enumerate(USCC) if c == "0" and i >= 2)
    misread = USCC[:i] + "O" + USCC[i + 1 :]
    r = read_business_licence(group_lines(business_boxes(uscc=misread)))
    assert r.fields["uscc"].value == USCC and not r.fields["uscc"].needs_review
    assert r.warnings == [f"uscc repaired: position {i + 1}: O read as 0"]


def test_uscc_repair_guessed_from_the_check_character_is_flagged():
    # A legal character swapped for its look-alike (8 → B): only the check character says which.
    body = "91330106MA28KH3X1"
    code = body + uscc_check_character(body)
    rep = repair_uscc(code[:11] + "B" + code[12:])
    assert (rep.value, rep.valid, rep.needs_review) == (code, True, True)
    assert "confirm on the licence" in rep.note


def test_uscc_beyond_repair_is_left_as_read_and_flagged():
    misread = (
        USCC[:10]
        + ("A" if USCC[10] != "A" else "C")
        + ("E" if USCC[11] != "E" else "F")
        + USCC[12:]
    )
    r = read_business_licence(group_lines(business_boxes(uscc=misread)))
    assert r.fields["uscc"].value == misread and r.fields["uscc"].needs_review


usccs = st.builds(
    lambda seed, region: random_uscc(random.Random(seed), region),
    st.integers(0, 10**6),
    st.sampled_from(["110105", "310115", "440305", "510107"]),
)


@given(usccs, st.integers(0, 17), st.data())
def test_uscc_repair_never_gives_a_different_code_unflagged(code, pos, data):
    lookalikes = sorted(
        set(SWAPS.get(code[pos], [])) | {k for k, v in USCC_NEVER.items() if v == code[pos]}
    )
    assume(lookalikes)  # a character nothing is mistaken for cannot be misread
    misread = code[:pos] + data.draw(st.sampled_from(lookalikes)) + code[pos + 1 :]
    # A look-alike that is itself a valid code cannot be told from the card: not a repair.
    assume(not check_uscc(misread).valid)
    rep = repair_uscc(misread)
    assert rep.value == code or not rep.valid or rep.needs_review


def test_plate_serial_letter_o_is_read_as_zero_on_both_pages():
    """O and I never appear in a plate's serial: the recogniser's O there is a 0."""
    r = read_vehicle_licence_back(group_lines(back_boxes(plate="沪DMSEVO")))
    assert r.fields["plate"].value == "沪DMSEV0" and not r.fields["plate"].needs_review
