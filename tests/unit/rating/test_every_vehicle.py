"""Every vehicle: motorcycles, trucks, trailers, tractor units, special vehicles and NEVs are
priced by their own rules (docs/regulations.md §1.2, §1.7, §2.4, §5, §6); the 行驶证's vehicle
type suggests the class, band and tax category (data, not code); the model catalogue in the
signed table fills in price, seats, displacement and fuel. Figures worked by hand in comments;
北京 (110000, scheme D, real tax amounts) unless said otherwise."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from app.core.errors import InvalidInput
from app.rating import quote, quote_and_underwrite
from app.rating.catalogue import lookup_model
from app.rating.signing import load_document, parse_table
from app.vehicle import suggest_from_vehicle_type
from app.vehicle.types import TYPES_FILE
from tests.support.paths import REPO
from tests.support.rating import request, source_doc, table

D = Decimal
T = table()
BJ = "110000"


def truck(**v):
    base = {
        "class": "op_truck",
        "seats": 2,
        "tonnage": "8",
        "curb_weight_t": "7.5",
        "usage": "F",
        "displacement_l": None,
    }
    return {**base, **v}


def _refused(req, t=T) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        quote(req, t)
    return err.value


# -- 4. What the engine needs, for every vehicle ----------------------------------------------


def test_a_motorcycle_is_priced_by_its_cc_and_does_not_float():
    """普通二轮摩托车 125 cc: band over 50 up to 250 cc, 120.00; motorcycles do not float, so three
    claim-free years change nothing. Tax in 北京: 120.00 a motorcycle. Total 240.00."""
    q = quote(
        request(
            region=BJ,
            vehicle={"class": "motorcycle", "seats": 2, "cc": "125", "displacement_l": None},
            history={"ctpl_claim_free_years": 3},
        ),
        T,
    )
    assert q.ctpl.premium == D("120.00") and q.ctpl.float_code is None
    assert q.vehicle_tax.current_year == D("120.00") and q.total == D("240.00")
    assert q.vehicle_tax.category == "motorcycle"


def test_a_motorcycle_without_its_cc_is_refused_naming_the_field():
    e = _refused(request(vehicle={"class": "motorcycle", "seats": 2}))
    assert "vehicle.cc" in e.message and "摩托车排量" in e.zh


def test_a_trailer_pays_thirty_percent_of_its_truck_and_half_its_tax():
    """营业货车 8 t is the 5–10 t band, 3,450; the trailer pays 30%: 3,450 × 0.30 = 1,035.00 (not
    the tractor's 3,450). Tax: curb weight 7.5 t × 96 (北京) = 720.00 for a truck, half for a
    trailer: 360.00."""
    trailer = quote(request(region=BJ, vehicle=truck(trailer=True)), T)
    assert trailer.ctpl.base_premium == D("1035.00") and trailer.ctpl.premium == D("1035.00")
    assert trailer.vehicle_tax.current_year == D("360.00")
    assert trailer.vehicle_tax.category == "trailer"
    tractor = quote(request(region=BJ, vehicle=truck()), T)
    assert tractor.ctpl.premium == D("3450.00") and tractor.vehicle_tax.current_year == D("720.00")


def test_a_trailer_floats_on_its_share():
    """A1 in scheme D: 1,035 × (1 − 0.15) = 879.75."""
    q = quote(
        request(region=BJ, vehicle=truck(trailer=True), history={"ctpl_claim_free_years": 1}), T
    )
    assert q.ctpl.premium == D("879.75")


def test_a_trailer_of_a_class_without_tonnage_is_refused():
    e = _refused(request(vehicle={"trailer": True}))
    assert "vehicle.trailer" in e.message and "挂车" in e.zh


# -- 6. Depreciation rows and the tax of every vehicle ---------------------------------------


def test_an_ordinary_truck_depreciates_on_the_other_vehicles_row():
    """营业货车, ordinary: the 'other vehicles' row, operating 0.90% a month (the mini-truck and
    trailer row would be 1.10%). 200,000, registered 2024-12-01, quoted from 2026-12-01: 24 whole
    months, 200,000 × 0.009 × 24 = 43,200 → 156,800.00."""
    v = truck(first_registration="2024-12-01", purchase_price="200000")
    assert quote(request(region=BJ, vehicle=v), T).actual_value == D("156800.00")


def test_mini_trucks_and_trailers_depreciate_on_their_own_row():
    """Operating use on the mini-truck and trailer row: 1.10% a month; 200,000 × 0.011 × 24 =
    52,800 → 147,200.00."""
    for kind in ({"trailer": True}, {"mini_truck": True, "tonnage": "1.5"}):
        v = truck(first_registration="2024-12-01", purchase_price="200000", **kind)
        assert quote(request(region=BJ, vehicle=v), T).actual_value == D("147200.00"), kind


def test_a_tractor_unit_is_taxed_as_a_truck_per_tonne():
    """特种车四 (container tractor unit) CTPL 3,980.00; tax as a truck: 8.8 t × 96 = 844.80."""
    q = quote(
        request(region=BJ, vehicle=truck(**{"class": "special_4", "curb_weight_t": "8.8"})), T
    )
    assert q.ctpl.premium == D("3980.00")
    assert q.vehicle_tax.current_year == D("844.80") and q.vehicle_tax.category == "truck"


def test_a_special_working_vehicle_is_taxed_per_tonne():
    """特种车二 (a crane, 专用作业车) CTPL 2,430.00; tax 12.5 t × 96 = 1,200.00."""
    q = quote(
        request(
            region=BJ,
            vehicle=truck(**{"class": "special_2", "curb_weight_t": "12.5", "usage": "K"}),
        ),
        T,
    )
    assert q.ctpl.premium == D("2430.00")
    assert q.vehicle_tax.current_year == D("1200.00") and q.vehicle_tax.category == "special"


def test_a_special_vehicle_is_refused_rather_than_taxed_zero_by_a_table_without_its_amount():
    old = parse_table(
        load_document((REPO / "tests/fixtures/rates/v1-demo-signed.json").read_bytes())
    )
    e = _refused(request(region=BJ, vehicle=truck(**{"class": "special_2", "usage": "K"})), old)
    assert "special working vehicles" in e.message and "专用作业车" in e.zh


def test_a_vehicle_outside_the_tax_or_exempt_says_why_and_nothing_is_taxed_zero_silently():
    doc = copy.deepcopy(source_doc())
    doc["ctpl"]["classes"]["tractor"] = {
        "name_zh": "拖拉机",
        "basis": "none",
        "floats": False,
        "bands": [{"min": "0", "premium": "100.00"}],  # set by each region: made up here
    }
    doc["ctpl"]["classes"]["snowmobile"] = copy.deepcopy(doc["ctpl"]["classes"]["tractor"])
    t = parse_table(doc)
    tractor = quote(request(region=BJ, vehicle={"class": "tractor"}), t).vehicle_tax
    assert tractor.total == 0 and tractor.category == "outside"
    assert tractor.exempt_reason_zh == "拖拉机不属于车船税征税范围"
    police = quote(request(region=BJ, vehicle={"usage": "H"}), t).vehicle_tax
    assert police.total == 0 and police.category == "exempt" and "警用" in police.exempt_reason_zh
    e = _refused(request(region=BJ, vehicle={"class": "snowmobile"}), t)
    assert "does not say how vehicle class snowmobile is taxed" in e.message


# -- 5. The licence's vehicle type, and the model catalogue -----------------------------------


def test_the_vehicle_type_suggests_class_band_and_tax_category():
    bus = suggest_from_vehicle_type("中型普通客车")
    assert bus.exact and bus.seats == (10, 19) and bus.tax_category == "bus"
    assert "enterprise_passenger" in bus.classes and "family_car" not in bus.classes
    unit = suggest_from_vehicle_type("重型半挂牵引车")
    assert unit.kind == "tractor_unit" and unit.tonnage == (10, None)
    assert unit.tax_category == "truck" and not unit.trailer
    assert unit.class_for("F", "organisation") == "op_truck"
    assert unit.class_for("A", "organisation") == "nonop_truck"
    moto = suggest_from_vehicle_type("普通二轮摩托车")
    assert moto.classes == ("motorcycle",) and moto.cc == (50, None)
    assert suggest_from_vehicle_type("轻便二轮摩托车").cc == (0, 50)
    semi = suggest_from_vehicle_type("重型集装箱半挂车")
    assert semi.trailer and semi.tax_category == "trailer"
    mini = suggest_from_vehicle_type("微型普通货车")
    assert mini.mini_truck and mini.tonnage == (0, 2)
    car = suggest_from_vehicle_type(" 小型轿车 ")
    assert car.class_for("A", "person") == "family_car" and car.seats == (1, 9)
    assert car.class_for("D", "person") == "taxi_rental"
    assert suggest_from_vehicle_type("东风牌重型特殊结构罐式货车").classes[0] == "special_1"
    assert suggest_from_vehicle_type("飞行汽车") is None and suggest_from_vehicle_type("") is None


def test_the_vehicle_type_mapping_is_data():
    data = json.loads(TYPES_FILE.read_text(encoding="utf-8"))
    assert {"中型普通客车", "重型半挂牵引车", "普通二轮摩托车"} <= set(data["types"])
    assert all(p["contains"] for p in data["patterns"])


def test_the_catalogue_in_the_signed_table_fills_in_the_model():
    m = lookup_model("大众汽车牌SVW71810BU", T)
    assert (m.new_price, m.seats, m.displacement_l, m.fuel, m.nev) == (
        D("150000.00"),
        5,
        D("1.5"),
        "petrol",
        False,
    )
    assert lookup_model("大众汽车牌 svw71810bu", T) == m  # as an OCR or a clerk may type it
    assert lookup_model("大众汽车牌ＳＶＷ７１８１０ＢＵ", T) == m  # full-width
    assert lookup_model("无此品牌XYZ123", T) is None and lookup_model("", T) is None


def test_the_demo_catalogue_is_illustrative_and_lists_over_two_hundred_models():
    c = T.catalogue
    assert c.illustrative and "illustrative" in c.note.lower() and len(c.models) >= 200
    nevs = [m for m in c.models.values() if m.nev]
    assert nevs and all(m.fuel in ("bev", "phev", "fcev") for m in nevs)
    assert {m.vehicle_type for m in c.models.values()} <= set(
        json.loads(TYPES_FILE.read_text(encoding="utf-8"))["types"]
    )


def test_a_table_without_a_catalogue_knows_no_model():
    old = parse_table(
        load_document((REPO / "tests/fixtures/rates/v1-demo-signed.json").read_bytes())
    )
    assert lookup_model("大众汽车牌SVW71810BU", old) is None


def test_a_catalogue_entry_whose_nev_status_contradicts_its_fuel_is_refused():
    doc = copy.deepcopy(source_doc())
    key = next(iter(doc["catalogue"]["models"]))
    doc["catalogue"]["models"][key]["nev"] = True  # a petrol model
    with pytest.raises(Exception, match="catalogue"):
        parse_table(doc)


# -- 7. NEV clauses ---------------------------------------------------------------------------

BEV = {"fuel": "bev", "displacement_l": None}


def test_an_nev_is_priced_under_the_nev_clauses_with_their_own_depreciation_and_riders():
    """BEV family car, 150,000, registered 2022-05-10, from 2026-12-01 (江苏): 54 whole months.
    NEV depreciation (illustrative) 0.75% a month: 150,000 × 0.405 = 60,750 → 89,250.00.
    Own damage (NEV rates, 4.56 years old: band up to 6 years, fixed 550 + 0.01164 × sum insured;
    price band below 300,000: 0.98): (550 + 0.01164 × 89,250) × 0.98 ÷ 0.75 = 1,588.87 × 0.98 ÷
    0.75 = 2,076.1235 → 2,076.12. External grid failure: 3% of the own-damage base, 62.28. Home
    charger loss, sum insured 5,000: 90 ÷ 0.75 = 120.00. BEV passenger cars pay no vehicle tax."""
    q = quote_and_underwrite(
        request(
            vehicle=BEV,
            coverages=[
                {"code": "ctpl"},
                {"code": "vehicle_damage"},
                {"code": "external_grid"},
                {"code": "home_charger_damage", "sum_insured": "5000"},
            ],
        ),
        T,
    )
    assert q.clauses.code == "nev" and q.actual_value == D("89250.00")
    by_code = {ln.code: ln for ln in q.lines}
    assert by_code["vehicle_damage"].premium == D("2076.12")
    assert by_code["external_grid"].premium == D("62.28")
    charger = by_code["home_charger_damage"]
    assert charger.premium == D("120.00") and charger.sum_insured == D("5000")
    clauses = q.to_json()["commercial"]["clauses"]
    assert clauses["code"] == "nev" and clauses["name_zh"] == "新能源汽车商业保险专属条款"
    assert clauses["illustrative"] is True
    assert q.vehicle_tax.total == 0 and "不属于车船税征税范围" in q.vehicle_tax.exempt_reason_zh


def test_a_plug_in_hybrid_is_an_nev_too():
    q = quote(request(vehicle={"fuel": "phev"}, coverages=[{"code": "vehicle_damage"}]), T)
    assert q.clauses.code == "nev"


def test_the_ordinary_clauses_are_refused_for_an_nev():
    e = _refused(request(vehicle=BEV, clauses="ordinary", coverages=[{"code": "vehicle_damage"}]))
    assert "NEV clauses" in e.message and "专属条款" in e.zh


def test_nev_riders_are_refused_for_a_petrol_car_and_ordinary_only_riders_for_an_nev():
    e = _refused(request(coverages=[{"code": "vehicle_damage"}, {"code": "external_grid"}]))
    assert "coverages[1].code" in e.message and "仅适用于新能源汽车" in e.zh
    e = _refused(
        request(
            vehicle=BEV, coverages=[{"code": "vehicle_damage"}, {"code": "engine_water_exclusion"}]
        )
    )
    assert "not offered under the NEV clauses" in e.message


def test_home_charger_covers_offer_their_tiers_only():
    e = _refused(
        request(
            vehicle=BEV,
            coverages=[
                {"code": "vehicle_damage"},
                {"code": "home_charger_damage", "sum_insured": "3000"},
            ],
        )
    )
    assert "2000.00, 5000.00, 10000.00" in e.message


def test_motorcycles_and_special_vehicles_stay_outside_the_nev_clauses():
    """An electric motorcycle keeps the ordinary (motorcycle) rules: CTPL 120.00 by its cc."""
    q = quote(request(vehicle={"class": "motorcycle", "seats": 2, "cc": "100", **BEV}), T)
    assert q.ctpl.premium == D("120.00") and q.clauses is None
