"""Coverage rules refuse what cannot be sold, in words a clerk can read to the customer;
underwriting lists every rule that fired (docs/rating.md)."""

from __future__ import annotations

import pytest

from app.core.errors import InvalidInput
from app.rating import quote, quote_and_underwrite
from tests.support.rating import request, table

T = table()


def _refused(coverages, **kw) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        quote(request(coverages=coverages, **kw), T)
    return err.value


def test_rider_without_its_main_cover_says_what_to_add():
    e = _refused([{"code": "ctpl"}, {"code": "scratch", "limit": "2000"}])
    assert "needs own damage" in str(e) and "须同时投保机动车损失保险" in e.zh


def test_a_cover_twice_is_refused():
    e = _refused(
        [{"code": "third_party", "limit": "1000000"}, {"code": "third_party", "limit": "2000000"}]
    )
    assert "third_party appears twice" in str(e)


def test_limit_not_offered_lists_the_offered_ones():
    e = _refused([{"code": "third_party", "limit": "1200000"}])
    assert "1200000.00 is not offered" in str(e) and "2000000.00" in str(e)


def test_sum_insured_outside_the_band_around_actual_value():
    e = _refused([{"code": "vehicle_damage", "sum_insured": "150000"}])  # actual value 101,400
    assert "outside the allowed band" in str(e) and "101400.00" in str(e)
    ok = quote(request(coverages=[{"code": "vehicle_damage", "sum_insured": "110000"}]), T)
    assert ok.lines[0].sum_insured == 110000


def test_outlet_pricing_coefficient_range():
    e = _refused([{"code": "third_party", "limit": "1000000"}], pricing_coefficient="1.30")
    assert "0.75–1.15" in str(e) and "head office" in str(e)


def test_promotions_that_may_not_stack_and_the_floor():
    cov = [{"code": "third_party", "limit": "1000000"}]
    e = _refused(cov, promotions=["NEV_LAUNCH", "DEALER_LOYALTY"])
    assert "cannot be combined" in str(e)
    q = quote(request(coverages=cov, promotions=["NEWYEAR2027", "DEALER_LOYALTY"]), T)
    assert [f.name_en for f in q.lines[0].factors][-1] == "promotion factor"
    low = table(promotions__floor="0.95")
    with pytest.raises(InvalidInput, match="below the floor"):
        quote(request(coverages=cov, promotions=["NEWYEAR2027", "DEALER_LOYALTY"]), low)
    e = _refused(cov, promotions=["NEWYEAR2027"], start_date="2026-11-30")
    assert "runs 2026-12-01" in str(e)


def test_holiday_double_only_for_family_cars_and_goods_only_for_trucks():
    e = _refused([{"code": "third_party", "limit": "1000000"}, {"code": "goods", "limit": "10000"}])
    assert "goods vehicles" in str(e)
    r = request(
        coverages=[{"code": "third_party", "limit": "1000000"}, {"code": "holiday_double"}],
        vehicle={"class": "enterprise_passenger"},
    )
    with pytest.raises(InvalidInput, match="only for family_car"):
        quote(r, T)


def test_passenger_seats_are_approved_seats_minus_one():
    e = _refused([{"code": "passenger", "limit": "10000", "seats": 5}])
    assert "1–4 seats" in str(e)


def test_bad_request_names_the_field():
    with pytest.raises(InvalidInput, match=r"vehicle\.purchase_price"):
        quote(request(vehicle={"purchase_price": "-5"}), T)
    with pytest.raises(InvalidInput, match="region"):
        quote(request(region="11"), T)


def test_underwriting_passes_refers_and_declines_listing_every_rule():
    plain = quote_and_underwrite(
        request(coverages=[{"code": "ctpl"}, {"code": "vehicle_damage"}]), T
    )
    assert plain.underwriting.outcome == "pass" and plain.underwriting.fired == ()
    old_drunk = request(
        vehicle={"first_registration": "2008-01-01"},
        history={"drunk_driving": 1},
        coverages=[{"code": "ctpl"}, {"code": "third_party", "limit": "1000000"}],
    )
    d = quote_and_underwrite(old_drunk, T).underwriting
    assert d.outcome == "refer" and {f.code for f in d.fired} == {"UW_AGE_FAMILY", "UW_DRUNK"}
    with_tp = [{"code": "ctpl"}, {"code": "third_party", "limit": "1000000"}]
    repeat = request(history={"drunk_driving": 3}, coverages=with_tp)
    d = quote_and_underwrite(repeat, T).underwriting
    assert d.outcome == "decline" and {f.code for f in d.fired} == {"UW_DRUNK", "UW_DRUNK_REPEAT"}
    mismatch = request(vehicle={"usage": "D"}, coverages=with_tp)
    d = quote_and_underwrite(mismatch, T).underwriting
    assert (
        d.outcome == "refer"
        and d.fired[0].code == "UW_USAGE_CLASS"
        and "使用性质" in d.fired[0].message_zh
    )


def test_sum_insured_far_from_actual_value_is_referred():
    r = request(coverages=[{"code": "vehicle_damage", "sum_insured": "125000"}])  # 101,400 × 1.23
    d = quote_and_underwrite(r, T).underwriting
    assert d.outcome == "refer" and [f.code for f in d.fired] == ["UW_SI_FAR"]


def test_top_ncd_levels_are_referred():
    """An NCD of +4 or +5 (frequent claims) goes to a person; +3 does not."""
    cov = [{"code": "ctpl"}, {"code": "third_party", "limit": "1000000"}]
    d = quote_and_underwrite(request(history={"ncd_level": 4}, coverages=cov), T).underwriting
    assert d.outcome == "refer" and [f.code for f in d.fired] == ["UW_NCD_TOP"]
    assert (
        quote_and_underwrite(
            request(history={"ncd_level": 3}, coverages=cov), T
        ).underwriting.outcome
        == "pass"
    )


def test_an_old_taxi_is_declined_with_the_reason():
    taxi = {"class": "taxi_rental", "usage": "D", "first_registration": "2018-01-01"}
    cov = [{"code": "ctpl"}, {"code": "third_party", "limit": "1000000"}]
    d = quote_and_underwrite(request(vehicle=taxi, coverages=cov), T).underwriting
    assert d.outcome == "decline" and [f.code for f in d.fired] == ["UW_AGE_TAXI"]
    assert "8 年以上" in d.fired[0].message_zh
    young = quote_and_underwrite(
        request(vehicle={**taxi, "first_registration": "2022-01-01"}, coverages=cov), T
    )
    assert young.underwriting.outcome == "pass"


def test_a_high_own_damage_sum_insured_is_referred():
    dear = {"purchase_price": "900000", "first_registration": "2026-11-01"}
    d = quote_and_underwrite(
        request(vehicle=dear, coverages=[{"code": "vehicle_damage"}]), T
    ).underwriting
    assert d.outcome == "refer" and [f.code for f in d.fired] == ["UW_HIGH_VALUE"]
