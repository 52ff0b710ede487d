"""A payment part carries only its own reference: the payment code's reference stays with the
code (a cash part taken after the clerk looked at the QR has none), and cash takes no reference."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from tests.support.wizard import fill_to_payment


def test_the_qr_reference_does_not_follow_the_clerk_to_a_cash_part(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    wiz = make_wizard(gui_ctx, desk_clerk)
    fill_to_payment(qtbot, wiz)
    pay = wiz.payment
    pay.method.setCurrentIndex(pay.method.findData("qr"))
    pay.amount.setText("1000.00")
    assert pay.qr_panel.isVisible() and pay.reference.text().startswith("QR")
    pay.method.setCurrentIndex(pay.method.findData("cash"))  # the customer pays cash instead
    assert pay.reference.text() == "" and not pay.reference.isEnabled()
    assert not pay.qr_panel.isVisible()
    qtbot.mouseClick(pay.paid_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(pay.payments), timeout=10_000)
    assert [(p["method"], p.get("reference") or "") for p in pay.payments] == [("cash", "")]
    pay.method.setCurrentIndex(pay.method.findData("card"))
    assert pay.reference.isEnabled()  # a card part gives the terminal's reference


def test_the_parts_table_and_the_schedule_print_thousands_separators(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """A part of 1234.56 typed by the clerk is listed as 1,234.56 (the one display format,
    app.core.money.fmt_amount); what is still to pay and the schedule's total read the same way."""
    wiz = make_wizard(gui_ctx, desk_clerk)
    fill_to_payment(qtbot, wiz)
    pay = wiz.payment
    total = pay.total
    assert total > Decimal("1234.56")  # the example's premium: a part leaves something to pay
    pay.method.setCurrentIndex(pay.method.findData("card"))
    pay.amount.setText("1234.56")
    pay.reference.setText("T-0001")
    qtbot.mouseClick(pay.paid_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(pay.payments), timeout=10_000)
    assert pay.parts.item(0, 1).text() == "1,234.56"
    assert pay.payments[0]["amount"] == "1234.56"  # stored in the wire form
    left = total - Decimal("1234.56")
    assert f"{left:,.2f}" in pay.outstanding.text()
    assert f"{total:,.2f}" in wiz.review.schedule.toPlainText()
