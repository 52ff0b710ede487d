"""The coverage step offers what the request and the engine already take: CTPL alone (仅交强险), a
short term (months, or a last day the rules allow), the region's traffic-violation coefficient
(交通违法系数) and vehicle-tax arrears with their late fee (补缴/滞纳金). The clerk clicks them and
the premium table changes as worked by hand below.

The demo outlet is in Beijing (110000: CTPL float scheme D, the Beijing tax table, a traffic-
violation range of 1.0–1.45). The desk's clock is held at 2026-12-03 10:00 (Beijing), so cover
starts on 2026-12-04 at the earliest and the example car (family car, 5 seats, 1.5 L, 150,000,
registered 2022-05-10; one claim-free year, NCD level 0) is priced for that day:

- CTPL: 950.00 base (family car under 6 seats) × (1 − 15%) (A1, scheme D) = 807.50;
- own damage: 1,938.5445… (fixed 500 + 0.0097 × actual value 101,400 = 1,483.58, × 0.98 price
  band, ÷ 0.75 loading); third party 2,000,000: 1,240 ÷ 0.75 = 1,653.333…; driver 10,000:
  40.00; passengers 4 × 10,000: 101.333…;
- vehicle tax: 420.00 a year (Beijing, over 1.0 L up to 1.6 L), the whole of 2026."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal

from PySide6.QtCore import QDate, Qt

from tests.support.desk import fill_to_coverage

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
START = "2026-12-04"


def _rows(cov) -> dict[str, str]:
    return {
        cov.breakdown.item(r, 0).text().strip(): cov.breakdown.item(r, 2).text()
        for r in range(cov.breakdown.rowCount())
    }


def _choose(combo, data) -> None:
    """As a clerk picks an entry from the drop-down (which emits `activated`)."""
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def _priced(qtbot, cov, total: str) -> dict[str, str]:
    qtbot.waitUntil(
        lambda: cov.quote is not None and _rows(cov).get("应缴合计") == total, timeout=30_000
    )
    return _rows(cov)


def _at_coverage(qtbot, gui_ctx, desk_clerk, make_wizard):
    gui_ctx.issuance._clock = lambda: NOW  # the day is part of every figure below
    wiz = make_wizard(gui_ctx, desk_clerk)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    cov.load({"start_date": START})
    # Standard plan, a year: 807.50 + (1,938.54 + 1,653.33 + 40.00 + 101.33 = 3,733.20) + 420.00.
    _priced(qtbot, cov, "4,960.70")
    return wiz, cov


def test_ctpl_only_prices_the_compulsory_cover_and_the_tax_alone(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """仅交强险: 807.50 + 420.00 tax = 1,227.50, and its button shows that price beside the
    others before it is chosen."""
    wiz, cov = _at_coverage(qtbot, gui_ctx, desk_clerk, make_wizard)
    assert "1,227.50" in cov.plan_buttons["ctpl_only"].text()
    assert "仅交强险" in cov.plan_buttons["ctpl_only"].text()
    qtbot.mouseClick(cov.plan_buttons["ctpl_only"], Qt.MouseButton.LeftButton)
    rows = _priced(qtbot, cov, "1,227.50")
    assert rows == {
        "交强险": "807.50",
        "代收车船税（税款，非保费）": "420.00",
        "应缴合计": "1,227.50",
    }
    assert wiz.request()["plan"] == "ctpl_only"


def test_a_short_term_by_months_and_to_a_last_day(qtbot, gui_ctx, desk_clerk, make_wizard):
    """3 months from 2026-12-04: the last day is 2027-03-03, 90 days (27 + 31 + 28 + 4).
    CTPL by the month table, without its float: 950.00 × 30% = 285.00. Commercial pro rata by
    day: own damage 1,938.5445 × 90/365 = 478.00; third party 1,653.333 × 90/365 = 407.67;
    driver 40 × 90/365 = 9.86; passengers 101.333 × 90/365 = 24.99; subtotal 478.00 + 407.67 +
    9.86 + 24.99 = 920.52. Total 285.00 + 920.52 + 420.00 = 1,625.52.

    To the last day 2027-04-07 (cover to 24:00, so up to 2027-04-08 00:00): four months and four
    days, so five months (a part month counts as one): 950.00 × 50% = 475.00; 31 + 31 + 28 + 31
    + 4 = 125 days: third party 1,653.333 × 125/365 = 566.21."""
    wiz, cov = _at_coverage(qtbot, gui_ctx, desk_clerk, make_wizard)
    assert not cov.end.isEnabled()  # a year unless the clerk says otherwise
    _choose(cov.term, 3)
    rows = _priced(qtbot, cov, "1,625.52")
    assert rows["交强险"] == "285.00"
    assert rows["机动车损失保险"] == "478.00" and rows["第三者责任保险"] == "407.67"
    assert rows["商业险小计"] == "920.52"
    assert wiz.request()["short_term_months"] == 3 and "end_date" not in wiz.request()

    _choose(cov.term, "to_day")
    assert cov.end.isEnabled()
    # The rules' limits: from the start itself to the day before a full year would end.
    assert cov.end.minimumDate() == QDate(2026, 12, 4)
    assert cov.end.maximumDate() == QDate(2027, 12, 2)
    cov.end.setDate(QDate(2027, 4, 7))
    qtbot.waitUntil(lambda: _rows(cov).get("交强险") == "475.00", timeout=30_000)
    assert _rows(cov)["第三者责任保险"] == "566.21"
    request = wiz.request()
    assert request["end_date"] == "2027-04-07" and "short_term_months" not in request
    # What the customer signs says so: the review's period ends on the day chosen.
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.review.view is not None, timeout=30_000)
    assert wiz.review.view.period.zh == "2026-12-04 0时 至 2027-04-07 24时"
    assert "475.00" in wiz.review.schedule.toPlainText()


def test_with_immediate_cover_the_last_day_runs_to_the_day_before_the_anniversary(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """江苏 (320100) allows 即时生效: issued on 2026-12-03 at 10:00, cover may start at once and
    then ends at 10:00 on its last day. A full year would end at 10:00 on 2027-12-03, so the
    latest short-term last day is 2027-12-02 (not 2027-12-01, a day short, as the picker had it),
    and the earliest is 2026-12-04 (cover ending at 10:00 on the start day would be no cover).
    Started on 2026-12-04 instead, cover runs from 0:00, and the range is Beijing's: 2026-12-04
    to 2027-12-02 (a full year ends at 24:00 on 2027-12-03)."""
    from sqlalchemy import select

    from local_db.models import Outlet

    with gui_ctx.store.write() as s:
        s.execute(select(Outlet)).scalar_one().region_code = "320100"
    gui_ctx.issuance._clock = lambda: NOW
    wiz = make_wizard(gui_ctx, desk_clerk)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    qtbot.waitUntil(lambda: cov.start_range is not None, timeout=10_000)
    assert cov.start.minimumDate() == QDate(2026, 12, 3)  # today: 即时生效
    cov.load({"start_date": "2026-12-03"})
    _choose(cov.term, "to_day")
    assert (cov.end.minimumDate(), cov.end.maximumDate()) == (
        QDate(2026, 12, 4),
        QDate(2027, 12, 2),
    )
    cov.end.setDate(QDate(2027, 12, 2))
    # 364 days (2026-12-03 10:00 to 2027-12-02 10:00), a short term: commercial pro rata by day,
    # third party 1,653.333 × 364/365 = 1,648.80, own damage 1,938.5445 × 364/365 = 1,933.23;
    # CTPL by the month table: eleven months and 29 days count as 12, 100% of 950.00, no float.
    qtbot.waitUntil(lambda: cov.quote is not None and cov.quote.term.days == 364, timeout=30_000)
    assert cov.quote.immediate and not cov.quote.term.full_year
    rows = _rows(cov)
    assert rows["第三者责任保险"] == "1,648.80" and rows["机动车损失保险"] == "1,933.23"
    assert rows["交强险"] == "950.00"
    assert wiz.request()["end_date"] == "2027-12-02"
    cov.start.setDate(QDate(2026, 12, 4))  # not the issue day: cover from 0:00
    assert (cov.end.minimumDate(), cov.end.maximumDate()) == (
        QDate(2026, 12, 4),
        QDate(2027, 12, 2),
    )


def test_the_traffic_violation_coefficient_multiplies_the_commercial_lines(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """Beijing's range is 1.0–1.45. At 1.2: own damage 1,938.5445 × 1.2 = 2,326.25; third party
    1,653.333 × 1.2 = 1,984.00; driver 40 × 1.2 = 48.00; passengers 101.333 × 1.2 = 121.60;
    subtotal 4,479.85; total 807.50 + 4,479.85 + 420.00 = 5,707.35. CTPL does not change. 1.5 is
    outside the range: refused, with the range, and nothing priced."""
    wiz, cov = _at_coverage(qtbot, gui_ctx, desk_clerk, make_wizard)
    qtbot.waitUntil(lambda: cov.traffic.isVisible())
    assert cov.traffic.placeholderText() == "1–1.45"
    qtbot.keyClicks(cov.traffic, "1.2")
    rows = _priced(qtbot, cov, "5,707.35")
    assert rows["交强险"] == "807.50"
    assert rows["机动车损失保险"] == "2,326.25" and rows["第三者责任保险"] == "1,984.00"
    assert rows["商业险小计"] == "4,479.85"
    assert wiz.request()["traffic_violation_coefficient"] == "1.2"
    cov.traffic.clear()
    qtbot.keyClicks(cov.traffic, "1.5")
    qtbot.waitUntil(lambda: cov.error is not None, timeout=30_000)
    assert "1–1.45" in cov.decision.text() and not cov.breakdown.isVisible()


def _owe(qtbot, cov, year: int, amount: str) -> None:
    """The clerk types what is owed for `year` on that year's line."""
    field = cov.arrears[cov.arrears_years.index(year)][1]
    qtbot.keyClicks(field, amount)


