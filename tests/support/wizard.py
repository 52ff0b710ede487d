"""A short way through the issue wizard for GUI tests about its later steps: the example request
loaded into the first steps, the premium waited for, the schedule checked and signed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.support.examples import POLICY_REQUEST


def fill_to_payment(qtbot, wiz) -> None:
    """From a new wizard to its payment step with the example request, signed."""
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    wiz.vehicle.load(POLICY_REQUEST["vehicle"])
    wiz.coverage.load({"plan": "standard"})  # cover from the earliest start: tomorrow
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.review.all_checked, Qt.MouseButton.LeftButton)
    pad = wiz.review.pad
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x, y in ((90, 30), (150, 90), (220, 40)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(260, 70))
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 4
