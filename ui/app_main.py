"""The window's life: open the store, first administrator if needed, log in, main window;
log-out returns to the log-in dialog."""

from __future__ import annotations

import os
import sys
import time
from functools import partial

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.context import AppContext, StoreUnavailable
from ui.i18n import ensure_cjk_font, install_language
from ui.login_dialog import FirstAdminDialog, LoginDialog

# `benchmarks/bench_startup.py` sets this to time a cold start: print when the log-in is shown.
STARTUP_PROBE = "CHUDAN_STARTUP_PROBE"


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Chudan")
    app.setOrganizationName("Chudan")
    ensure_cjk_font()
    return app  # type: ignore[return-value]


def run_gui() -> int:
    t0 = time.perf_counter()
    app = make_application()
    try:
        ctx = AppContext.open()
    except StoreUnavailable as exc:
        QMessageBox.critical(None, "Chudan 出单台", f"{exc.zh}\n\n{exc.message}")
        return 1
    try:
        install_language(ctx.settings.language())
        while True:
            if ctx.auth.needs_first_admin():
                first = FirstAdminDialog(ctx)
                if first.exec() != QDialog.DialogCode.Accepted or first.user is None:
                    return 0
                user = first.user
            else:
                login = LoginDialog(ctx)
                if os.environ.get(STARTUP_PROBE):
                    login.show()
                    app.processEvents()
                    print(f"login-shown {time.perf_counter() - t0:.4f}", flush=True)
                    return 0
                if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
                    return 0
                user = login.user
            # Imported only once someone has logged in: the pages are not needed to show the
            # log-in dialog, and cold start is measured to that dialog.
            from ui.main_window import MainWindow

            window = MainWindow(ctx, user)
            logged_out: list[bool] = []
            window.logged_out.connect(partial(logged_out.append, True))
            window.show()
            app.exec()
            if not logged_out:  # the window was closed: quit; a log-out shows the log-in again
                return 0
    finally:
        ctx.close()
