"""The 报表 page on the crafted November (tests/support/report_month.py; the hand sums are in
tests/integration/reports/test_figures_by_hand.py): a supervisor picks the month and sees the
headline figures beside October's, the charts draw a bar per day, cover and funnel stage, and
clicking a figure or a bar lists exactly the policies behind it; a clerk sees their own figures
only; the XLSX export runs on a worker and reads back the numbers the page shows. The save-file
dialog is native (no desktop here), so it is replaced by the path a person would choose."""

from __future__ import annotations

from datetime import UTC, datetime

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

NOVEMBER_DAYS = 30


@pytest.fixture
def month_desk(qapp, seeded_home):
    from app.desk.context import AppContext
    from app.renewals.report_figures import RenewalReportFigures
    from app.reports.service import ReportService
    from tests.support.report_month import BEIJING, Clock, craft_november
    from ui.i18n import ensure_cjk_font, install_language

    ensure_cjk_font()
    ctx = AppContext.open(seeded_home, clock=Clock(datetime(2026, 11, 1, tzinfo=UTC)))
    install_language("zh_CN")
    month = craft_november(ctx)
    # The outlet is in Beijing; this machine's own zone may differ.
    ctx.reports = ReportService(
        ctx.store,
        ctx.audit,
        ctx.clock,
        tz=BEIJING,
        renewals=RenewalReportFigures(ctx.renewals.refresh),
    )
    yield ctx, month
    ctx.close()


def _page(qtbot, ctx, user, tasks=None):
    from ui.pages.reports_page import ReportsPage

    page = ReportsPage(ctx, user, tasks=tasks)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.select_period("2026-11")
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    # With a task runner the figures are worked out on a worker; the page waits for them.
    qtbot.waitUntil(lambda: not page.busy and page.report is not None, timeout=30_000)
    assert page.report.period.label() == "2026-11"
    return page


def _headline(page) -> dict[str, list[str]]:
    t = page.headline
    return {
        t.item(r, 0).text(): [t.item(r, c).text() for c in range(1, 4)] for r in range(t.rowCount())
    }


def _drilled(page) -> set[str]:
    t = page.drill_table
    return {t.item(r, 0).text() for r in range(t.rowCount())}


def _click_bar(qtbot, chart, index):
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(index).center().toPoint())


def _numbers(month, *tags):
    return {month.numbers[t] for t in tags}


def test_supervisor_sees_the_month_beside_october_and_drills_into_every_figure(
    qtbot, month_desk, tmp_path
):
    ctx, m = month_desk
    page = _page(qtbot, ctx, m.supervisor)
    figures = _headline(page)
    assert figures["保单数"] == ["5", "1", "+400.0%"]
    assert figures["保费合计（交强+商业）"][0] == "20,015.00"
    assert figures["交商套单率"][0] == "75.0%" and figures["高价值保单占比"][0] == "40.0%"
    assert figures["万张保单投诉量"][0] == "4,000.00"
    assert figures["续保率（件数）"][0] == "33.3%"

    # A number: the policies behind it.
    row = next(
        r
        for r in range(page.headline.rowCount())
        if page.headline.item(r, 0).text() == "高价值保单占比"
    )
    qtbot.mouseClick(
        page.headline.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.headline.visualItemRect(page.headline.item(row, 1)).center(),
    )
    assert _drilled(page) == _numbers(m, "P3", "P4")
    assert page.drill_title.text().startswith("高价值保单占比")

    # The charts: a bar per day of November, per cover taken, per stage of the funnel.
    assert len(page.buckets_chart.bars) == NOVEMBER_DAYS
    assert [b.value for b in page.buckets_chart.bars if b.value] == [2, 1, 1, 1]
    _click_bar(qtbot, page.buckets_chart, 1)  # 2 November
    assert _drilled(page) == _numbers(m, "P1", "P2")
    covers = [b.label for b in page.covers_chart.bars]
    _click_bar(qtbot, page.covers_chart, covers.index("车损险"))
    assert _drilled(page) == _numbers(m, "P1", "P3", "P6")
    funnel = [(b.label, b.value) for b in page.renewal_chart.bars]
    assert funnel == [("应续", 3), ("已联系", 2), ("已报价", 2), ("已续", 1), ("流失", 1)]
    _click_bar(qtbot, page.renewal_chart, 3)
    assert _drilled(page) == _numbers(m, "R1")
    # The holder's name is masked in the list.
    assert {page.drill_table.item(r, 8).text() for r in range(page.drill_table.rowCount())} == {
        "张*"
    }

    # A row of a section's table: the clerk's policies.
    tab = next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == "按出单员")
    page.tabs.setCurrentIndex(tab)
    table = page.tabs.widget(tab)
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "第二出单员")
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualItemRect(table.item(row, 0)).center(),
    )
    assert _drilled(page) == _numbers(m, "P3", "P4")
    assert page.drill_table.item(0, 4).text() == "已出单（待确认）"  # the state, in words

    # The charts are drawn: bars in the bar colour, the previous period's behind them.
    shot = page.buckets_chart.grab()
    shot.save(str(tmp_path / "buckets.png"))
    page.grab().save(str(tmp_path / "reports_page.png"))
    image = shot.toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert QColor("#3A6EA5").name() in colours


