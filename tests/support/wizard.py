"""A short way through the issue wizard for GUI tests about its later steps: the example request
loaded into the first steps (the platform's record typed as the clerk would), the premium waited
for, the schedule checked and signed."""

from __future__ import annotations

from tests.support.desk import to_payment


def fill_to_payment(qtbot, wiz) -> None:
    """From a new wizard to its payment step with the example request, signed."""
    to_payment(qtbot, wiz)
    assert wiz.stack.currentIndex() == 4


def when_aml_dialog_shows(wiz, act):
    """Run `act()` once the large-cash record dialog is on screen. It opens after the payer's
    cash for the day has been read on the pool, inside its own event loop (exec), so the test acts
    from a timer rather than by waiting. Keep the returned timer alive until it has fired."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        dialog = getattr(wiz, "aml_dialog", None)
        if dialog is not None and dialog.isVisible():
            timer.stop()
            act()

    timer.timeout.connect(tick)
    timer.start()
    return timer
