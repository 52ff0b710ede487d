"""The worksheet as a clerk reads it: sections (交强险 / 商业险 / 代收车船税 / 合计) with their
periods and subtotals, one language at a time, names instead of codes, one number format with
thousands separators, and every figure explained. Figures are the engine's; these tests check
what a person reads."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.money import fmt_amount
from app.rating import quote
from app.rating.worksheet import Section, WorksheetLine
from app.rating.worksheet_text import display_formula, present, worksheet_json
from tests.support.rating import request, table

TABLE = table()
CJK = re.compile(r"[\u3400-\u9fff]")
# a figure of five or more digits written without separators (dates and VIN-like codes aside)
BARE = re.compile(r"(?<![\d,.\-])\d{5,}(?![\d-])")


def _full_request(**overrides):
    base = request(
        region="110000",  # 北京市: scheme D, the Beijing tax table
        vehicle={
            "class": "family_car",
            "seats": 5,
            "first_registration": "2022-05-10",
            "purchase_price": "150000",
            "displacement_l": "1.5",
            "fuel": "petrol",
            "usage": "A",
        },
        history={"ctpl_claim_free_years": 1},
        coverages=[
            {"code": "ctpl"},
            {"code": "vehicle_damage"},
            {"code": "third_party", "limit": "2000000"},
            {"code": "scratch", "limit": "2000"},
            {"code": "deductible", "rate": "0.1", "attaches_to": "vehicle_damage"},
        ],
    )
    base.update(overrides)
    return base


def test_sections_come_in_reading_order_with_period_and_subtotal():
    q = quote(_full_request(), TABLE)
    view = present(q, "zh_CN")
    assert [s.title for s in view.sections] == ["交强险", "商业险", "代收车船税", "合计"]
    ctpl, commercial, tax, total = view.sections
    # 950 × (1 − 0.15) = 807.50 (北京 is scheme D; A1 is −15%)
    assert ctpl.subtotal == "807.50" and ctpl.subtotal_label == "交强险保费小计"
    assert ctpl.period == "保险期间：2026-12-01 0时起至 2027-11-30 24时止"
    assert commercial.period == ctpl.period
    assert commercial.subtotal == fmt_amount(q.commercial_total)
    # 1.5 L in Beijing: 420 a year, a whole year (no purchase date this year)
    assert tax.period == "税款所属期：2026 年 1 月至 12 月" and tax.subtotal == "420.00"
    assert total.lines[-1].figure == fmt_amount(q.total)
    assert total.lines[-1].formula == display_formula(
        f"807.5 + {q.commercial_total.normalize():f} + 420"
    )


def test_one_language_at_a_time():
    q = quote(_full_request(), TABLE)
    en = present(q, "en").as_text()
    zh = present(q, "zh_CN").as_text()
    assert not CJK.search(en), CJK.findall(en)
    assert "== Compulsory motor insurance (CTPL) ==" in en and "period of cover:" in en
    assert "【交强险】" in zh and "CTPL" not in zh and "premium" not in zh


def test_names_not_codes():
    q = quote(_full_request(region="440300"), TABLE)  # 深圳: a separately listed city
    for lang in ("zh_CN", "en"):
        text = present(q, lang).as_text()
        assert "family_car" not in text and "vehicle_damage" not in text
        assert not re.search(r"region \d", text)  # a region by number, as it used to say
        assert "440300" not in text and "4403" not in text
    assert "家庭自用汽车" in present(q, "zh_CN").as_text()
    assert "深圳市执行浮动方案 E" in present(q, "zh_CN").as_text()
    assert "region: Shenzhen" in present(q, "en").as_text()
    assert "Shenzhen uses scheme E" in present(q, "en").as_text()


def test_every_amount_has_thousands_separators():
    q = quote(_full_request(), TABLE)
    for lang in ("zh_CN", "en"):
        view = present(q, lang)
        for sec in view.sections:
            for ln in sec.lines:
                assert not BARE.search(ln.text + " " + ln.figure + " " + ln.formula), ln
    text = present(q, "zh_CN").as_text()
    assert "新车购置价 150,000.00" in text and "限额 2,000,000.00" in text
    assert "= 150,000 − 150,000 × " in text  # the formula too


def test_every_figure_is_explained():
    q = quote(_full_request(), TABLE)
    zh = present(q, "zh_CN").as_text()
    en = present(q, "en").as_text()
    # the tax band and how the amount arises
    assert "乘用车（9 座及以下），排量 1.5 升，属 1.0 升以上至 1.6 升（含）档" in zh
    assert "北京市税额表" in zh
    # which rider table applied: the car is over 2 years old on 2026-12-01
    assert "按车龄 2 年及以上的费率表纯风险保费 427.50" in zh
    assert "from the table for vehicles 2 years or older" in en
    # what a deductible factor means
    assert "绝对免赔率 10%：机动车损失保险每次赔款先扣除 10% 由被保险人自负" in zh
    assert "基准保费" in zh and "因此减少 9%" in zh
    assert "the insured bears 10% of every own damage claim" in en
    # the float, as a percentage and with its reason and scheme
    assert (
        "−15%" in zh
        and "上一年度未发生有责任道路交通事故；北京市执行浮动方案 D，保费下浮 15%" in zh
    )
    # loading and depreciation in words
    assert "除以 (1 − 附加费用率 25%)" in zh and "已使用 54 个整月 × 月折旧率 0.6%" in zh


def test_trailer_share_and_purchase_month_are_explained():
    truck = _full_request(
        vehicle={
            "class": "nonop_truck",
            "tonnage": "8",
            "curb_weight_t": "6.5",
            "first_registration": "2022-05-10",
            "purchase_price": "150000",
            "purchase_date": "2026-05-20",
            "fuel": "diesel",
            "usage": "A",
            "trailer": True,
        },
        coverages=[{"code": "ctpl"}],
    )
    q = quote(truck, TABLE)
    zh = present(q, "zh_CN").as_text()
    # 1,650 (non-operating truck, 5–10 t) × 0.3 = 495.00
    assert "挂车：按同吨位货车基础保费的 30% 计收" in zh and "495.00" in zh
    assert "= 1,650 × 0.3" in zh
    # 6.5 t × 96 = 624, a trailer half: 312; bought in May: 312 ÷ 12 × 8 = 208.00
    assert "整备质量 6.5 吨 × 每吨 96.00 元，挂车按货车税额的 50%" in zh
    assert "自购置月 5 月起至 12 月，共 8 个月" in zh and "208.00" in zh
    assert "税款所属期：2026 年 5 月至 12 月" in zh


def test_exempt_vehicle_says_why_in_the_tax_section():
    q = quote(
        _full_request(
            vehicle={**_full_request()["vehicle"], "fuel": "bev"}, coverages=[{"code": "ctpl"}]
        ),
        TABLE,
    )
    (tax,) = [s for s in present(q, "zh_CN").sections if s.code == "tax"]
    assert tax.subtotal == "0.00"
    assert "纯电动、燃料电池乘用车不属于车船税征税范围" in tax.lines[0].text


def test_a_line_of_an_unknown_kind_renders_with_its_own_words_in_its_section():
    q = quote(_full_request(coverages=[{"code": "ctpl"}]), TABLE)
    # as a rule added later would: a note before any section, and a section of its own
    q.worksheet_source.insert(
        0,
        WorksheetLine(
            "基准保费在产生处取整", "base premiums rounded where made", Decimal(0), money=False
        ),
    )
    q.worksheet_source.append(Section("nev_clauses"))
    q.worksheet_source.append(
        WorksheetLine("新能源汽车专属条款", "NEV clause set", Decimal("1234.5"))
    )
    zh, en = present(q, "zh_CN"), present(q, "en")
    assert [s.code for s in zh.sections] == ["", "ctpl", "tax", "total", "nev_clauses"]
    assert zh.sections[0].title == "说明" and zh.sections[0].lines[0].text == "基准保费在产生处取整"
    assert en.sections[-1].title == "nev clauses"
    assert en.sections[-1].lines == [
        type(en.sections[-1].lines[0])("NEV clause set", "1,234.50", "")
    ]


def test_the_json_worksheet_has_sections_subtotals_and_both_languages():
    q = quote(_full_request(), TABLE)
    j = worksheet_json(q)
    assert [s["section"] for s in j["sections"]] == ["ctpl", "commercial", "tax", "total"]
    ctpl = j["sections"][0]
    assert ctpl["title_zh"] == "交强险" and ctpl["title_en"].startswith("Compulsory")
    assert ctpl["subtotal"] == "807.50" and ctpl["period_en"].startswith("period of cover")
    assert all(ln["section"] == "ctpl" for ln in ctpl["lines"])
    assert j["total"] == f"{q.total:.2f}"  # the wire format: no separators
    assert q.to_json()["worksheet"] == j


REGIONS = sorted({p + "0" * (6 - len(p)) for p in TABLE.ctpl.region_schemes})


@st.composite
def requests(draw):
    start = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    reg = draw(st.dates(date(2012, 1, 1), start - timedelta(days=1)))
    covers = [{"code": "ctpl"}]
    if draw(st.booleans()):
        covers += [
            {"code": "vehicle_damage"},
            {"code": "third_party", "limit": draw(st.sampled_from(["1000000", "2000000"]))},
        ]
        if draw(st.booleans()):
            covers.append({"code": "deductible", "rate": "0.1", "attaches_to": "vehicle_damage"})
    return request(
        start_date=start.isoformat(),
        region=draw(st.sampled_from(REGIONS)),
        vehicle={
            "first_registration": reg.isoformat(),
            "purchase_price": str(draw(st.integers(30_000, 2_000_000))),
            "displacement_l": draw(st.sampled_from(["0.9", "1.5", "2.0", "3.5", "4.4"])),
        },
        history={
            "ctpl_claim_free_years": draw(st.integers(0, 3)),
            "drunk_driving": draw(st.integers(0, 3)),
        },
        coverages=covers,
        tax={
            "arrears": [{"year": start.year - 1, "amount": "420"}],
            "paid_on": start.isoformat(),  # the day the tax is collected: late fees run to it
        }
        if draw(st.booleans())
        else {},
    )


@settings(max_examples=60, deadline=None)
@given(requests(), st.sampled_from(["zh_CN", "en"]))
def test_subtotals_add_up_to_the_total_and_read_in_one_language(req, lang):
    q = quote(req, TABLE)
    view = present(q, lang)
    subtotal = sum(
        (Decimal(s.subtotal.replace(",", "")) for s in view.sections if s.subtotal), Decimal(0)
    )
    assert subtotal == q.total
    text = view.as_text()
    assert bool(CJK.search(text)) == (lang == "zh_CN")
    assert not BARE.search(text.split("\n", 2)[2])


def test_a_quote_is_freed_as_soon_as_it_is_dropped():
    """The worksheet is written only when read, by lines that must not hold the quote itself: a
    quote that is its own reference cycle waits for the garbage collector, and at head office's
    and the wizard's rates that collector's pauses were a third of a quote's time. (Counted with
    the collector rather than a weak reference: the compiled engine's classes take none.)"""
    import gc

    req = _full_request()
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            q = quote(req, TABLE)
            total_line = q.worksheet[-1]
            assert total_line.value == q.total  # the total line still reads the quote's parts
            del q, total_line
        assert gc.collect() == 0  # nothing left in a cycle: each quote went when dropped
    finally:
        gc.enable()


def test_the_engine_water_exclusion_says_what_it_takes_out_in_either_language():
    """Own damage of the family car (tests/unit/rating/test_covers_history_money.py: base
    1,938.5445…) and the exclusion, 5% off it: −1,938.5445 × 0.05 = −96.93. The line names the
    loss given up (engine damage from water), not just "this loss"."""
    q = quote(
        request(coverages=[{"code": "vehicle_damage"}, {"code": "engine_water_exclusion"}]),
        TABLE,
    )
    zh = present(q, "zh_CN").as_text()
    en = present(q, "en").as_text()
    assert "−96.93" in zh and "−96.93" in en
    assert (
        "发动机进水损坏（车辆涉水行驶或被水淹后启动发动机造成的发动机损坏）机动车损失保险不赔" in zh
    )
    assert "1,938.54 因此减少 5%" in zh
    assert "no longer pays for engine damage from water (driving through water" in en
    assert "this loss" not in en and "该项损失" not in zh
    assert not CJK.search(en)
