"""Covers, history and money: a rider attaches to each main cover it is bought for; contradictory
history is refused; promotions apply only to what they name and never below the outlet's floor;
tax arrears, late fees and purchase dates agree with the calendar; money has at most two
decimals; the table says where base premiums are rounded; and every problem of a request is
listed at once, each message wholly in one language. Figures worked by hand in comments."""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import pytest

from app.core.errors import InvalidInput
from app.rating import quote
from tests.support.rating import request, source_doc, table

D = Decimal
T = table()
BJ = "110000"
VD = {"code": "vehicle_damage"}
TP = {"code": "third_party", "limit": "1000000"}


def _refused(req, t=T) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        quote(req, t)
    return err.value


# -- 8. Riders ---------------------------------------------------------------------------------

# Family car, 150,000, 54 months from 2022-05-10 to 2026-12-01: actual value 150,000 × (1 −
# 0.006 × 54) = 101,400.00. Own damage (4.56 years: fixed 500 + 0.0097 × 101,400; price band
# 0.98): (500 + 983.58) × 0.98 ÷ 0.75 = 1,938.5445…; third party 1,000,000: 1,060 ÷ 0.75 =
# 1,413.333…


def test_a_deductible_on_own_damage_and_another_on_third_party_are_both_priced():
    """10% deductible (discount 9%): own damage −1,938.5445 × 0.09 = −174.47; third party
    −1,413.333 × 0.09 = −127.20."""
    q = quote(
        request(
            coverages=[
                VD,
                TP,
                {"code": "deductible", "rate": "0.1", "attaches_to": "vehicle_damage"},
                {"code": "deductible", "rate": "0.1", "attaches_to": "third_party"},
            ]
        ),
        T,
    )
    deductibles = {ln.attaches_to: ln for ln in q.lines if ln.code == "deductible"}
    assert deductibles["vehicle_damage"].premium == D("-174.47")
    assert deductibles["third_party"].premium == D("-127.20")
    assert {ln.deductible for ln in deductibles.values()} == {"10%"}
    assert [ln["attaches_to"] for ln in q.to_json()["lines"]][2:] == [
        "vehicle_damage",
        "third_party",
    ]


def test_medical_costs_outside_social_insurance_on_third_party_and_on_passengers():
    """20,000 × 1% ÷ 0.75 = 266.67 on each main cover it is bought for."""
    q = quote(
        request(
            coverages=[
                TP,
                {"code": "passenger", "limit": "10000"},
                {
                    "code": "medical_outside_insurance",
                    "limit": "20000",
                    "attaches_to": "third_party",
                },
                {"code": "medical_outside_insurance", "limit": "20000", "attaches_to": "passenger"},
            ]
        ),
        T,
    )
    medical = [ln for ln in q.lines if ln.code == "medical_outside_insurance"]
    assert [(ln.attaches_to, ln.premium) for ln in medical] == [
        ("third_party", D("266.67")),
        ("passenger", D("266.67")),
    ]


def test_the_same_rider_twice_on_the_same_main_cover_is_refused():
    e = _refused(
        request(
            coverages=[
                VD,
                {"code": "deductible", "rate": "0.1", "attaches_to": "vehicle_damage"},
                {"code": "deductible", "rate": "0.05", "attaches_to": "vehicle_damage"},
            ]
        )
    )
    assert "already bought for own damage" in e.message and "重复投保" in e.zh


def test_a_rider_attached_to_a_main_cover_it_cannot_take_is_refused():
    e = _refused(
        request(
            coverages=[VD, TP, {"code": "scratch", "limit": "2000", "attaches_to": "third_party"}]
        )
    )
    assert "coverages[2].attaches_to" in e.message and "cannot attach to third_party" in e.message


def test_the_engine_water_exclusion_is_quoted_as_documented():
    """{"code": "engine_water_exclusion"} needs no rate: 5% off the own-damage base:
    −1,938.5445 × 0.05 = −96.93."""
    q = quote(request(coverages=[VD, {"code": "engine_water_exclusion"}]), T)
    exclusion = q.lines[1]
    assert exclusion.premium == D("-96.93") and exclusion.deductible is None
    assert exclusion.attaches_to == "vehicle_damage"


def test_value_added_services_listed_twice_are_refused_not_charged_twice():
    e = _refused(
        request(
            coverages=[
                TP,
                {
                    "code": "value_added_service",
                    "services": ["roadside_assistance", "roadside_assistance"],
                },
            ]
        )
    )
    assert "roadside_assistance listed twice" in e.message and "重复" in e.zh
    once = quote(
        request(
            coverages=[TP, {"code": "value_added_service", "services": ["roadside_assistance"]}]
        ),
        T,
    )
    assert once.lines[1].premium == D("80.00")  # 60 ÷ 0.75


