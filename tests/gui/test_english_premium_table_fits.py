"""The coverage step fits a 1366×768 desk screen. Across: English cover names are longer than
Chinese ones, and the premium table wraps them instead of growing a horizontal scroll bar (neither
the table's nor the step's). Down: in both languages the whole premium table and 下一步 are in view
before the clerk scrolls (the term box beside the plans, not above the premium). Screenshots:
/tmp/chudan-shots/coverage-*-1366x768.png."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.test_language_everywhere import _switch
from tests.support.desk import clerk_at_demo_outlet, fill_to_coverage, main_window, new_policy
from tests.support.screenshots import shot

WINDOW = (1366, 720)  # a maximised window on a 1366×768 screen: the screen less the task bar


@pytest.mark.slow  # the whole main window, switched to English
def test_the_english_premium_table_has_no_horizontal_scroll_bar_at_1366_by_768(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk, size=WINDOW)
    w.show_page(4)
    _switch(qtbot, w, "en")
    w.show_page(0)
    wiz = new_policy(qtbot, w)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    qtbot.mouseClick(cov.plan_buttons["custom"], Qt.MouseButton.LeftButton)
    for box, _limit in cov.custom.rows.values():
        box.setChecked(True)  # every cover the table offers: the longest English names
    qtbot.waitUntil(lambda: cov.quote is not None and cov.breakdown.rowCount() > 8, timeout=30_000)
    QApplication.processEvents()
    names = [cov.breakdown.item(r, 0).text() for r in range(cov.breakdown.rowCount())]
    assert names[-1] == "Total to pay" and any(len(n) > 40 for n in names)
    assert w.width() <= 1366
    assert not cov.breakdown.horizontalScrollBar().isVisible()
    assert not cov.horizontalScrollBar().isVisible()
    # Every column is in view: the premium column ends inside the table's viewport.
    header = cov.breakdown.horizontalHeader()
    assert header.sectionViewportPosition(2) + header.sectionSize(2) <= (
        cov.breakdown.viewport().width()
    )
    shot(w, "coverage-english-1366x768")
    w.tasks.wait_idle()


def _in_view(widget, area) -> bool:
    """The whole widget inside the scroll area's viewport as it stands (nothing scrolled)."""
    top_left = widget.mapTo(area.viewport(), QPoint(0, 0))
    return area.viewport().rect().contains(QRect(top_left, widget.size()))


def _on_screen(widget, window) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(QPoint(0, 0), window.size()).contains(QRect(top_left, widget.size()))


@pytest.mark.slow  # the whole main window, in each language
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_premium_table_and_next_are_in_view_without_scrolling_at_1366_by_768(
    qtbot, gui_ctx, lang
):
    """The term box (term, traffic record, tax arrears) sits on the coverage step with the
    platform record and the plans: with the standard plan priced, the whole premium table and
    下一步 are on a maximised 1366×768 window before the clerk scrolls."""
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk, size=WINDOW)
    if lang == "en":
        w.show_page(4)
        _switch(qtbot, w, "en")
        w.show_page(0)
    wiz = new_policy(qtbot, w)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    qtbot.waitUntil(lambda: cov.quote is not None and cov.breakdown.isVisible(), timeout=30_000)
    QApplication.processEvents()
    shot(w, f"coverage-standard-{lang}-1366x768")
    assert cov.verticalScrollBar().value() == 0
    assert _in_view(cov.breakdown, cov), (cov.breakdown.geometry(), cov.viewport().size())
    assert _on_screen(wiz.next, w)
    # Two earlier years' tax owed (for the screenshot: each year's amount and late fee).
    for i, amount in enumerate(("480.00", "420.00")):
        qtbot.keyClicks(cov.arrears[i][1], amount)
    qtbot.waitUntil(lambda: cov.arrears[1][2].isVisible(), timeout=30_000)
    shot(w, f"coverage-arrears-{lang}-1366x768")
    w.tasks.wait_idle()
