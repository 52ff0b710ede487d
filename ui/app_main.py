"""The window's life: open the store, first administrator if needed, log in, main window;
log-out returns to the log-in dialog."""

from __future__ import annotations

import os
import sys
import time
from functools import partial

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ui import source_scan

# Before the store's and the pages' modules: PySide6's import hook would keep their source
# (ui/source_scan.py).
source_scan.stop()

from app.core.errors import ChudanError  # noqa: E402
from app.core.paths import data_dir, resources_dir  # noqa: E402
from ui.i18n import ensure_cjk_font, install_language  # noqa: E402
from ui.login_dialog import FirstAdminDialog, LoginDialog  # noqa: E402
from ui.store_opening import StoreOpening  # noqa: E402

# `benchmarks/bench_startup.py` sets this to time a cold start: print when the log-in is shown
# and when the store behind it is open, then quit.
STARTUP_PROBE = "CHUDAN_STARTUP_PROBE"
SWITCH_INTERVAL_S = 0.001


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Chudan")
    app.setOrganizationName("Chudan")
    # The taskbar's icon, and on Wayland the menu entry the window belongs to (chudan.desktop).
    QApplication.setWindowIcon(QIcon(str(resources_dir() / "icons" / "chudan.png")))
    QApplication.setDesktopFileName("chudan")
    ensure_cjk_font()
    from ui.style import apply_style

    apply_style(app)  # type: ignore[arg-type]
    # Workers (quotes, OCR's Python side, store writes) hand the interpreter back to the window
    # at least this often: the default 5 ms shows as a stutter when the clerk types during a quote.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    return app  # type: ignore[return-value]


def _store_failed(pending: StoreOpening) -> int:
    error = pending.error or ChudanError("The store could not be opened.", zh="无法打开数据库。")
    QMessageBox.critical(None, "Chudan 出单台", f"{error.zh}\n\n{error.message}")
    return 1


def run_gui() -> int:
    t0 = time.perf_counter()
    app = make_application()
    # The log-in window goes up first and the store opens behind it (StoreOpening): opening
    # it is most of a cold start and the clerk is typing meanwhile.
    from app.core.print_folder import clear_print_folder

    pending = StoreOpening(data_dir())
    clear_print_folder(data_dir())  # left by a window that did not close (power cut)
    install_language(pending.settings.language())
    try:
        while True:
            if not pending.store_exists():  # first run: creating the store decides what comes next
                pending.open_in_background()
                pending.wait()
            if pending.error is not None:
                return _store_failed(pending)
            first_admin = pending.ctx is not None and pending.ctx.auth.needs_first_admin()
            if first_admin:
                assert pending.ctx is not None
                first = FirstAdminDialog(pending.ctx)
                if first.exec() != QDialog.DialogCode.Accepted or first.user is None:
                    return 0
                user = first.user
                _offer_key_export(pending.ctx, user)
            else:
                login = LoginDialog(pending)
                login.show()
                app.processEvents()  # painted
                # Only now: the opening thread's imports would hold the interpreter lock while the
                # dialog is built and painted (one Python thread runs at a time).
                pending.open_in_background()
                if os.environ.get(STARTUP_PROBE):
                    return _probe(login, pending, t0)
                result = login.exec()
                if result == LoginDialog.NEEDS_FIRST_ADMIN:
                    continue
                if result == LoginDialog.STORE_FAILED:
                    return _store_failed(pending)
                if result != QDialog.DialogCode.Accepted or login.user is None:
                    return 0
                user = login.user
            ctx = pending.ctx
            assert ctx is not None  # a user exists only once the store is open
            # Imported only once someone has logged in: the pages are not needed to show the
            # log-in dialog, and cold start is measured to that dialog.
            from ui.main_window import MainWindow

            training, user = training_session(
                user, wants=not first_admin and login.training.isChecked()
            )
            window = MainWindow(training or ctx, user)
            logged_out: list[bool] = []
            window.logged_out.connect(partial(logged_out.append, True))
            window.show()
            window.start_sync()
            app.exec()
            window.sync.stop()
            window.tasks.wait_idle()  # a sync run in flight finishes before the store closes
            if training is not None:
                training.close()
            if not logged_out:  # the window was closed: quit; a log-out shows the log-in again
                return 0
    finally:
        pending.join()
        if pending.ctx is not None:
            pending.ctx.close()
        clear_print_folder(data_dir())


def training_session(user, *, wants: bool):
    """(the training context, the trainee) when the clerk ticked 培训模式 or a supervisor set
    training mode for them (app/training/assignments.py); else (None, the user). 实战演练 is the
    same window over the training store, as the same person (app/desk/training.py); the real
    store stays open only for the log-out."""
    from app.training.assignments import Assignments

    if not wants and not Assignments(data_dir()).training_mode_required(user.username):
        return None, user
    from app.desk.training import open_training, trainee

    training = open_training(data_dir())
    return training, trainee(training, user.username, user.display_name, user.role)


def _offer_key_export(ctx, user) -> None:
    """Right after the first administrator: the one moment to make backups survive this PC."""
    from ui.key_export_dialog import KeyExportDialog

    KeyExportDialog(ctx, user, first_run=True).exec()


def _probe(login: LoginDialog, pending: StoreOpening, t0: float) -> int:
    print(f"login-shown {time.perf_counter() - t0:.4f}", flush=True)
    pending.wait()
    print(f"store-ready {time.perf_counter() - t0:.4f}", flush=True)
    return 0
