"""What a change costs (app/changes/pricing.py, docs/changes.md), worked by hand from the demo
table: loading 25 %, NCD level 0 = 1.0, pricing coefficient 1.00; a year 2027-01-01 to
2027-12-31 is 365 days, and day 101 (2027-04-11) leaves 265 of them. Pure: no store."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from app.changes.kinds import Kind, Scope
from app.changes.pricing import Terms, paid_by_line, price_cancellation, price_endorsement
from app.rating import quote_and_underwrite
from tests.support.rating import request
from tests.support.rating import table as demo_table

START = date(2027, 1, 1)
DAY_101 = START + timedelta(days=100)  # 100 days under the old terms, 265 under the new
TABLE = demo_table()
TP_2M = {"code": "third_party", "limit": "2000000"}


def terms(**overrides) -> Terms:
    req = request(start_date=START.isoformat(), **overrides)
    return Terms(req, quote_and_underwrite(req, TABLE).to_json())


def commercial(*covers) -> list[dict]:
    return [{"code": "ctpl"}, *covers]


def test_a_rider_added_on_day_101_is_charged_for_the_265_days_left():
    """附加车身划痕损失险 2,000 on a car over two years old: pure 427.50 ÷ 0.75 = 570.00 a year;
    570.00 × 265 / 365 = 413.8356… → 413.84."""
    base = terms(coverages=commercial({"code": "vehicle_damage"}, TP_2M))
    edits = {"coverages": [{"code": "vehicle_damage"}, TP_2M, {"code": "scratch", "limit": "2000"}]}
    p = price_endorsement(base, Kind.COVERS, edits, DAY_101, TABLE)
    assert [(ln.code, ln.before, ln.after, ln.amount) for ln in p.lines] == [
        ("scratch", D("0"), D("570.00"), D("413.84"))
    ]
    assert (p.days_total, p.days_left, p.total) == (365, 265, D("413.84"))
    assert "265/365" in p.worksheet[1]["zh"] and p.worksheet[-1]["figure"] == "413.84"


def test_third_party_limit_raised_mid_term():
    """三者险 2,000,000 → 3,000,000 (family car): 1,240 ÷ 0.75 = 1,653.33 and 1,370 ÷ 0.75 =
    1,826.67 a year; the difference 173.34 × 265 / 365 = 125.849… → 125.85."""
    base = terms(coverages=commercial(TP_2M))
    p = price_endorsement(
        base,
        Kind.COVERS,
        {"coverages": [{"code": "third_party", "limit": "3000000"}]},
        DAY_101,
        TABLE,
    )
    (line,) = p.lines
    assert (line.before, line.after, line.amount) == (D("1653.33"), D("1826.67"), D("125.85"))
    assert p.differences() == {
        "ctpl": D("0.00"),
        "commercial": D("125.85"),
        "tax": D("0.00"),
        "total": D("125.85"),
    }


def test_owner_change_reprices_commercial_for_the_new_owner_and_leaves_ctpl():
    """过户 with the commercial cover priced again: the old owner's NCD level −1 (0.8) gave
    1,240 ÷ 0.75 × 0.8 = 1,322.666… → 1,322.67 (the line rounded once); the new owner's level 0
    gives 1,653.33. 330.66 × 265/365 = 240.0668… → 240.07. CTPL goes with the vehicle and does not float again: no CTPL line."""
    base = terms(coverages=commercial(TP_2M), history={"ncd_level": -1})
    owner = {"kind": "person", "name": "李娜", "id_type": "resident_id", "id_number": "x"}
    p = price_endorsement(
        base,
        Kind.OWNER,
        {"owner": owner, "commercial": "reprice", "ncd_level": 0},
        DAY_101,
        TABLE,
    )
    assert [(ln.section, ln.before, ln.after, ln.amount) for ln in p.lines] == [
        ("commercial", D("1322.67"), D("1653.33"), D("240.07"))
    ]
    assert p.after.quote["ctpl"] == base.quote["ctpl"]
    kept = price_endorsement(
        base, Kind.OWNER, {"owner": owner, "commercial": "keep"}, DAY_101, TABLE
    )
    assert kept.lines == [] and kept.total == 0


def test_a_change_before_cover_starts_is_for_the_whole_term():
    base = terms(coverages=commercial(TP_2M))
    p = price_endorsement(
        base,
        Kind.COVERS,
        {"coverages": [{"code": "third_party", "limit": "3000000"}]},
        START - timedelta(days=5),
        TABLE,
    )
    assert (p.days_left, p.effective, p.total) == (365, START, D("173.34"))


def test_moving_the_start_date_reprices_everything_for_the_whole_term():
    base = terms(coverages=commercial(TP_2M))
    p = price_endorsement(base, Kind.START_DATE, {"start_date": "2027-02-01"}, START, TABLE)
    assert p.after.start == date(2027, 2, 1) and p.after.end == date(2028, 1, 31)
    assert p.whole_term and "不按日折算" in p.worksheet[0]["zh"]
    # The tax of a car bought in the year may differ by the month; the premium is the same.
    assert all(ln.section == "tax" for ln in p.lines)


def _hand_terms(ctpl: str | None, lines: dict[str, str], start: date, end: date) -> Terms:
    quote = {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "ctpl": {"premium": ctpl} if ctpl else None,
        "lines": [{"code": c, "name_zh": c, "name_en": c, "premium": p} for c, p in lines.items()],
        "vehicle_tax": None,
    }
    covers = ([{"code": "ctpl"}] if ctpl else []) + [{"code": c} for c in lines]
    return Terms({"coverages": covers}, quote)


def test_example_13_commercial_premium_cancelled_after_100_days_refunds_2650():
    """docs/regulations.md §12.13: 3,650.00 for 2026; cover ends after day 100, so the first day
    without cover is 2026-04-11: 3,650 × 265 / 365 = 2,650.00."""
    t = _hand_terms(None, {"third_party": "3650.00"}, date(2026, 1, 1), date(2026, 12, 31))
    p = price_cancellation(
        t, paid_by_line(t, []), Scope.ALL, date(2026, 4, 11), TABLE, total_losses=set()
    )
    assert (p.total, p.days_left, p.days_total) == (D("-2650.00"), 265, 365)
    assert (
        "已承保 100 天" in p.worksheet[0]["zh"]
        and "first day without cover" in p.worksheet[0]["en"]
    )


def test_cancelled_before_cover_starts_keeps_the_fee_on_commercial_only():
    """Before inception the demo table keeps 3 % of commercial premium and nothing of CTPL:
    3,650 × 0.97 = 3,540.50; CTPL 665.00 back in full."""
    t = _hand_terms("665.00", {"third_party": "3650.00"}, date(2026, 3, 1), date(2027, 2, 28))
    p = price_cancellation(
        t, paid_by_line(t, []), Scope.ALL, date(2026, 2, 20), TABLE, total_losses=set()
    )
    assert {ln.code: ln.amount for ln in p.lines} == {
        "ctpl": D("-665.00"),
        "third_party": D("-3540.50"),
    }
    assert "未承保任何一天" in p.worksheet[0]["zh"]


def test_no_refund_for_a_cover_that_paid_a_total_loss_and_the_refund_waits_without_the_answer():
    t = _hand_terms(
        None,
        {"vehicle_damage": "3650.00", "third_party": "730.00"},
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    paid = paid_by_line(t, [])
    checked = price_cancellation(t, paid, Scope.ALL, date(2026, 4, 11), TABLE, {"vehicle_damage"})
    assert {ln.code: ln.amount for ln in checked.lines} == {
        "vehicle_damage": D("0"),
        "third_party": D("-530.00"),
    }
    waiting = price_cancellation(t, paid, Scope.ALL, date(2026, 4, 11), TABLE, None)
    assert waiting.refund_waits_for == "claims_check" and waiting.total == D("-3180.00")


def test_commercial_alone_is_cancelled_and_ctpl_stays():
    t = _hand_terms("665.00", {"third_party": "3650.00"}, date(2026, 1, 1), date(2026, 12, 31))
    p = price_cancellation(
        t, paid_by_line(t, []), Scope.COMMERCIAL, date(2026, 4, 11), TABLE, set()
    )
    assert [ln.code for ln in p.lines] == ["third_party"]
    assert p.after.quote["ctpl"] == {"premium": "665.00"} and p.after.quote["lines"] == []
    assert [c["code"] for c in p.after.request["coverages"]] == ["ctpl"]


# -- properties ---------------------------------------------------------------------------------
RIDERS = [
    {"code": "scratch", "limit": "2000"},
    {"code": "scratch", "limit": "10000"},
    {"code": "wheel", "limit": "5000"},
    {"code": "value_added_service"},
]
LIMITS = ["1000000", "1500000", "2000000", "3000000", "5000000"]
BASE = terms(coverages=commercial({"code": "vehicle_damage"}, TP_2M))
MAIN = [{"code": "vehicle_damage"}, TP_2M]


def _with(limit: str, rider: dict | None) -> dict:
    covers = [{"code": "vehicle_damage"}, {"code": "third_party", "limit": limit}]
    return {"coverages": covers + ([rider] if rider else [])}


@settings(max_examples=40, deadline=None)
@given(
    day=st.integers(min_value=0, max_value=364),
    limit=st.sampled_from(LIMITS),
    rider=st.sampled_from([None, *RIDERS]),
)
def test_endorsing_and_reversing_on_the_same_day_leaves_the_premium_where_it_was(day, limit, rider):
    effective = START + timedelta(days=day)
    there = price_endorsement(BASE, Kind.COVERS, _with(limit, rider), effective, TABLE)
    back = price_endorsement(there.after, Kind.COVERS, {"coverages": MAIN}, effective, TABLE)
    assert there.total + back.total == 0
    assert back.after.figures() == BASE.figures()


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=120),
            st.sampled_from(LIMITS),
            st.sampled_from([None, *RIDERS]),
        ),
        min_size=1,
        max_size=4,
    ),
    cancel_after=st.integers(min_value=0, max_value=400),
    before_start=st.booleans(),
)
def test_refunds_never_exceed_what_was_paid_and_the_lines_add_up(steps, cancel_after, before_start):
    """Any run of endorsements (each on a later day), then a cancellation: no line refunds more
    than was paid for it, and what the customer paid in all is the issued premium plus every
    change less the refund."""
    current, day, changes = BASE, START, []
    for gap, limit, rider in steps:
        day = min(day + timedelta(days=gap), BASE.end)
        p = price_endorsement(current, Kind.COVERS, _with(limit, rider), day, TABLE)
        changes.append([ln.to_json() for ln in p.lines])
        current = p.after
    paid = paid_by_line(BASE, changes)
    effective = (
        START - timedelta(days=1)
        if before_start
        else min(day + timedelta(days=cancel_after), BASE.end + timedelta(days=1))
    )
    c = price_cancellation(current, paid, Scope.ALL, effective, TABLE, set())
    for ln in c.lines:
        assert -ln.amount <= max(paid[(ln.section, ln.code)], D(0))
        assert ln.amount <= 0
    total_paid = BASE.figures()["total"] + sum(
        (D(ln["amount"]) for lines in changes for ln in lines), D(0)
    )
    assert sum(paid.values(), D(0)) == total_paid
    assert -c.total <= total_paid
