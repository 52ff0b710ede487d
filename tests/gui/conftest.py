"""GUI tests run offscreen (tests/conftest.py) on the real services with a fresh store."""

from __future__ import annotations

import pytest


@pytest.fixture
def gui_ctx(qapp, seeded_home):
    from app.access.permissions import Role
    from app.desk.context import AppContext
    from ui.i18n import ensure_cjk_font, install_language

    ensure_cjk_font()
    ctx = AppContext.open(seeded_home)
    install_language(ctx.settings.language())
    admin = ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    ctx.users.add_user(admin, "clerk", "clerk-pass-1", Role.CLERK, "王出单")
    yield ctx
    install_language("zh_CN")
    ctx.close()


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


@pytest.fixture(autouse=True)
def no_leftover_windows(qapp):
    """A test must not leave windows behind (napari's rule)."""
    yield
    from PySide6.QtWidgets import QApplication

    leftovers = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in leftovers:
        w.close()
    assert not leftovers, f"windows left open: {[w.objectName() or type(w).__name__ for w in leftovers]}"


def pytest_terminal_summary(terminalreporter):
    """Figures a test measured (record_property) show in the summary, not only in -s output."""
    lines = []
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        props = dict(getattr(report, "user_properties", []))
        if "user_actions" in props and report.when == "call":
            extra = {k: v for k, v in props.items() if k not in ("user_actions", "user_action_list")}
            lines.append(f"{report.nodeid.split('::')[-1]}: {props['user_actions']} user actions"
                         + "".join(f", {k} {v}" for k, v in extra.items()))
    if lines:
        terminalreporter.write_sep("-", "issuance by hand (issue 6: ≤ 15 user actions for a standard policy with scans)")
        for line in lines:
            terminalreporter.write_line(line)
