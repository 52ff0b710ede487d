"""The English coverage step fits a 1366×768 desk screen across: English cover names are longer
than Chinese ones, and the premium table wraps them instead of growing a horizontal scroll bar
(neither the table's nor the step's)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
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
