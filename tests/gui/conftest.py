"""GUI tests run offscreen (tests/conftest.py) on the real services with a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

SHOTS = Path("/tmp/chudan-shots")


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
    _wait_for_workers()
    install_language("zh_CN")
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


def shot(widget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    from PySide6.QtWidgets import QApplication

    # A retranslate posts layout requests; grabbing before they run shows labels clipped to
    # the other language's widths, which the running app never shows.
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


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