def test_driver_cover_is_for_one_seat():
    e = _refused(request(coverages=[{"code": "driver", "limit": "10000", "seats": 3}]))
    assert "coverages[0].seats" in e.message and "1 个座位" in e.zh
    one = quote(request(coverages=[{"code": "driver", "limit": "10000", "seats": 1}]), T)
    assert one.lines[0].seats == 1 and one.lines[0].premium == D("40.00")  # 10,000 × 0.003 ÷ 0.75


# -- 9. History and promotions -----------------------------------------------------------------


def test_claim_free_years_with_an_accident_last_year_are_refused():
    e = _refused(request(history={"ctpl_claim_free_years": 2, "ctpl_at_fault_claims_last_year": 1}))
    assert "history" in e.message and "相矛盾" in e.zh
    e = _refused(
        request(history={"ctpl_claim_free_years": 1, "ctpl_fatal_at_fault_last_year": True})
    )
    assert "contradicts" in e.message


def test_a_first_ctpl_policy_with_an_ncd_level_other_than_zero_is_refused():
    e = _refused(request(history={"first_ctpl": True, "ncd_level": -1}))
    assert "history.ncd_level" in e.message and "应为 0" in e.zh
    ok = quote(request(history={"first_ctpl": True}), T)
    assert ok.ctpl.premium == D("950.00") and ok.ctpl.float_code is None


def test_an_nev_launch_offer_applies_to_nevs_only():
    """NEV_LAUNCH, 10% off: for a BEV family car's third party, 1,060 × 1.05 (NEV rates) ÷ 0.75 =
    1,484.00 × 0.90 = 1,335.60; never for a petrol car."""
    e = _refused(request(coverages=[TP], promotions=["NEV_LAUNCH"]))
    assert "promotions[0]" in e.message and "only for fuel" in e.message
    q = quote(
        request(
            vehicle={"fuel": "bev", "displacement_l": None},
            coverages=[TP],
            promotions=["NEV_LAUNCH"],
        ),
        T,
    )
    assert q.lines[0].premium == D("1335.60")


def test_promotions_never_take_the_overall_discount_below_the_outlets_floor():
    """The outlet may go down to 0.75 on its own. 0.80 × 0.97 (新春) × 0.95 (老客户) = 0.7372 is
    below it: refused. 0.85 × 0.97 × 0.95 = 0.783275 is not: 1,413.333 × 0.783275 = 1,107.03."""
    e = _refused(
        request(
            coverages=[TP], promotions=["NEWYEAR2027", "DEALER_LOYALTY"], pricing_coefficient="0.80"
        )
    )
    assert "0.7372" in e.message and "0.75" in e.message and "低于网点下限" in e.zh
    q = quote(
        request(
            coverages=[TP], promotions=["NEWYEAR2027", "DEALER_LOYALTY"], pricing_coefficient="0.85"
        ),
        T,
    )
    assert q.lines[0].premium == D("1107.03")


def test_a_promotion_applies_only_to_the_covers_it_names():
    """A third-party-only 5% offer: third party 1,413.333 × 0.95 = 1,342.67; own damage keeps
    1,938.54."""
    doc = copy.deepcopy(source_doc())
    doc["promotions"]["items"].append(
        {
            "code": "TP5",
            "name_zh": "三者险优惠",
            "discount": "0.05",
            "valid_from": "2026-01-01",
            "valid_to": "2027-12-31",
            "covers": ["third_party"],
            "stackable": True,
        }
    )
    from app.rating.signing import parse_table

    q = quote(request(coverages=[VD, TP], promotions=["TP5"]), parse_table(doc))
    by_code = {ln.code: ln for ln in q.lines}
    assert by_code["third_party"].premium == D("1342.67")
    assert by_code["vehicle_damage"].premium == D("1938.54")
    assert "promotion factor" not in [f.name_en for f in by_code["vehicle_damage"].factors]


# -- 10. Tax and money -------------------------------------------------------------------------


def test_arrears_for_a_year_not_yet_ended_are_refused():
    e = _refused(
        request(tax={"arrears": [{"year": 2026, "amount": "480"}], "paid_on": "2026-12-02"})
    )
    assert "tax.arrears[0].year" in e.message and "尚未结束" in e.zh


def test_paid_on_before_the_arrears_year_ended_is_refused():
    e = _refused(
        request(tax={"arrears": [{"year": 2025, "amount": "480"}], "paid_on": "2025-12-15"})
    )
    assert "has not ended on 2025-12-15" in e.message


def test_a_purchase_date_after_the_start_is_refused():
    e = _refused(request(vehicle={"purchase_date": "2026-12-20"}))
    assert "vehicle.purchase_date" in e.message and "晚于起保日期" in e.zh


