"""精准推荐 from the demo table's rules (docs/renewals.md): each rule applies on its own conditions,
says why in both languages, and every plan it proposes prices (no rider without its main cover)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rating.engine import quote
from app.rating.recommend import Facts, outcome, recommend
from app.rating.signing import RateTableError
from tests.support.rating import source_doc, table

START = date(2027, 1, 10)
TABLE = table()


def facts(**changes) -> Facts:
    base = dict(
        vehicle_class="family_car",
        usage="A",
        fuel="petrol",
        first_registration=date(2020, 3, 1),
        purchase_price=Decimal("120000"),
        seats=5,
        start_date=START,
        region="510100",  # 成都: none of the high-award regions
    )
    base.update(changes)
    return Facts(**base)


def codes(rec) -> dict[str, str | None]:
    return {c["code"]: c.get("limit") for c in rec.covers}


def test_an_old_cheap_car_gets_the_base_plan_and_no_reasons():
    rec = recommend(TABLE, facts())
    assert codes(rec) == {
        "ctpl": None,
        "third_party": "1000000.00",
        "driver": "10000.00",
        "passenger": "10000.00",
    }
    assert rec.reasons == [] and rec.rules_version == "demo-2026-1" and rec.table_version == 2


def test_a_new_family_car_in_beijing_gets_own_damage_scratch_and_a_higher_limit_with_reasons():
    rec = recommend(TABLE, facts(first_registration=date(2026, 6, 1), region="110105"))
    c = codes(rec)
    assert "vehicle_damage" in c and c["scratch"] == "5000.00" and c["third_party"] == "2000000.00"
    assert [r.rule for r in rec.reasons] == [
        "own_damage_young_car",
        "scratch_first_years",
        "third_party_high_award_regions",
    ]
    assert rec.reasons[0].zh.startswith("车龄 0 年") and "0 years old" in rec.reasons[0].en


def test_a_renewal_keeps_last_years_covers_and_claims_bring_own_damage_back():
    last = [{"code": "ctpl"}, {"code": "third_party", "limit": "1500000"}]
    rec = recommend(TABLE, facts(last_covers=last, claims=2))
    assert codes(rec) == {"ctpl": None, "third_party": "1500000", "vehicle_damage": None}
    assert [r.rule for r in rec.reasons] == ["keep_last_year", "claims_last_year"]
    assert "上年出险 2 次" in rec.reasons[1].zh


def test_operating_and_nev_rules():
    taxi = recommend(TABLE, facts(usage="D", vehicle_class="taxi_rental"))
    assert codes(taxi)["passenger"] == "20000.00"
    nev = recommend(TABLE, facts(fuel="bev", first_registration=date(2025, 5, 1)))
    assert {"external_grid", "home_charger_liability", "vehicle_damage"} <= set(codes(nev))
    # without own damage the grid rider (which needs it) is left out, never proposed bare
    old_nev = recommend(TABLE, facts(fuel="bev"))
    assert "external_grid" not in codes(old_nev) and "home_charger_liability" in codes(old_nev)


def test_unknown_claims_never_satisfy_a_claims_rule():
    rec = recommend(TABLE, facts(last_covers=[{"code": "ctpl"}], claims=None))
    assert [r.rule for r in rec.reasons] == ["keep_last_year"]


def test_a_table_without_rules_recommends_nothing_and_bad_rules_are_refused():
    assert recommend(table(recommendations=None), facts()) is None
    doc = source_doc()["recommendations"]
    twice = {**doc, "rules": doc["rules"] + doc["rules"][:1]}
    with pytest.raises(RateTableError, match="ids must be unique"):
        table(recommendations=twice)


@pytest.mark.parametrize(
    ("recommended", "applied", "final", "expected"),
    [
        ([{"code": "ctpl"}, {"code": "third_party", "limit": "1000000.00"}], False,
         [{"code": "third_party", "limit": "1000000"}, {"code": "ctpl"}], "taken"),
        ([{"code": "ctpl"}], True, [{"code": "ctpl"}, {"code": "vehicle_damage"}], "changed"),
        ([{"code": "ctpl"}], False, [{"code": "ctpl"}, {"code": "vehicle_damage"}], "ignored"),
    ],
)  # fmt: skip
def test_what_the_clerk_did_with_it(recommended, applied, final, expected):
    assert outcome(recommended, applied, final) == expected


VEHICLES = st.fixed_dictionaries(
    {
        "vehicle_class": st.sampled_from(["family_car", "taxi_rental"]),
        "fuel": st.sampled_from(["petrol", "diesel", "hybrid", "bev", "phev"]),
        "first_registration": st.dates(date(2010, 1, 1), date(2027, 1, 9)),
        "purchase_price": st.decimals(30000, 900000, places=0),
        "region": st.sampled_from(["110105", "310101", "440300", "510100"]),
        "claims": st.none() | st.integers(0, 4),
        "renewal": st.booleans(),
    }
)


@settings(max_examples=40, deadline=None)
@given(VEHICLES)
def test_every_recommended_plan_prices(v):
    usage = "D" if v["vehicle_class"] == "taxi_rental" else "A"
    last = [{"code": "ctpl"}, {"code": "vehicle_damage"}] if v.pop("renewal") else None
    f = facts(usage=usage, last_covers=last, **v)
    rec = recommend(TABLE, f)
    request = {
        "start_date": START.isoformat(),
        "region": f.region,
        "vehicle": {
            "class": f.vehicle_class,
            "seats": 5,
            "first_registration": f.first_registration.isoformat(),
            "purchase_price": str(f.purchase_price),
            "fuel": f.fuel,
            "usage": usage,
            "displacement_l": "1.5" if f.fuel not in ("bev",) else None,
        },
        "coverages": rec.covers,
    }
    request["vehicle"] = {k: val for k, val in request["vehicle"].items() if val is not None}
    q = quote(request, TABLE)
    assert q.total > 0
    assert all(r.zh and r.en and "{" not in r.zh + r.en for r in rec.reasons)
