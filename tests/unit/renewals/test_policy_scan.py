"""A paper policy's first page read from OCR lines: what is readable is found, what fails its
check is doubtful, what is not on the page is left for the clerk."""

from __future__ import annotations

from app.renewals.policy_scan import read_policy_page
from app.renewals.service import cover_names
from tests.support.rating import table

NAMES = cover_names(table())
PAGE = [
    "中国人民财产保险股份有限公司",
    "机动车商业保险保险单",
    "保险单号：PDAA202611010000000123",
    "被保险人 李娜",
    "号牌号码 京N8C2T6   车辆识别代号（车架号） LSVCC6A48PN200000",
    "承保险别 机动车损失保险 第三者责任保险 车上人员责任保险（司机）",
    "保险期间：自2026年03月18日零时起至2027年03月17日二十四时止",
]


def test_the_fields_of_a_clean_page():
    f = {k: v.to_json() for k, v in read_policy_page(PAGE, NAMES).items()}
    assert f == {
        "policy_number": {"value": "PDAA202611010000000123", "doubtful": False},
        "insurer": {"value": "中国人民财产保险股份有限公司", "doubtful": False},
        "start_date": {"value": "2026-03-18", "doubtful": False},
        "end_date": {"value": "2027-03-17", "doubtful": False},
        "plate": {"value": "京N8C2T6", "doubtful": False},
        "vin": {"value": "LSVCC6A48PN200000", "doubtful": False},
        # the names read, the limits not: to be confirmed
        "covers": {"value": "vehicle_damage;third_party;driver", "doubtful": True},
    }


def test_a_misread_vin_is_doubtful_and_missing_fields_are_left_out():
    page = [ln.replace("LSVCC6A48PN200000", "LSVCC6A4BPN200000") for ln in PAGE[:5]]
    f = read_policy_page(page, NAMES)
    assert f["vin"].doubtful and f["vin"].value == "LSVCC6A4BPN200000"
    assert "start_date" not in f and "covers" not in f


def test_ctpl_by_its_full_name_and_nothing_from_an_empty_page():
    f = read_policy_page(["机动车交通事故责任强制保险单", "保单号 PDZA2026000000000001"], NAMES)
    assert f["covers"].value == "ctpl" and f["policy_number"].value == "PDZA2026000000000001"
    assert read_policy_page([], NAMES) == {}
