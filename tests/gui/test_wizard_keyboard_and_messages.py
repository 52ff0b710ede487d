"""A clerk at a keyboard: Enter goes on (to the next field that still needs something, then to the
next step), shortcuts for next and back, the cursor where the work is. A red message goes as soon
as its cause is put right, whether by typing, by a scan or by a supervisor's decision in a dialog.
The first administrator chooses the language and reads the password rule before breaking it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.support.clerk import Clerk, wait_until
from tests.support.desk import (
    EXAMPLE,
    HISTORY,
    IMAGES,
    clerk_at_demo_outlet,
    main_window,
    new_policy,
)
from tests.support.screenshots import shot


def test_enter_goes_from_field_to_field_and_on_and_the_shortcuts_move_the_wizard(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    c = wiz.customer
    holder = EXAMPLE["policyholder"]
    c.name.edit.setFocus()
    hand = Clerk()  # Chinese comes from the input method, as on a desk
    hand.type(holder["name"], into=c.name.edit)
    hand.stop()
    qtbot.keyClick(c.name.edit, Qt.Key.Key_Return)
    assert c.id_number.edit.hasFocus()  # the next field that still needs something
    qtbot.keyClicks(c.id_number.edit, holder["id_number"])
    qtbot.keyClick(c.id_number.edit, Qt.Key.Key_Return)
    assert c.consent.hasFocus()  # phone, e-mail and address may stay empty: skipped
    qtbot.keyClick(c.consent, Qt.Key.Key_Space)
    qtbot.keyClick(c.consent, Qt.Key.Key_Return)  # nothing left on the step: Enter goes on
    assert wiz.stack.currentIndex() == 1
    assert wiz.vehicle.plate.edit.hasFocus()  # the cursor waits at the first thing to do

    qtbot.keyClick(wiz.vehicle.plate.edit, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wiz.stack.currentIndex() == 0  # Alt+← is back
    qtbot.keyClick(c.name.edit, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wiz.stack.currentIndex() == 1  # Alt+→ is next
    qtbot.keyClick(wiz.vehicle.plate.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wiz.stack.currentIndex() == 1 and "车辆识别代号" in wiz.problems.text()  # Ctrl+Enter too
    assert wiz.vehicle.vin.edit.hasFocus() or wiz.vehicle.plate.edit.hasFocus()
    w.tasks.wait_idle()


def test_a_message_goes_when_a_scan_puts_its_cause_right(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert "姓名" in wiz.problems.text()  # nothing entered: next says what is missing
    hand = Clerk()
    hand.drop(wiz.customer.scan_status, IMAGES / "id-front-101.jpg")
    hand.stop()
    wait_until(lambda: bool(wiz.customer.id_number.text()), 120, "the ID card")
    # The name and number came from the card: their message is gone, the consent's stays.
    assert "姓名" not in wiz.problems.text() and "同意" in wiz.problems.text()
    assert "已识别" in wiz.customer.scan_status.text()
    shot(w, "message-gone-after-scan")
    w.tasks.wait_idle()


def test_a_message_goes_when_a_supervisor_approves_in_the_dialog(qtbot, gui_ctx):
    from app.access.permissions import Role
    from ui.wizard.referral_dialog import ReferralDialog

    clerk = clerk_at_demo_outlet(gui_ctx)
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    wiz.customer.load({**EXAMPLE["policyholder"], "consent": True})
    wiz.go_next()
    wiz.vehicle.load({**EXAMPLE["vehicle"], "purchase_price": "1200000"})  # referred
    wiz.go_next()
    wiz.coverage.load({"history": HISTORY})
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert "主管" in wiz.problems.text()
    dialog = ReferralDialog("高价值车辆", wiz)

    def decide() -> None:
        dialog.username.setText("lee")
        dialog.password.setText("lee-pass-123")
        dialog.note.setText("已验车")
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, decide)
    wiz.ask_supervisor(dialog)  # the password is checked on the write lane, not here
    qtbot.waitUntil(lambda: wiz.problems.text() == "", timeout=30_000)
    assert wiz.coverage.referral.status == "approved"
    w.tasks.wait_idle()


def test_the_first_administrator_picks_the_language_and_reads_the_password_rule_first(
    qtbot, chudan_home
):
    from app.desk.context import AppContext
    from ui.login_dialog import FirstAdminDialog

    ctx = AppContext.open(chudan_home)
    try:
        d = FirstAdminDialog(ctx)
        qtbot.addWidget(d)
        d.show()
        assert "至少需要 8 个字符" in d.rule.text() and d.error.text() == ""  # before any typing
        d.language.setCurrentIndex(d.language.findData("en"))
        qtbot.waitUntil(lambda: d.windowTitle() == "Chudan — first administrator")
        assert "at least 8 characters" in d.rule.text()
        assert ctx.settings.language() == "en"  # kept for the log-in after
        shot(d, "first-administrator-en")
        d.language.setCurrentIndex(d.language.findData("zh_CN"))
        qtbot.waitUntil(lambda: "管理员" in d.windowTitle())
        assert QApplication.activeModalWidget() is None
    finally:
        ctx.close()
