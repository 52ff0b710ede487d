"""The log-in window is up before the store has opened (start-up figure: cold start to the log-in
window ≤ 1 s). What the clerk notices: typing works at once, "log in" waits for the store and then logs
in; a store with no users turns into the first-administrator dialog; a store that cannot be
opened ends in a message that says why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox


def _add_admin(home) -> None:
    from app.desk.context import AppContext

    with AppContext.open(home) as ctx:
        ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")


def test_log_in_pressed_before_the_store_opens_waits_then_logs_in(qtbot, qapp, seeded_home):
    from ui.i18n import install_language
    from ui.login_dialog import LoginDialog
    from ui.store_opening import StoreOpening

    _add_admin(seeded_home)
    pending = StoreOpening(seeded_home)
    install_language(pending.settings.language())  # as run_gui does, before the store is open
    d = LoginDialog(pending)
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.username, "admin")
    qtbot.keyClicks(d.password, "admin-pass-1")
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert d.error.text() == "正在打开数据库…" and not ok.isEnabled() and d.user is None
    with qtbot.waitSignal(d.accepted, timeout=30_000):
        pending.open_in_background()
    assert d.user is not None and d.user.username == "admin"
    pending.join()
    pending.ctx.close()


def test_a_store_without_users_turns_into_the_first_administrator_dialog(qtbot, qapp, seeded_home):
    from ui.login_dialog import LoginDialog
    from ui.store_opening import StoreOpening

    pending = StoreOpening(seeded_home)  # a store, no users yet
    d = LoginDialog(pending)
    qtbot.addWidget(d)
    d.show()
    with qtbot.waitSignal(d.finished, timeout=30_000) as finished:
        pending.open_in_background()
    assert finished.args == [LoginDialog.NEEDS_FIRST_ADMIN]
    pending.join()
    pending.ctx.close()


def test_a_store_that_cannot_be_opened_ends_the_dialog_with_the_reason(qtbot, qapp, seeded_home):
    from ui.login_dialog import LoginDialog
    from ui.store_opening import StoreOpening

    _add_admin(seeded_home)
    key_file = seeded_home / "chudan.db.key"
    key_file.write_text("00" * 32)  # the wrong key
    pending = StoreOpening(seeded_home)
    d = LoginDialog(pending)
    qtbot.addWidget(d)
    d.show()
    with qtbot.waitSignal(d.finished, timeout=30_000) as finished:
        pending.open_in_background()
    assert finished.args == [LoginDialog.STORE_FAILED]
    assert pending.ctx is None and str(key_file) in pending.error.message
