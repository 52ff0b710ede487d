"""The store opening in the background while the log-in window is already on screen.

Opening the store means importing SQLAlchemy and the models, deriving the SQLCipher key and
checking migrations: most of a cold start. The clerk can type a user name meanwhile; pressing
"log in" before the store is open waits for it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Signal, Slot

from app.core.errors import ChudanError
from app.settings.local import SettingsService
from local_db import DB_FILENAME

if TYPE_CHECKING:
    from app.desk.context import AppContext

log = logging.getLogger(__name__)


class StoreOpening(QObject):
    opened = Signal(object)  # the AppContext, on the GUI thread
    failed = Signal(object)  # a ChudanError whose message says what to do
    _finished = Signal(object, object)  # from the opening thread: (ctx, error)

    def __init__(self, home: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.ctx: AppContext | None = None
        self.error: ChudanError | None = None
        self._thread: threading.Thread | None = None
        # Until the store is open, settings are read from settings.json without the audit log.
        self._early_settings = SettingsService(home / "settings.json", None)
        self._finished.connect(self._on_finished)  # queued: emitted from another thread

    @classmethod
    def of(cls, ctx: AppContext) -> StoreOpening:
        """An already open context (tests, and after a log-out)."""
        pending = cls(ctx.home)
        pending.ctx = ctx
        return pending

    @property
    def settings(self) -> SettingsService:
        return self.ctx.settings if self.ctx is not None else self._early_settings

    @property
    def done(self) -> bool:
        return self.ctx is not None or self.error is not None

    def store_exists(self) -> bool:
        return (self.home / DB_FILENAME).exists()

    def open_in_background(self) -> None:
        """Start opening the store on a thread (once; later calls do nothing)."""
        if self._thread is not None or self.done:
            return
        self._thread = threading.Thread(target=self._open, name="open-store", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            from app.desk.context import AppContext

            ctx = AppContext.open(self.home)
        except ChudanError as exc:
            self._finished.emit(None, exc)
        except Exception as exc:  # reported to the clerk with the log's location, never swallowed
            log.exception("opening the store failed")
            self._finished.emit(
                None,
                ChudanError(
                    f"The store could not be opened ({type(exc).__name__}). The log in {self.home / 'logs'} "
                    "says why; `chudan db check` examines the store.",
                    zh=f"无法打开数据库（{type(exc).__name__}）。原因见日志 {self.home / 'logs'}；"
                    "可运行 `chudan db check` 检查数据库。",
                ),
            )
        else:
            self._finished.emit(ctx, None)

    @Slot(object, object)
    def _on_finished(self, ctx: AppContext | None, error: ChudanError | None) -> None:
        self.ctx, self.error = ctx, error
        if ctx is not None:
            self.opened.emit(ctx)
        else:
            self.failed.emit(error)

    def wait(self) -> None:
        """Run the event loop (the window stays alive) until the store is open or has failed."""
        if self.done:
            return
        self.open_in_background()
        loop = QEventLoop()
        self.opened.connect(loop.quit)
        self.failed.connect(loop.quit)
        if not self.done:
            loop.exec()

    def join(self) -> None:
        """Quitting while a migration runs must not cut it off."""
        if self._thread is not None:
            self._thread.join()
