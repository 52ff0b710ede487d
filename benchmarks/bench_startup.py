"""Start-up figures for the window: cold start to the log-in window shown (a fresh process each
time, median of 11 after one start that fills the page cache) and resident memory of the idle main
window. Offscreen Qt."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import ChildFailed, Figure, LineReader, child_env, not_measured, run_child

ROOT = Path(__file__).resolve().parent.parent
LIMIT_S = 120  # a start that takes this long has failed, however busy the machine

IDLE_WINDOW = r"""
import os, psutil
from PySide6.QtCore import QTimer
from app.desk.context import AppContext
from ui.app_main import make_application
from ui.i18n import install_language
from ui.main_window import MainWindow
app = make_application()
ctx = AppContext.open()
install_language(ctx.settings.language())
user = ctx.auth.login("admin", "admin-pass-1")
w = MainWindow(ctx, user)
w.show()
for i in range(5):
    w.show_page(i)
    app.processEvents()
w.show_page(0)
QTimer.singleShot(1500, app.quit)  # let it settle
app.exec()
print("rss", psutil.Process().memory_info().rss)
"""


def _env(home: Path) -> dict[str, str]:
    return child_env(CHUDAN_HOME=str(home), CHUDAN_KEYRING="off", QT_QPA_PLATFORM="offscreen")


def _cold_start(env: dict[str, str]) -> tuple[float, float]:
    """One fresh process to the log-in window painted, and to the store open behind it."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.launcher"],
        env={**env, "CHUDAN_STARTUP_PROBE": "1"},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    out, err = LineReader(proc.stdout), LineReader(proc.stderr)
    try:
        # Printed once the dialog is painted, then once the store is open; exit is not counted.
        shown = out.next_line(LIMIT_S)
        shown_at = time.perf_counter() - t0
        ready = out.next_line(LIMIT_S) if shown else None
        ready_at = time.perf_counter() - t0
        if not (shown or "").startswith("login-shown") or not (ready or "").startswith(
            "store-ready"
        ):
            proc.kill()
            proc.wait(timeout=LIMIT_S)
            err.wait_for(lambda _: False, 2)  # what it wrote before it died
            raise ChildFailed(
                f"the window did not reach the log-in dialog within {LIMIT_S} s "
                f"(exit {proc.returncode}): {err.tail(3) or 'no stderr'}"
            )
        proc.wait(timeout=LIMIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return shown_at, ready_at


def run(quick: bool = False) -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = _env(home)
        run_child(
            [
                sys.executable,
                "-c",
                "from app.desk.context import AppContext\n"
                "c = AppContext.open(); c.auth.create_first_admin('admin', 'admin-pass-1', 'A'); c.close()",
            ],
            what="creating the store",
            env=env,
            cwd=ROOT,
        )
        _cold_start(env)  # the first start after creating the store (files into the page cache)
        starts, readies = [], []
        for _ in range(5 if quick else 11):
            shown, ready = _cold_start(env)
            starts.append(shown)
            readies.append(ready)
        cold = statistics.median(starts)
        ready = statistics.median(readies)
        spread = f"{min(starts):.2f}–{max(starts):.2f} s over {len(starts)} starts"
        figures += [
            Figure(
                "startup",
                "cold start to log-in window shown (fresh process, median)",
                cold,
                "s",
                at_most=1.0,
                note=f"process start to the dialog painted offscreen (exit not counted); {spread}",
            ),
            Figure(
                "startup",
                "cold start to log-in usable (store open behind the dialog)",
                ready,
                "s",
                note="the store opens once the dialog is shown; 'log in' waits for it",
            ),
        ]
        try:
            out = run_child(
                [sys.executable, "-c", IDLE_WINDOW],
                what="the idle main window",
                env=env,
                cwd=ROOT,
                timeout_s=LIMIT_S * 4,
            )
            rss_mb = int(out.split("rss")[-1]) / 1e6
            figures.append(
                Figure("startup", "idle main window, resident memory", rss_mb, "MB", at_most=200)
            )
        except ChildFailed as exc:
            figures.append(
                not_measured(
                    "startup", "idle main window, resident memory", "MB", str(exc), at_most=200
                )
            )
    return figures
