"""Properties of the premium engine (hypothesis): totals add up from rounded lines, amounts have
at most two decimals, more cover never costs less, a better NCD never costs more, the CTPL float
stays in its scheme's bounds, and every worksheet line recomputes from its formula."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.money import round_fen
from app.rating import quote, quote_and_underwrite
from tests.support.rating import evaluate, request, table

TABLE = table()
REGIONS = sorted({p + "0" * (6 - len(p)) for p in TABLE.ctpl.region_schemes})
LIMITS = [str(int(x)) for x in TABLE.commercial.third_party.limits]
SEAT_LIMITS = [str(int(x)) for x in TABLE.commercial.driver.limits]


@st.composite
def histories(draw, ncd=None):
    """What the platform can answer: claim-free years exclude an at-fault accident last year."""
    free = draw(st.integers(0, 5))
    accidents = 0 if free else draw(st.integers(0, 3))
    return {
        "ctpl_claim_free_years": free,
        "ctpl_at_fault_claims_last_year": accidents,
        "ctpl_fatal_at_fault_last_year": False if free else draw(st.booleans()),
        "drink_driving": draw(st.integers(0, 4)),
        "drunk_driving": draw(st.integers(0, 4)),
        "ncd_level": ncd if ncd is not None else draw(st.integers(-4, 5)),
    }


@st.composite
def requests(draw, tp_limit=None, ncd=None):
    start = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    reg = draw(st.dates(date(2012, 1, 1), start - timedelta(days=1)))
    seats = draw(st.integers(2, 9))
    covers = [
        {"code": "ctpl"},
        {"code": "vehicle_damage"},
        {"code": "third_party", "limit": tp_limit or draw(st.sampled_from(LIMITS))},
        {"code": "driver", "limit": draw(st.sampled_from(SEAT_LIMITS))},
        {
            "code": "passenger",
            "limit": draw(st.sampled_from(SEAT_LIMITS)),
            "seats": draw(st.integers(1, seats - 1)),
        },
    ]
    if draw(st.booleans()):
        covers.append(
            {"code": "scratch", "limit": draw(st.sampled_from(["2000", "5000", "10000", "20000"]))}
        )
    if draw(st.booleans()):
        covers.append(
            {"code": "medical_outside_insurance", "limit": "20000", "attaches_to": "third_party"}
        )
    if draw(st.booleans()):
        covers.append(
            {
                "code": "deductible",
                "rate": draw(st.sampled_from(["0.05", "0.1", "0.15", "0.2"])),
                "attaches_to": "vehicle_damage",
            }
        )
    return request(
        start_date=start.isoformat(),
        region=draw(st.sampled_from(REGIONS)),
        vehicle={
            "class": "family_car",
            "seats": seats,
            "first_registration": reg.isoformat(),
            "purchase_price": str(draw(st.integers(30_000, 900_000))),
            "displacement_l": str(
                draw(st.sampled_from(["0.9", "1.5", "1.8", "2.4", "3.5", "4.2"]))
            ),
            "fuel": draw(st.sampled_from(["petrol", "diesel", "hybrid", "bev", "phev"])),
            "usage": "A",
        },
        history=draw(histories(ncd)),
        coverages=covers,
        pricing_coefficient=str(draw(st.sampled_from(["0.75", "0.85", "1.00", "1.10", "1.15"]))),
    )


def _two_decimals(x: Decimal) -> bool:
    return x == round_fen(x)


@settings(max_examples=150, deadline=None)
@given(requests())
def test_total_is_the_sum_of_rounded_lines_and_every_amount_is_in_fen(req):
    q = quote(req, TABLE)
    parts = [
        q.ctpl.premium,
        *(ln.premium for ln in q.lines),
        q.vehicle_tax.current_year,
        q.vehicle_tax.arrears,
        q.vehicle_tax.late_fee,
    ]
    assert all(_two_decimals(p) for p in parts)
    assert q.total == sum(parts)
    j = q.to_json()
    assert j["total"] == f"{q.total:.2f}"


@settings(max_examples=150, deadline=None)
@given(requests())
def test_every_worksheet_line_recomputes_from_its_formula(req):
    for line in quote(req, TABLE).worksheet:
        if not line.formula:
            continue
        value = evaluate(line.formula)
        assert (round_fen(value) if line.money else value) == line.value, (line.zh, line.formula)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_a_higher_third_party_limit_never_costs_less(data):
    i = data.draw(st.integers(0, len(LIMITS) - 2))
    req_low = data.draw(requests(tp_limit=LIMITS[i]))
    req_high = {
        **req_low,
        "coverages": [
            {**c, "limit": LIMITS[i + 1]} if c["code"] == "third_party" else c
            for c in req_low["coverages"]
        ],
    }
    tp = lambda r: next(ln.premium for ln in quote(r, TABLE).lines if ln.code == "third_party")  # noqa: E731
    assert tp(req_high) >= tp(req_low)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_a_better_ncd_level_never_costs_more(data):
    level = data.draw(st.integers(-3, 5))
    worse = data.draw(requests(ncd=level))
    better = {**worse, "history": {**worse["history"], "ncd_level": level - 1}}
    assert quote(better, TABLE).commercial_total <= quote(worse, TABLE).commercial_total


@settings(max_examples=150, deadline=None)
@given(requests())
def test_ctpl_float_stays_within_its_scheme_and_the_surcharge_cap_holds(req):
    q = quote(req, TABLE)
    scheme = TABLE.ctpl.schemes[q.ctpl.scheme]
    assert min(scheme.values()) <= q.ctpl.float_rate <= max(scheme.values())
    assert 0 <= q.ctpl.surcharge_rate <= TABLE.ctpl.drink_driving.cap
    ceiling = q.ctpl.base_premium * (1 + max(scheme.values())) * (1 + TABLE.ctpl.drink_driving.cap)
    floor = q.ctpl.base_premium * (1 + min(scheme.values()))
    assert round_fen(floor) <= q.ctpl.premium <= round_fen(ceiling)


@settings(max_examples=60, deadline=None)
@given(requests())
def test_the_same_request_and_table_always_give_the_same_fen(req):
    assert quote_and_underwrite(req, TABLE).to_json() == quote_and_underwrite(req, TABLE).to_json()