def test_a_clerk_sees_their_own_figures_only(qtbot, month_desk):
    ctx, m = month_desk
    page = _page(qtbot, ctx, m.clerk_a)
    assert page.clerk_box.count() == 1 and not page.clerk_box.isEnabled()
    assert not page.clear_names.isVisibleTo(page)
    figures = _headline(page)
    assert figures["保单数"][0] == "3"  # P1 P2 P6 (P5 was refused)
    _click_bar(qtbot, page.buckets_chart, 1)
    assert _drilled(page) == _numbers(m, "P1", "P2")


def test_xlsx_export_runs_on_a_worker_and_reads_back_what_the_page_shows(
    qtbot, month_desk, tmp_path, monkeypatch
):
    from ui.tasks import TaskRunner

    ctx, m = month_desk
    runner = TaskRunner()
    page = _page(qtbot, ctx, m.supervisor, tasks=runner)
    out = tmp_path / "十一月"
    monkeypatch.setattr(
        "ui.pages.reports_page.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    qtbot.mouseClick(page.export_xlsx, Qt.MouseButton.LeftButton)
    assert not page.export_xlsx.isEnabled()  # one export at a time
    qtbot.waitUntil(lambda: page.export_xlsx.isEnabled(), timeout=30_000)
    assert runner.wait_idle()
    written = tmp_path / "十一月.xlsx"  # the suffix is added when not typed
    assert str(written) in page.note.text()
    book = openpyxl.load_workbook(written)
    summary = {r[0]: r[1:] for r in book["概览"].iter_rows(min_row=2, values_only=True)}
    shown = _headline(page)
    assert f"{summary['保单数'][0]:,}" == shown["保单数"][0]
    assert f"{summary['保费合计（交强+商业）'][0]:,.2f}" == shown["保费合计（交强+商业）"][0]
    assert f"{summary['交商套单率'][0] * 100:.1f}%" == shown["交商套单率"][0]
    assert book["保单明细"].max_row == 1 + 6
    assert ctx.audit.recent(1)[0].action == "report.export"


def test_a_supervisor_records_and_resolves_a_complaint_and_the_figures_count_it(qtbot, month_desk):
    ctx, m = month_desk
    page = _page(qtbot, ctx, m.supervisor)
    assert _headline(page)["投诉件数"][0] == "2"
    qtbot.mouseClick(page.complaints_button, Qt.MouseButton.LeftButton)
    dialog = page.complaints_dialog
    assert dialog is not None and dialog.isVisible() and dialog.table.rowCount() == 2
    dialog.received.setDate(dialog.received.date().fromString("2026-11-18", "yyyy-MM-dd"))
    dialog.against.setCurrentIndex(dialog.against.findData("policy"))
    dialog.policy_number.setText("NOSUCH123")
    dialog.description.setPlainText("客户来电 13912345678 称批单未收到")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert "找不到保单" in dialog.message.text() and dialog.table.rowCount() == 2
    dialog.policy_number.setText(m.numbers["P4"])
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 3
    row = next(r for r in range(3) if m.numbers["P4"] in dialog.table.item(r, 3).text())
    assert "13912345678" not in dialog.table.item(row, 4).text()  # stored masked
    dialog.table.selectRow(row)
    dialog.resolution.setText("已补寄批单")
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(row, 5).text() == "已补寄批单"
    dialog.accept()
    qtbot.waitUntil(lambda: _headline(page)["投诉件数"][0] == "3")


def test_a_clerk_sees_the_register_but_cannot_record(qtbot, month_desk):
    ctx, m = month_desk
    page = _page(qtbot, ctx, m.clerk_b)
    qtbot.mouseClick(page.complaints_button, Qt.MouseButton.LeftButton)
    dialog = page.complaints_dialog
    assert not dialog.form.isEnabled() and not dialog.resolve_button.isEnabled()
    # Complaint C1 was about P3, clerk B's policy; C2 about the outlet.
    assert dialog.table.rowCount() == 1
    dialog.reject()


def test_an_administrator_sets_the_high_value_rule_and_the_share_follows(qtbot, month_desk):
    ctx, _m = month_desk
    admin = ctx.auth.login("admin", "demo-admin-2026")
    page = _page(qtbot, ctx, admin)
    assert "商业险保费 ≥ 5,000.00" in page.rule_label.text()
    assert _headline(page)["高价值保单占比"][0] == "40.0%"  # P3 (6,000) and P4 (600,000 car)
    page.hv_premium.setText("abc")
    qtbot.mouseClick(page.hv_save, Qt.MouseButton.LeftButton)
    assert "有误" in page.note.text()
    page.hv_premium.setText("7000")
    qtbot.mouseClick(page.hv_save, Qt.MouseButton.LeftButton)
    assert page.rule_label.text() == "高价值：商业险保费 ≥ 7,000.00"
    assert _headline(page)["高价值保单占比"][0] == "0.0%"
    assert ctx.audit.recent(1)[0].action == "settings.change"


def test_only_administrators_see_the_rule_editor(qtbot, month_desk):
    ctx, m = month_desk
    page = _page(qtbot, ctx, m.supervisor)
    assert page.rule_label.isVisible() and not page.hv_save.isVisibleTo(page)
