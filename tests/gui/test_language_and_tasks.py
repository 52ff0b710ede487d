"""Language switches at once without a restart; long work never freezes the window."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

from tests.support.screenshots import shot


def test_switching_language_changes_visible_texts_immediately(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = MainWindow(gui_ctx, admin)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    settings = w.pages[4]
    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: w.nav.item(1).text() == "Policies")
    assert [w.nav.item(i).text() for i in range(5)] == [
        "New policy",
        "Policies",
        "Waiting",
        "Reports",
        "Settings",
    ]
    assert settings.title.text() == "Settings" and w.logout_button.text() == "Log out"
    assert w.user_label.text() == "User: 管理员 (admin)"
    shot(w, "main-settings-en")
    assert gui_ctx.settings.language() == "en"  # remembered for the next start
    settings.language.setCurrentIndex(settings.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: w.nav.item(1).text() == "保单")
    assert settings.title.text() == "设置"


def test_login_dialog_language_choice(qtbot, gui_ctx):
    from ui.login_dialog import LoginDialog

    d = LoginDialog(gui_ctx)
    qtbot.addWidget(d)
    d.show()
    d.language.setCurrentIndex(d.language.findData("en"))
    qtbot.waitUntil(lambda: d.windowTitle() == "Chudan — log in")
    shot(d, "login-en")
    d.username.setText("clerk")
    d.password.setText("bad")
    d.try_login()
    assert d.error.text().startswith("Wrong user name or password")


def test_task_runs_off_the_gui_thread_while_a_timer_keeps_firing(qtbot, qapp):
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    release = threading.Event()
    gui_thread = threading.get_ident()
    seen = {}

    def slow(progress):
        seen["thread"] = threading.get_ident()
        for i in range(3):
            progress(i + 1, 3)
        release.wait(5)
        return 42

    progress_seen = []
    with qtbot.waitSignal(
        runner.run(slow, on_progress=lambda d, t: progress_seen.append((d, t))).signals.succeeded,
        timeout=10_000,
    ) as blocker:
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=5000)  # the event loop is alive meanwhile
        release.set()
    timer.stop()
    assert blocker.args == [42]
    assert seen["thread"] != gui_thread
    qtbot.waitUntil(lambda: progress_seen == [(1, 3), (2, 3), (3, 3)])
    runner.wait_idle()


def test_failing_task_reports_the_error_on_the_gui_thread(qtbot, qapp):
    from app.core.errors import InvalidInput
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    got = []

    def boom():
        raise InvalidInput("bad input", zh="输入有误")

    task = runner.run(boom, on_failure=lambda e: got.append((threading.get_ident(), e)))
    qtbot.waitUntil(lambda: bool(got))
    assert got[0][0] == threading.get_ident() and isinstance(got[0][1], InvalidInput)
    assert task is not None
    runner.wait_idle()


def test_serial_lane_runs_writes_one_at_a_time(qtbot, qapp):
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    active, peak, done = [0], [0], []
    lock = threading.Lock()

    def write(i):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        threading.Event().wait(0.02)
        with lock:
            active[0] -= 1
        return i

    for i in range(5):
        runner.run(write, i, serial=True, on_success=done.append)
    qtbot.waitUntil(lambda: len(done) == 5, timeout=10_000)
    assert peak[0] == 1 and done == [0, 1, 2, 3, 4]


def test_a_cancelled_task_stops_early_and_says_how_far_it_got(qtbot, qapp):
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    started = threading.Event()

    def long_export(progress, cancelled):
        for i in range(10_000):
            if cancelled():
                return ("cancelled", i)
            progress(i, 10_000)
            started.set()
            threading.Event().wait(0.001)
        return ("done", 10_000)

    task = runner.run(long_export)
    assert started.wait(5)
    with qtbot.waitSignal(task.signals.succeeded, timeout=10_000) as blocker:
        task.cancel()
    state, reached = blocker.args[0]
    assert state == "cancelled" and 0 < reached < 10_000
    runner.wait_idle()


def test_qt_standard_buttons_follow_the_language(qtbot, gui_ctx):
    """Qt's own catalogue (qtbase) is loaded with the app's: a standard Cancel button and the
    buttons of a message box read 取消 in a Chinese window and Cancel in an English one."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from ui.i18n import install_language

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    install_language("zh_CN")
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    question = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes)
    qtbot.addWidget(question)
    assert question.button(QMessageBox.StandardButton.Yes).text().startswith("是")
    install_language("en")
    qtbot.waitUntil(lambda: box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel")
    install_language("zh_CN")
