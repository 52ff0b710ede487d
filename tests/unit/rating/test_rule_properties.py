"""Properties of the engine's newer rules (hypothesis): CTPL is never declined or referred; any
period of up to a year prices by whole months for CTPL (a part month counting as one) and by
days for commercial cover, and any other period is refused; a trailer is always its truck's
share; promotions never bring the outlet's coefficient below its floor; money with more than two
decimals never passes; and every worksheet line of trucks, trailers, NEVs and short terms
recomputes from its formula."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import InvalidInput
from app.core.money import round_fen
from app.rating import quote, quote_and_underwrite
from tests.support.rating import evaluate, request, table

T = table()
LIMITS = [str(int(x)) for x in T.commercial.third_party.limits]
D950 = Decimal(950)
OUTLET_MIN = T.commercial.pricing_coefficient.outlet_min


def months_by_counting(start: date, end: date) -> int:
    """Months of cover from `start` (00:00) to `end` (24:00), a part month counting as one,
    counted month by month (independently of the engine's arithmetic)."""
    months, cursor = 0, start
    stop = end + timedelta(days=1)
    while cursor < stop:
        months += 1
        y, m = divmod(start.month - 1 + months, 12)
        year, month = start.year + y, m + 1
        day = start.day
        while True:
            try:
                cursor = date(year, month, day)
                break
            except ValueError:
                day -= 1
    return months


@st.composite
def histories(draw):
    free = draw(st.integers(0, 5))
    return {
        "ctpl_claim_free_years": free,
        "ctpl_at_fault_claims_last_year": 0 if free else draw(st.integers(0, 3)),
        "ctpl_fatal_at_fault_last_year": False if free else draw(st.booleans()),
        "drink_driving": draw(st.integers(0, 5)),
        "drunk_driving": draw(st.integers(0, 5)),
        "ncd_level": draw(st.integers(-4, 5)),
    }


@settings(max_examples=150, deadline=None)
@given(
    cls=st.sampled_from(["family_car", "taxi_rental", "enterprise_passenger"]),
    registered=st.dates(date(2000, 1, 1), date(2026, 11, 30)),
    price=st.integers(10_000, 2_000_000),
    history=histories(),
    usage=st.sampled_from(list("ABDFLT")),
)
def test_ctpl_alone_is_never_declined_or_referred(cls, registered, price, history, usage):
    q = quote_and_underwrite(
        request(
            vehicle={
                "class": cls,
                "first_registration": registered.isoformat(),
                "purchase_price": str(price),
                "usage": usage,
            },
            history=history,
        ),
        T,
    )
    assert q.decision.outcome == "pass" and q.decision.fired == () and q.ctpl.premium > 0


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(date(2026, 1, 1), date(2027, 6, 30)),
    length=st.integers(-30, 400),
    tp=st.sampled_from(LIMITS),
)
def test_any_period_up_to_a_year_prices_by_months_and_days_and_any_other_is_refused(
    start, length, tp
):
    end = start + timedelta(days=length)
    year_end = start.replace(year=start.year + 1) - timedelta(days=1)  # no 29 February here
    req = request(
        start_date=start.isoformat(),
        end_date=end.isoformat(),
        coverages=[{"code": "ctpl"}, {"code": "third_party", "limit": tp}],
    )
    if end < start or end > year_end:
        with pytest.raises(InvalidInput) as err:
            quote(req, T)
        assert [p.path for p in err.value.problems] == ["end_date"]
        return
    q = quote(req, T)
    annual = quote(request(start_date=start.isoformat(), coverages=req["coverages"]), T)
    days = (end - start).days + 1
    assert q.term.days == days
    if end == year_end:
        assert q.to_json() == annual.to_json()
        return
    months = months_by_counting(start, end)
    assert q.term.months == months
    assert q.ctpl.premium == round_fen(D950 * T.ctpl.short_term_month_rates[months - 1])
    (line,) = q.lines
    base = Decimal(T.commercial.third_party.pure_premiums["family_car"][tp]) / Decimal("0.75")
    assert line.premium == round_fen(base * days / 365)
    assert line.premium <= annual.lines[0].premium


@settings(max_examples=150, deadline=None)
@given(
    cls=st.sampled_from(["op_truck", "nonop_truck"]),
    tonnage=st.decimals(Decimal("0.5"), Decimal("40"), places=1),
    history=histories(),
    region=st.sampled_from(["110000", "320100", "460100", "610100"]),
)
def test_a_trailer_always_pays_its_trucks_share(cls, tonnage, history, region):
    vehicle = {
        "class": cls,
        "seats": 2,
        "tonnage": str(tonnage),
        "curb_weight_t": "5",
        "usage": "F",
        "displacement_l": None,
    }
    as_truck = quote(request(region=region, vehicle=vehicle, history=history), T).ctpl
    trailer = quote(
        request(region=region, vehicle={**vehicle, "trailer": True}, history=history), T
    ).ctpl
    # The same float and surcharge on 30% of the base: within a fen of 30% of the truck's.
    share = T.ctpl.trailer_factor
    assert trailer.base_premium == round_fen(as_truck.base_premium * share)
    assert abs(trailer.premium - as_truck.premium * share) <= Decimal("0.01")


