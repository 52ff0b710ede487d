"""Running work off the GUI thread (Anki's CollectionOp/QueryOp idea): `run()` calls a function
on a worker thread, then `on_success(result)` or `on_failure(exc)` on the GUI thread. Writes to
the store go through a one-thread lane so they happen one at a time; other work (OCR, PDF,
network) uses the general pool. Worker functions never touch widgets.

A function that accepts a `progress` keyword gets a callable `progress(done, total)`, and one
that accepts `cancelled` gets a callable returning True once the caller cancelled."""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)
# The write lane's thread is named so (a test checks every store write happens on it).
WRITE_LANE = "store-write-lane"


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class Task(QRunnable):
    def __init__(
        self, fn: Callable[..., Any], args: tuple, kwargs: dict, thread_name: str | None = None
    ) -> None:
        super().__init__()
        self.signals = _Signals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._thread_name = thread_name
        self._cancel = threading.Event()
        params = inspect.signature(fn).parameters
        if "progress" in params:
            self._kwargs["progress"] = lambda done, total: self.signals.progressed.emit(
                int(done), int(total)
            )
        if "cancelled" in params:
            self._kwargs["cancelled"] = self._cancel.is_set

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        if self._thread_name:
            threading.current_thread().name = self._thread_name
        try:
            result = self._fn(*self._args, **self._kwargs)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # reported to the GUI thread, never swallowed
            log.exception("task %s failed", getattr(self._fn, "__name__", self._fn))
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._live: set[Task] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        serial: bool = False,
        **kwargs: Any,
    ) -> Task:
        task = Task(fn, args, kwargs, WRITE_LANE if serial else None)
        task.setAutoDelete(False)
        self._live.add(task)

        def done(_: object = None) -> None:
            self._live.discard(task)

        if on_success:
            task.signals.succeeded.connect(on_success)
        if on_failure:
            task.signals.failed.connect(on_failure)
        if on_progress:
            task.signals.progressed.connect(on_progress)
        task.signals.succeeded.connect(done)
        task.signals.failed.connect(done)
        (self._serial if serial else self._pool).start(task)
        return task

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs) and self._serial.waitForDone(msecs)
