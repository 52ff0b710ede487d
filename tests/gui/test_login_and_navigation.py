"""Log in, move through the five pages, log out (the main window, docs/ui.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.support.screenshots import shot


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_first_run_asks_for_an_administrator(qtbot, qapp, seeded_home):
    from app.desk.context import AppContext
    from ui.i18n import install_language
    from ui.login_dialog import FirstAdminDialog

    install_language("zh_CN")  # the default; not left to whichever test ran before
    with AppContext.open(seeded_home) as ctx:  # a store, no users yet
        assert ctx.auth.needs_first_admin()
        d = FirstAdminDialog(ctx)
        qtbot.addWidget(d)
        d.show()
        qtbot.keyClicks(d.username, "boss")
        d.display_name.setText("老板")  # QTest.keyClicks aborts on non-Latin-1 text
        qtbot.keyClicks(d.password, "boss-pass-1")
        qtbot.keyClicks(d.repeat, "boss-pass-2")
        qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)
        assert d.error.text() == "两次输入的密码不一致，请重新输入。" and d.user is None
        d.repeat.clear()
        qtbot.keyClicks(d.repeat, "boss-pass-1")
        qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)
        assert d.user is not None and d.user.role == "admin"
        assert not ctx.auth.needs_first_admin()


def test_wrong_password_shows_what_to_do_and_the_right_one_logs_in(qtbot, gui_ctx):
    from ui.login_dialog import LoginDialog

    d = LoginDialog(gui_ctx)
    qtbot.addWidget(d)
    d.show()
    assert d.windowTitle() == "出单台 — 登录"
    shot(d, "login-zh")
    qtbot.keyClicks(d.username, "clerk")
    qtbot.keyClicks(d.password, "wrong-password")
    qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)
    assert "再错 4 次" in d.error.text() and d.password.text() == ""
    qtbot.keyClicks(d.password, "clerk-pass-1")
    qtbot.keyClick(d.password, Qt.Key.Key_Return)
    assert d.user is not None and d.user.username == "clerk"


def test_locked_account_says_until_when(qtbot, gui_ctx):
    from ui.login_dialog import LoginDialog

    d = LoginDialog(gui_ctx)
    qtbot.addWidget(d)
    d.username.setText("clerk")
    for _ in range(5):
        d.password.setText("nope")
        d.try_login()
    assert "锁定至" in d.error.text()


def test_navigation_through_the_pages_and_log_out(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    user = gui_ctx.auth.login("admin", "admin-pass-1")
    w = MainWindow(gui_ctx, user)
    qtbot.addWidget(w)
    w.show()
    names = [w.nav.item(i).text() for i in range(w.nav.count())]
    assert names == [
        "新建投保",
        "保单",
        "待处理",
        "报表",
        "设置",
        "同步",
        "单证库",
        "续保",
        "实战演练",
    ]
    titles = []
    for i in range(w.nav.count()):
        rect = w.nav.visualItemRect(w.nav.item(i))
        qtbot.mouseClick(w.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert w.stack.currentIndex() == i
        titles.append(w.stack.currentWidget().title.text())
    assert titles == [
        "新建投保",
        "保单",
        "待处理事项",
        "报表",
        "设置",
        "与总公司同步",
        "单证库",
        "续保清单",
        "实战演练",
    ]
    # The reports page shows the month so far (worked out on a worker), with no policies yet:
    # a dash, never 0 %.
    qtbot.waitUntil(lambda: w.pages[3].report is not None and not w.pages[3].busy)
    assert (
        w.pages[3].headline.item(0, 1).text() == "0"
        and "—" in w.pages[3].headline.item(6, 1).text()
    )
    assert w.user_label.text() == "用户：管理员（管理员）" and w.sync_label.text() == "同步：未配置"
    qtbot.mouseClick(w.sync_label, Qt.MouseButton.LeftButton)  # the status bar opens the sync page
    assert w.stack.currentIndex() == 5
    qtbot.waitUntil(lambda: "尚未开通" in w.pages[5].state.text())  # the queue read on the pool
    w.show_page(4)
    shot(w, "main-settings-zh")
    with qtbot.waitSignal(w.logged_out, timeout=5000):
        qtbot.mouseClick(w.logout_button, Qt.MouseButton.LeftButton)
    assert not w.isVisible()
    assert gui_ctx.audit.recent(1)[0].action == "auth.logout"


def test_clerk_does_not_get_user_management(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    assert not w.pages[4].users_box.isVisible()


def test_admin_adds_and_unlocks_users_from_settings(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = MainWindow(gui_ctx, admin)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    page = w.pages[4]
    qtbot.keyClicks(page.new_username, "li")
    page.new_display.setText("李出单")
    qtbot.keyClicks(page.new_password, "short")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    # Added on the write lane (hashing the password takes a moment): the answer comes back.
    qtbot.waitUntil(lambda: "至少需要 8 个字符" in page.message.text())
    page.new_password.setText("li-pass-123")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() == "已添加 li。")

    def usernames():
        return [page.users.item(r, 0).text() for r in range(page.users.rowCount())]

    qtbot.waitUntil(lambda: usernames() == ["admin", "clerk", "li"])
    assert gui_ctx.auth.login("li", "li-pass-123").username == "li"


def test_status_bar_says_the_rate_table_is_illustrative(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    w = MainWindow(gui_ctx, gui_ctx.auth.login("clerk", "clerk-pass-1"))
    qtbot.addWidget(w)
    w.show()
    assert w.rates_label.text() == "费率表 第2版 （示例费率）"
