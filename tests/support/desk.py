"""The desk's window for GUI tests: a demo outlet, a clerk logged in, the main window or the
wizard alone, and short ways through the wizard's first steps with the example request."""

from __future__ import annotations

import copy
import json
from typing import Any

from PySide6.QtCore import QPoint, Qt

from tests.support.paths import REPO

EXAMPLE: dict[str, Any] = json.loads(
    (REPO / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8")
)
# The platform's record of the example vehicle, as the clerk types it on the coverage step.
HISTORY = dict(EXAMPLE["history"])
IMAGES = REPO / "tests" / "fixtures" / "specimens" / "images"


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def clerk_at_demo_outlet(ctx):
    from app.desk.demo import ensure_demo_outlet

    ensure_demo_outlet(ctx)
    return ctx.auth.login("clerk", "clerk-pass-1")


def main_window(qtbot, ctx, user, size: tuple[int, int] | None = None):
    from ui.main_window import MainWindow

    w = MainWindow(ctx, user)
    qtbot.addWidget(w)
    if size is not None:
        w.resize(*size)
    with qtbot.waitActive(w):  # keys go to the focused field, as on a desk
        w.show()
    return w


def new_policy(qtbot, window):
    """新建投保 clicked once the page knows the desk can issue."""
    page = window.pages[0]
    qtbot.waitUntil(page.new_button.isEnabled)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    return page.wizard


def wizard(qtbot, ctx, user):
    from ui.tasks import TaskRunner
    from ui.wizard.issue_wizard import IssueWizard, OcrHolder

    wiz = IssueWizard(ctx, user, TaskRunner(), OcrHolder())
    qtbot.addWidget(wiz)
    wiz.resize(1100, 700)
    wiz.show()
    return wiz


def fill_to_coverage(qtbot, wiz, vehicle: dict[str, Any] | None = None) -> None:
    wiz.customer.load({**EXAMPLE["policyholder"], "consent": True})
    wiz.go_next()
    wiz.vehicle.load(vehicle or EXAMPLE["vehicle"])
    wiz.go_next()
    assert wiz.stack.currentIndex() == 2, wiz.problems.text()
    wiz.coverage.load({"plan": "standard", "history": HISTORY})
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)


def sign(qtbot, pad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x, y in ((90, 30), (150, 90), (220, 40)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(260, 70))


def to_review(qtbot, wiz) -> None:
    fill_to_coverage(qtbot, wiz)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == 3, timeout=30_000)
    qtbot.waitUntil(lambda: wiz.review.view is not None, timeout=30_000)


def to_payment(qtbot, wiz) -> None:
    to_review(qtbot, wiz)
    qtbot.mouseClick(wiz.review.all_checked, Qt.MouseButton.LeftButton)
    sign(qtbot, wiz.review.pad)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == 4, timeout=30_000)
    qtbot.waitUntil(lambda: wiz.payment.total > 0, timeout=30_000)
