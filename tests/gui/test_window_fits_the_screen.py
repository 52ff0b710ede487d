"""The window fits a 1366×768 desk screen: a step with the most on it (自选 with every cover offered
and the worksheet open) scrolls inside the window instead of growing it, and "next" stays in view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.support.desk import clerk_at_demo_outlet, fill_to_coverage, main_window, new_policy
from tests.support.screenshots import shot

SCREEN = (1366, 768)
WINDOW = (1366, 720)  # a maximised window: the screen less the task bar


def _on_screen(widget, window) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(QPoint(0, 0), window.size()).contains(QRect(top_left, widget.size()))


def test_custom_covers_and_the_worksheet_scroll_inside_a_1366_by_768_window(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk, size=WINDOW)
    assert w.minimumSizeHint().height() <= SCREEN[1] and w.minimumWidth() <= SCREEN[0]
    wiz = new_policy(qtbot, w)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    qtbot.mouseClick(cov.plan_buttons["custom"], Qt.MouseButton.LeftButton)
    for box, _limit in cov.custom.rows.values():
        box.setChecked(True)  # every cover the table offers
    qtbot.mouseClick(cov.worksheet_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cov.quote is not None or cov.error is not None, timeout=30_000)
    QApplication.processEvents()  # the layout requests the changes posted are handled
    assert w.height() <= SCREEN[1] and w.width() <= SCREEN[0]
    assert _on_screen(wiz.next, w) and _on_screen(wiz.back, w)
    assert cov.verticalScrollBar().maximum() > 0  # the step scrolls instead
    shot(w, "coverage-custom-worksheet-1366x768")
    for step in wiz.steps:  # every step: the buttons stay where the clerk finds them
        wiz.stack.setCurrentWidget(step.parentWidget())
        QApplication.processEvents()
        assert w.height() <= SCREEN[1] and _on_screen(wiz.next, w)
    w.tasks.wait_idle()