def test_late_fees_run_to_the_day_the_tax_is_collected_not_the_start():
    """北京 1.8 L, 480 a year; 2025's 480 collected on 2026-12-02: 1 Jan 2026 to 2 Dec 2026 is 335
    days: 480 × 0.0005 × 335 = 80.40 — whether cover starts on the 3rd or on the 28th."""
    for start in ("2026-12-03", "2026-12-28"):
        q = quote(
            request(
                region=BJ,
                start_date=start,
                vehicle={"displacement_l": "1.8"},
                tax={"arrears": [{"year": 2025, "amount": "480"}], "paid_on": "2026-12-02"},
            ),
            T,
        )
        assert q.vehicle_tax.late_fee == D("80.40") and q.vehicle_tax.arrears == D("480.00")
        assert q.vehicle_tax.to_json()["arrears_by_year"] == [
            {"year": 2025, "amount": "480.00", "late_fee_days": 335, "late_fee": "80.40"}
        ]


def test_arrears_without_the_day_collected_are_refused():
    e = _refused(request(tax={"arrears": [{"year": 2025, "amount": "480"}]}))
    assert "tax.paid_on" in e.message


@pytest.mark.parametrize(
    "where, value",
    [
        (("vehicle", "purchase_price"), 150000.123),  # a JSON number
        (("vehicle", "purchase_price"), "150000.001"),
        (("coverages", 0, "limit"), "1000000.005"),
        (("tax", "arrears", 0, "amount"), "480.005"),
    ],
)
def test_money_with_more_than_two_decimals_is_refused(where, value):
    req = copy.deepcopy(
        request(
            coverages=[TP, {"code": "ctpl"}],
            tax={"arrears": [{"year": 2025, "amount": "480"}], "paid_on": "2026-12-02"},
        )
    )
    node = req
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    with pytest.raises(InvalidInput) as err:
        quote(req, T)
    assert "at most two decimals" in err.value.message and "最多两位小数" in err.value.zh
    assert err.value.problems[0].path == ".".join(map(str, where)).replace(".0", "[0]")


# -- 12. Rounding ------------------------------------------------------------------------------


def test_the_table_says_where_base_premiums_are_rounded_and_the_worksheet_states_it():
    """Third party 100,000 for a family car: 520 ÷ 0.75 = 693.333…; × 0.8 (pricing coefficient).
    Rounded only at the end (the demo table): 554.6667 → 554.67. Rounded where made: 693.33 × 0.8
    = 554.664 → 554.66."""
    r = request(coverages=[{"code": "third_party", "limit": "100000"}], pricing_coefficient="0.80")
    at_end = quote(r, T)
    assert T.rounding.base_premiums == "at_end" and at_end.lines[0].premium == D("554.67")
    where_made = quote(r, table(rounding={"base_premiums": "where_made"}))
    assert where_made.lines[0].premium == D("554.66")
    notes = [w for w in at_end.worksheet if w.kind == "note"]
    assert any("只在" in w.zh or "不先舍入" in w.zh for w in notes)
    assert any("rounded to the fen where it is made" in w.en for w in where_made.worksheet)
    assert at_end.to_json()["rounding"] == "at_end"


# -- 15. Every problem at once, each in one language --------------------------------------------

_PYDANTIC_ENGLISH = re.compile(r"Input should|Field required|greater than|Extra inputs|valid")


def test_a_quote_request_lists_every_problem_at_once():
    req = request(
        start_date="2027-01-10",
        end_date="2027-01-01",
        vehicle={"seats": 0, "purchase_price": "abc"},
        history={"ncd_level": 9, "unknown": 1},
    )
    with pytest.raises(InvalidInput) as err:
        quote(req, T)
    e = err.value
    paths = [p.path for p in e.problems]
    assert paths == [
        "vehicle.seats",
        "vehicle.purchase_price",
        "history.ncd_level",
        "history.unknown",
    ]
    # …and once the request is well-formed, every rule it breaks, together.
    req = request(
        start_date="2027-01-10",
        end_date="2027-01-01",
        history={"first_ctpl": True, "ncd_level": 2},
        coverages=[{"code": "ctpl"}, {"code": "scratch", "limit": "2000"}, {"code": "sunroof"}],
        promotions=["NOPE"],
    )
    with pytest.raises(InvalidInput) as err:
        quote(req, T)
    paths = [p.path for p in err.value.problems]
    assert {"end_date", "history.ncd_level", "coverages[1].code", "coverages[2].code"} <= set(paths)


def test_messages_are_wholly_in_one_language():
    with pytest.raises(InvalidInput) as err:
        quote(
            request(
                vehicle={"seats": "many", "purchase_price": "-5", "first_registration": "soon"}
            ),
            T,
        )
    e = err.value
    assert not _PYDANTIC_ENGLISH.search(e.zh), e.zh
    assert "核定载客数（vehicle.seats）：应为整数" in e.zh
    assert "新车购置价（vehicle.purchase_price）：不能为负数" in e.zh
    assert "初次登记日期（vehicle.first_registration）：应为日期" in e.zh
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in e.message), e.message
