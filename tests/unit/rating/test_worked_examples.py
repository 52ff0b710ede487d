"""docs/regulations.md §12, worked examples for rating, tax and refunds: each test cites its example;
other § numbers are of docs/regulations.md too."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.core.errors import InvalidInput
from app.rating import quote
from app.rating.depreciation import actual_value
from app.rating.ncd import ncd_level
from app.rating.refunds import refund
from tests.support.rating import request, table

D = Decimal


def ctpl_premium(req, t=None) -> Decimal:
    return quote(req, t or table()).ctpl.premium


def test_example_1_five_seat_family_car_a3_in_jiangsu_and_hainan():
    """§12.1: 950 × 0.70 = 665.00 (scheme E, 江苏); 950 × 0.50 = 475.00 (scheme A, 海南)."""
    h = {"ctpl_claim_free_years": 3}
    assert ctpl_premium(request(region="320100", history=h)) == D("665.00")
    assert ctpl_premium(request(region="460100", history=h)) == D("475.00")


def test_example_2_seven_seat_family_car_beijing_a1():
    """§12.2: 1,100 × 0.85 = 935.00."""
    r = request(region="110000", history={"ctpl_claim_free_years": 1}, vehicle={"seats": 7})
    assert ctpl_premium(r) == D("935.00")


def test_example_3_scheme_c_a5_then_a6():
    """§12.3: 5 seats, scheme C; A5 1,045.00, A6 1,235.00."""
    assert ctpl_premium(
        request(region="140100", history={"ctpl_at_fault_claims_last_year": 2})
    ) == D("1045.00")
    assert ctpl_premium(
        request(region="140100", history={"ctpl_fatal_at_fault_last_year": True})
    ) == D("1235.00")


def test_example_4_drunk_driving_multiplied_or_added_as_configured():
    """§12.4: E, A1 plus one 醉酒 at 30%: multiplied 1,111.50; added 1,140.00."""
    r = request(region="320100", history={"ctpl_claim_free_years": 1, "drunk_driving": 1})
    assert ctpl_premium(r) == D("1111.50")
    added = table(ctpl__drink_driving__combine="add")
    assert ctpl_premium(r, added) == D("1140.00")


def test_example_5_three_drunk_driving_records_capped_at_60_percent():
    """§12.5: three 醉酒 at 30%, X = 0: min(90%, 60%) → 950 × 1.6 = 1,520.00."""
    assert ctpl_premium(request(history={"drunk_driving": 3})) == D("1520.00")


def test_example_6_commercial_base_ncd_and_pricing_coefficient():
    """§12.6: base 3,000 × NCD −3 (0.6) × 自主定价 0.85 = 1,530.00. A third-party line whose pure
    premium gives a base of exactly 3,000 (2,250 / (1 − 0.25))."""
    pure = {
        k: str(v) for k, v in table().commercial.third_party.pure_premiums["family_car"].items()
    }
    pure.update(
        {k: "2250.00" for k in pure if int(k) >= 1_000_000}
    )  # keeps the steps non-decreasing
    all_classes = {
        c: {k: str(v) for k, v in steps.items()}
        for c, steps in table().commercial.third_party.pure_premiums.items()
    }
    t2 = table(commercial__third_party__pure_premiums={**all_classes, "family_car": pure})
    r = request(
        coverages=[{"code": "third_party", "limit": "1000000"}],
        history={"ncd_level": -3},
        pricing_coefficient="0.85",
    )
    (line,) = quote(r, t2).lines
    assert line.base_premium == D("3000.00") and line.premium == D("1530.00")


def test_example_7_ncd_levels_from_history():
    """§12.7: 3 years, 2 claims → −1 (0.8); 1 year, 3 claims → 2 (1.4); new car → 0 (1.0)."""
    t = table()
    assert (ncd_level(3, 2), t.commercial.ncd.coefficients["-1"]) == (-1, D("0.8"))
    assert (ncd_level(1, 3), t.commercial.ncd.coefficients["2"]) == (2, D("1.4"))
    assert (ncd_level(0, 0, new_or_transferred=True), t.commercial.ncd.coefficients["0"]) == (
        0,
        D("1.0"),
    )
    assert ncd_level(5, 0) == -4  # four or more claim-free years: the best level


def test_example_8_pricing_coefficient_outside_the_regional_window_is_refused():
    """§12.8: 1.6 after widening (outside 0.5–1.5) and 0.6 before the region's widening date
    (outside 0.65–1.35): both rejected. The outlet's own range is widened here to isolate the rule."""
    t = table(
        commercial__pricing_coefficient__outlet_min="0.5",
        commercial__pricing_coefficient__outlet_max="1.6",
    )
    cov = [{"code": "third_party", "limit": "1000000"}]
    with pytest.raises(InvalidInput, match="0.5–1.5"):
        quote(
            request(
                region="440100", start_date="2026-12-01", coverages=cov, pricing_coefficient="1.6"
            ),
            t,
        )
    t_old = table(
        effective_from="2023-01-01",
        commercial__pricing_coefficient__outlet_min="0.5",
        commercial__pricing_coefficient__outlet_max="1.6",
    )
    early = request(
        region="440100",
        start_date="2023-04-01",
        coverages=cov,
        pricing_coefficient="0.6",
        vehicle={"first_registration": "2022-05-10"},
    )
    with pytest.raises(InvalidInput, match="0.65–1.35"):
        quote(early, t_old)
    assert quote(
        {**early, "pricing_coefficient": "0.6", "start_date": "2023-05-01"}, t_old
    ).lines  # widened in 44


