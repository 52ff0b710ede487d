"""A look a clerk trusts: one style sheet decides every colour (widgets only say what they are),
one accent colour, a primary button that stands out, and beside every step a summary of who and
what is being insured, the plan, the premium so far and what is still to do."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from app.core.money import fmt_amount
from tests.support.desk import (
    EXAMPLE,
    clerk_at_demo_outlet,
    main_window,
    new_policy,
    to_payment,
)
from tests.support.screenshots import shot
from ui.style import ACCENT


def test_one_style_sheet_and_a_summary_beside_every_step(qtbot, gui_ctx):
    from app.core.masking import mask_id_number

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    assert ACCENT in QApplication.instance().styleSheet()
    # No widget of the window carries colours of its own: the sheet is the one place.
    own = [x.objectName() or type(x).__name__ for x in w.findChildren(QWidget) if x.styleSheet()]
    assert own == [], own
    assert wiz.next.property("role") == "primary"

    summary = wiz.summary
    assert "尚未填写" in summary.labels["customer"].text()  # nothing yet, said so
    to_payment(qtbot, wiz)
    holder, vehicle = EXAMPLE["policyholder"], EXAMPLE["vehicle"]
    for index in range(5):  # beside every step, the same summary
        wiz.stack.setCurrentIndex(index)
        QApplication.processEvents()
        assert summary.isVisible()
        text = summary.labels["customer"].text() + summary.labels["vehicle"].text()
        assert holder["name"] in text and mask_id_number(holder["id_number"]) in text
        assert vehicle["plate"] in text and holder["id_number"] not in text
        assert "标准方案" in summary.labels["plan"].text()
        assert fmt_amount(wiz.coverage.quote.total) in summary.premium.text()
    wiz.stack.setCurrentIndex(4)
    assert "尚欠" in summary.todo.text()  # what is still to do: the payment
    shot(w, "summary-beside-the-payment-step")
    w.tasks.wait_idle()