def test_tax_arrears_for_two_years_and_their_late_fees_are_collected_with_the_ctpl(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """2025's tax unpaid, 480.00, and 2024's, 420.00: collected on the day of issue, 2026-12-03,
    each with a late fee of 0.05% a day from the day after its year ended. 2025: from 2026-01-01,
    336 days, 480.00 × 0.0005 × 336 = 80.64. 2024: from 2025-01-01, 365 + 336 = 701 days,
    420.00 × 0.0005 × 701 = 147.21. Tax 420.00 + 480.00 + 80.64 + 420.00 + 147.21 = 1,547.85;
    total 807.50 + 3,733.20 + 1,547.85 = 6,088.55."""
    wiz, cov = _at_coverage(qtbot, gui_ctx, desk_clerk, make_wizard)
    assert cov.arrears_years == [2025, 2024, 2023]  # the earlier years, newest first
    assert not cov.late_fee_note.isVisible()
    _owe(qtbot, cov, 2025, "480.00")
    assert cov.late_fee_note.isVisible()
    _owe(qtbot, cov, 2024, "420.00")
    rows = _priced(qtbot, cov, "6,088.55")
    assert rows["代收车船税（税款，非保费）"] == "1,547.85"
    assert rows["其中往年补缴（2025）"] == "480.00"
    assert rows["其中滞纳金（2025 年，336 天）"] == "80.64"
    assert rows["其中往年补缴（2024）"] == "420.00"
    assert rows["其中滞纳金（2024 年，701 天）"] == "147.21"
    # Each year's late fee beside its amount, as the quote worked it out.
    fees = {y: cov.arrears[i][2] for i, y in enumerate(cov.arrears_years)}
    assert fees[2025].text() == "滞纳金 80.64（336 天）" and fees[2025].isVisible()
    assert fees[2024].text() == "滞纳金 147.21（701 天）"
    assert not fees[2023].isVisible()
    assert wiz.request()["tax"] == {
        "arrears": [{"year": 2025, "amount": "480.00"}, {"year": 2024, "amount": "420.00"}]
    }
    # A draft opened again shows the arrears as entered (and the term as chosen).
    saved = copy.deepcopy(wiz.flow.data)
    cov.fill({**saved, "tax": {}, "short_term_months": 5})
    assert all(not amount.text() for _y, amount, _f in cov.arrears)
    assert cov.term.currentData() == 5
    cov.fill(saved)
    assert [amount.text() for _y, amount, _f in cov.arrears] == ["480.00", "420.00", ""]
    assert cov.term.currentData() == ""  # a year
    assert date.fromisoformat(wiz.request()["start_date"]) == date(2026, 12, 4)
    assert Decimal(cov.quote.total) == Decimal("6088.55")