def test_example_9_depreciation_family_car_38_months():
    """§12.9: 家庭自用 ≤9 seats, 150,000, 38 months: depreciation 34,200 → 115,800.00."""
    assert actual_value(D("150000"), 38, D("0.006"), D("0.80")) == D("115800.00")
    r = request(
        start_date="2025-07-10",
        vehicle={"first_registration": "2022-05-10"},
        coverages=[{"code": "vehicle_damage"}],
    )
    q = quote(r, table(effective_from="2025-01-01"))
    assert q.actual_value == D("115800.00") and q.lines[0].sum_insured == D("115800.00")


def test_example_10_taxi_80_months_capped_at_80_percent():
    """§12.10: 营业出租, 150,000, 80 months: 88% capped at 80% → 30,000.00."""
    assert actual_value(D("150000"), 80, D("0.011"), D("0.80")) == D("30000.00")


def test_example_11_vehicle_tax_beijing_first_year_prorated():
    """§12.11: 北京 1.8 L bought in May: 480 ÷ 12 × 8 = 320.00 (1.5 L: 280.00)."""
    base = {"region": "110000", "start_date": "2026-05-20"}
    r18 = request(
        **base,
        vehicle={
            "displacement_l": "1.8",
            "purchase_date": "2026-05-18",
            "first_registration": "2026-05-18",
        },
    )
    r15 = request(
        **base,
        vehicle={
            "displacement_l": "1.5",
            "purchase_date": "2026-05-18",
            "first_registration": "2026-05-18",
        },
    )
    assert quote(r18, table()).vehicle_tax.current_year == D("320.00")
    assert quote(r15, table()).vehicle_tax.current_year == D("280.00")


def test_example_12_late_fee_on_arrears():
    """§12.12: 480 arrears paid 2024-03-01, late fee from 2024-01-01 (60 days): 14.40."""
    r = request(
        region="110000",
        start_date="2024-03-01",
        vehicle={"displacement_l": "1.8"},
        tax={"arrears": [{"year": 2023, "amount": "480"}], "paid_on": "2024-03-01"},
    )
    tax = quote(r, table(effective_from="2024-01-01")).vehicle_tax
    assert (tax.arrears, tax.late_fee) == (D("480.00"), D("14.40"))


