"""A payment part carries only its own reference: the payment code's reference stays with the
code (a cash part taken after the clerk looked at the QR has none), and cash takes no reference."""

from __future__ import annotations

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
