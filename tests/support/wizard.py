"""A short way through the issue wizard for GUI tests about its later steps: the example request
loaded into the first steps (the platform's record typed as the clerk would), the premium waited
for, the schedule checked and signed."""

from __future__ import annotations

from tests.support.desk import to_payment


def fill_to_payment(qtbot, wiz) -> None:
    """From a new wizard to its payment step with the example request, signed."""
    to_payment(qtbot, wiz)
    assert wiz.stack.currentIndex() == 4