def test_example_13_short_term_ctpl_and_commercial_refund():
    """§12.13: 3-month CTPL, base 950 → 285.00; commercial 3,650 cancelled on day 100 of 365 → 2,650.00."""
    assert quote(request(short_term_months=3), table()).ctpl.premium == D("285.00")
    start = date(2026, 1, 1)
    end = date(2026, 12, 31)
    assert refund(D("3650.00"), start, end, start + timedelta(days=100), table().refunds) == D(
        "2650.00"
    )


def test_nev_pays_no_vehicle_tax_and_energy_saving_pays_half():
    """§6.4: BEV/FCEV outside the tax; PHEV exempt; energy-saving half."""
    assert quote(request(vehicle={"fuel": "bev"}), table()).vehicle_tax.total == 0
    assert quote(request(vehicle={"fuel": "phev"}), table()).vehicle_tax.total == 0
    full = quote(
        request(region="110000", vehicle={"displacement_l": "1.5"}), table()
    ).vehicle_tax.current_year
    half = quote(
        request(region="110000", vehicle={"displacement_l": "1.5", "energy_saving": True}), table()
    ).vehicle_tax
    assert half.current_year == full / 2


def test_regulatory_figures_in_the_bundled_table_match_domain_md():
    """§1.1–§1.3, §3.1, §6: the regulatory figures are exact in the bundled table."""
    t = table()
    assert t.ctpl.limits_at_fault.death_disability == D(
        "180000"
    ) and t.ctpl.limits_no_fault.property == D("100")
    assert [b.premium for b in t.ctpl.classes["op_truck"].bands] == [
        D("1850"),
        D("3070"),
        D("3450"),
        D("4480"),
    ]
    assert t.ctpl.schemes["E"]["A3"] == D("-0.30") and t.ctpl.schemes["A"]["A3"] == D("-0.50")
    assert len(t.ctpl.region_schemes) == 36 and t.ctpl.region_schemes["4403"] == "E"
    assert t.ctpl.drink_driving.cap == D("0.60")
    assert [t.commercial.ncd.coefficients[str(lv)] for lv in range(-4, 6)] == [
        D(x) for x in ("0.5", "0.6", "0.7", "0.8", "1.0", "1.2", "1.4", "1.6", "1.8", "2.0")
    ]
    assert [b.annual for b in t.vehicle_tax.provinces["11"].passenger_car] == [
        D(x) for x in ("300", "420", "480", "900", "1920", "3480", "5280")
    ]
    assert t.commercial.loading <= D("0.25")


def test_depreciation_ten_seats_or_more_uses_the_larger_passenger_row():
    """§5: a non-operating passenger vehicle of 10 seats or more depreciates 0.90% a month, not
    0.60%: 150,000 × 38 months → 51,300 → 98,700.00 (5 seats: 115,800.00 as in §12.9)."""
    base = {"start_date": "2025-07-10", "coverages": [{"code": "ctpl"}]}
    t = table(effective_from="2025-01-01")
    small = quote(
        request(
            **base,
            vehicle={
                "class": "enterprise_passenger",
                "seats": 5,
                "usage": "B",
                "first_registration": "2022-05-10",
            },
        ),
        t,
    )
    large = quote(
        request(
            **base,
            vehicle={
                "class": "enterprise_passenger",
                "seats": 12,
                "usage": "B",
                "first_registration": "2022-05-10",
            },
        ),
        t,
    )
    assert (small.actual_value, large.actual_value) == (D("115800.00"), D("98700.00"))


def test_a_class_the_table_does_not_group_depreciates_as_other_never_at_zero():
    """§5 "anything else", non-operating: 0.90% a month. A class missing from class_groups must not keep
    its full new price as its value."""
    from app.rating.depreciation import monthly_rate
    from app.rating.request import parse_request

    dep = table().depreciation
    assert "special_1" not in dep.class_groups

    def vehicle(**v):
        return parse_request(request(vehicle=v)).vehicle

    assert monthly_rate(vehicle(**{"class": "special_1", "seats": None}), dep) == D("0.009")
    assert monthly_rate(vehicle(seats=5), dep) == D("0.006")