@settings(max_examples=150, deadline=None)
@given(
    pc=st.decimals(Decimal("0.75"), Decimal("1.15"), places=2),
    promos=st.lists(st.sampled_from(["NEWYEAR2027", "DEALER_LOYALTY"]), unique=True),
)
def test_promotions_never_bring_the_coefficient_below_the_outlets_floor(pc, promos):
    req = request(
        start_date="2026-12-10",
        coverages=[{"code": "third_party", "limit": "1000000"}],
        pricing_coefficient=str(pc),
        promotions=promos,
    )
    try:
        q = quote(req, T)
    except InvalidInput as refused:
        assert [p.path for p in refused.problems] == ["promotions"]
        return
    (line,) = q.lines
    overall = Decimal(1)
    for f in line.factors[1:]:  # all but the NCD
        overall *= f.value
    assert overall >= OUTLET_MIN


@settings(max_examples=200, deadline=None)
@given(
    whole=st.integers(1, 10**7),
    fraction=st.integers(0, 10**6),
    places=st.integers(0, 6),
)
def test_money_with_more_than_two_decimals_never_passes(whole, fraction, places):
    text = f"{whole}.{str(fraction).zfill(places)[:places]}" if places else str(whole)
    value = Decimal(text)
    req = request(vehicle={"purchase_price": text})
    if value == round_fen(value):
        assert quote(req, T).to_json()["ctpl"]["premium"] == "950.00"
    else:
        with pytest.raises(InvalidInput, match="at most two decimals"):
            quote(req, T)


@st.composite
def any_vehicle_requests(draw):
    kind = draw(st.sampled_from(["car", "nev", "truck", "trailer", "special", "motorcycle"]))
    start = draw(st.dates(date(2026, 1, 1), date(2027, 6, 30)))
    registered = draw(st.dates(date(2014, 1, 1), start))
    vehicle: dict = {
        "first_registration": registered.isoformat(),
        "purchase_price": str(draw(st.integers(20_000, 900_000))),
    }
    covers: list[dict] = [{"code": "ctpl"}]
    if kind in ("car", "nev"):
        vehicle |= {"class": "family_car", "seats": draw(st.integers(2, 9))}
        vehicle["fuel"] = draw(st.sampled_from(["bev", "phev"])) if kind == "nev" else "petrol"
        vehicle["energy_saving"] = kind == "car" and draw(st.booleans())
        if kind == "car" and draw(st.booleans()):
            vehicle["purchase_date"] = registered.isoformat()  # the first tax year by months
        covers += [
            {"code": "vehicle_damage"},
            {"code": "third_party", "limit": draw(st.sampled_from(LIMITS))},
        ]
        if kind == "nev" and draw(st.booleans()):
            covers += [
                {"code": "external_grid"},
                {"code": "home_charger_liability", "limit": "50000"},
            ]
        elif kind == "car" and draw(st.booleans()):
            covers += [{"code": "engine_water_exclusion"}]
        if draw(st.booleans()):
            covers += [{"code": "deductible", "rate": "0.15", "attaches_to": "third_party"}]
    elif kind in ("truck", "trailer"):
        vehicle |= {
            "class": draw(st.sampled_from(["op_truck", "nonop_truck"])),
            "seats": 2,
            "tonnage": str(draw(st.integers(1, 30))),
            "curb_weight_t": str(draw(st.decimals(Decimal(1), Decimal(20), places=2))),
            "usage": "F",
            "trailer": kind == "trailer",
        }
        covers += [{"code": "third_party", "limit": draw(st.sampled_from(LIMITS))}]
    elif kind == "special":
        vehicle |= {
            "class": draw(st.sampled_from(["special_1", "special_2", "special_3", "special_4"])),
            "seats": 2,
            "curb_weight_t": str(draw(st.decimals(Decimal(1), Decimal(30), places=2))),
            "usage": "K",
        }
    else:
        vehicle |= {"class": "motorcycle", "seats": 2, "cc": str(draw(st.integers(30, 1200)))}
    term: dict = {}
    if draw(st.booleans()):
        term["end_date"] = (start + timedelta(days=draw(st.integers(0, 364)))).isoformat()
    return request(
        start_date=start.isoformat(),
        region=draw(st.sampled_from(["110000", "320100", "440300", "650100"])),
        vehicle=vehicle,
        history=draw(histories()),
        coverages=covers,
        pricing_coefficient=str(draw(st.sampled_from(["0.80", "1.00", "1.15"]))),
        **term,
    )


@settings(max_examples=120, deadline=None)
@given(any_vehicle_requests())
def test_every_worksheet_line_of_every_vehicle_recomputes_and_the_total_adds_up(req):
    q = quote(req, T)
    for line in q.worksheet:
        if line.formula:
            value = evaluate(line.formula)
            assert (round_fen(value) if line.money else value) == line.value, (
                line.zh,
                line.formula,
            )
    parts = [q.ctpl.premium, *(ln.premium for ln in q.lines), q.vehicle_tax.total]
    assert q.total == sum(parts) and all(p == round_fen(p) for p in parts)
