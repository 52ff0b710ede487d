"""GUI tests run offscreen (tests/conftest.py) on the real services with a fresh store.

After each test nothing it started may still be going (napari's rule, which it applies to
windows, threads and timers): no window left open; no task still running on a TaskRunner the
test made or on Qt's global pool; no Python thread the test started, and no QThread owned by the
application, a window or a runner, still running; no QTimer made from Python still active on the
application, a window (closed or not) or a TaskRunner/SyncRunner the test made. Work gets
LEFTOVER_GRACE_S to finish after the test (a worker thread returns a moment after its result
reached the GUI thread); anything still running then was left behind."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest

LEFTOVER_GRACE_S = 2.0


@pytest.fixture
def gui_ctx(qapp, seeded_home):
    from app.access.permissions import Role
    from app.desk.context import AppContext
    from ui.i18n import ensure_cjk_font, install_language

    ensure_cjk_font()
    from PySide6.QtWidgets import QApplication

    from ui.style import apply_style

    apply_style(QApplication.instance())  # the look the desk has
    ctx = AppContext.open(seeded_home)
    install_language(ctx.settings.language())
    admin = ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    ctx.users.add_user(admin, "clerk", "clerk-pass-1", Role.CLERK, "王出单")
    yield ctx
    install_language("zh_CN")
    QApplication.processEvents()  # the language change reaches the windows (it may start reads)
    _wait_for_workers()
    ctx.close()


def _wait_for_workers() -> None:
    """Work a test left running (a save on the write lane, a quote on the pool) ends before the
    store closes under it."""
    import gc

    from ui.tasks import TaskRunner

    for runner in [o for o in gc.get_objects() if isinstance(o, TaskRunner)]:
        try:
            runner.wait_idle(30_000)
        except RuntimeError:  # its C++ side is gone with its window
            continue


@pytest.fixture
def desk_clerk(gui_ctx):
    """The clerk of gui_ctx's desk, logged in, with the demo outlet set up."""
    from app.desk.demo import ensure_demo_outlet

    ensure_demo_outlet(gui_ctx)
    return gui_ctx.auth.login("clerk", "clerk-pass-1")


@pytest.fixture
def make_wizard(qtbot):
    """`make_wizard(ctx, user)` shows an issue wizard with its own task runner, as the issue page
    would; the work the wizards started finishes before the test's store closes."""
    from ui.tasks import TaskRunner
    from ui.wizard.issue_wizard import IssueWizard, OcrHolder

    runners: list[TaskRunner] = []

    def make(ctx, user):
        runners.append(TaskRunner())
        wiz = IssueWizard(ctx, user, runners[-1], OcrHolder())
        qtbot.addWidget(wiz)
        wiz.resize(1000, 760)
        wiz.show()
        return wiz

    yield make
    for runner in runners:
        assert runner.wait_idle(), "a wizard's task was still running 30 s after the test"


def _python_timers(roots) -> list:
    """Active QTimers made from Python (Qt's own internal timers are not ours to stop)."""
    import shiboken6
    from PySide6.QtCore import QTimer

    found = []
    for root in roots:
        if not shiboken6.isValid(root):
            continue
        for timer in [root, *root.findChildren(QTimer)]:
            if isinstance(timer, QTimer) and shiboken6.createdByPython(timer) and timer.isActive():
                found.append(timer)
    return found


def _running_qthreads(roots) -> list:
    """QThreads owned by the roots that are running (the app runs its work on TaskRunner's pools,
    checked separately; this catches a QThread anyone starts directly)."""
    import shiboken6
    from PySide6.QtCore import QThread

    return [
        t
        for root in roots
        if shiboken6.isValid(root)
        for t in root.findChildren(QThread)
        if t.isRunning()
    ]


@pytest.fixture(autouse=True)
def no_leftover_threads_or_timers(qapp, monkeypatch):
    """A test must not leave threads running or timers ticking (see the module's docstring)."""
    import shiboken6
    from PySide6.QtCore import QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    from ui.sync_runner import SyncRunner
    from ui.tasks import TaskRunner

    made: weakref.WeakSet = weakref.WeakSet()  # the runners this test makes
    for cls in (TaskRunner, SyncRunner):

        def tracking_init(self, *args, _init=cls.__init__, **kwargs):
            _init(self, *args, **kwargs)
            made.add(self)

        monkeypatch.setattr(cls, "__init__", tracking_init)

    def roots():
        return [QApplication.instance(), *QApplication.topLevelWidgets(), *made]

    threads_before = set(threading.enumerate())
    timers_before = _python_timers(roots())
    qthreads_before = _running_qthreads(roots())
    yield
    deadline = time.monotonic() + LEFTOVER_GRACE_S

    def left_ms() -> int:
        return max(0, int((deadline - time.monotonic()) * 1000))

    busy = [
        type(r).__name__
        for r in list(made)
        if isinstance(r, TaskRunner) and shiboken6.isValid(r) and not r.wait_idle(left_ms())
    ]
    if not QThreadPool.globalInstance().waitForDone(left_ms()):
        busy.append("Qt's global thread pool")
    started = [
        t
        for t in threading.enumerate()
        if t not in threads_before and not isinstance(t, threading._DummyThread)
    ]
    for t in started:
        t.join(left_ms() / 1000)
    alive = [t.name for t in started if t.is_alive()]
    alive += [
        f"{type(t).__name__} {t.objectName()}".strip()
        for t in _running_qthreads(roots())
        if not any(t is b for b in qthreads_before) and not t.wait(left_ms())
    ]
    QApplication.processEvents()
    ticking = [
        f"{t.objectName() or 'QTimer'} on {type(t.parent()).__name__}, every {t.interval()} ms"
        for t in _python_timers(roots())
        if not any(t is b for b in timers_before)
    ]
    # The windows pytest-qt closed go now, and the test's Python garbage with them, here on the
    # GUI thread: left to a later collection, which may run on a worker thread, the wrapper of a
    # parentless window would delete it from there (a segfault in some later test).
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    gc.freeze()  # what survived is the session's (Qt, OCR models...): the next collection skips it
    assert not busy, f"tasks still running after the test: {busy}"
    assert not alive, f"threads the test started are still running: {alive}"
    assert not ticking, f"timers still active after the test: {ticking}"


@pytest.fixture(autouse=True)
def no_leftover_windows(qapp):
    """A test must not leave windows behind (napari's rule)."""
    yield
    from PySide6.QtWidgets import QApplication

    leftovers = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in leftovers:
        w.close()
    assert not leftovers, (
        f"windows left open: {[w.objectName() or type(w).__name__ for w in leftovers]}"
    )


def pytest_terminal_summary(terminalreporter):
    """Figures a test measured (record_property) show in the summary, not only in -s output."""
    lines = []
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        props = dict(getattr(report, "user_properties", []))
        if "user_actions" in props and report.when == "call":
            extra = {
                k: v for k, v in props.items() if k not in ("user_actions", "user_action_list")
            }
            lines.append(
                f"{report.nodeid.split('::')[-1]}: {props['user_actions']} user actions"
                + "".join(f", {k} {v}" for k, v in extra.items())
            )
    if lines:
        terminalreporter.write_sep(
            "-", "issuance by hand (target: ≤ 18 user actions for a standard policy with scans)"
        )
        for line in lines:
            terminalreporter.write_line(line)
