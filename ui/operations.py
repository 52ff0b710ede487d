"""The window's one way to reach the store (Anki's CollectionOp and QueryOp are the model):
`write` runs a service call on the one write lane, so writes happen one at a time and never on
the GUI thread; `read` runs on the pool. The answer comes back on the GUI thread. After a write,
what it changed (app/core/changes.py) goes to every page through `changed`, and each page decides
whether to redraw.

Errors a person can act on (ChudanError) come back in the window's language; anything else is
logged whole and shown as one line that says what to do, never as a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.core.changes import Changes, changes_of
from app.core.errors import ChudanError
from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)


def error_text(exc: BaseException, language: str) -> str:
    """What the window shows for a failed call."""
    if isinstance(exc, ChudanError):
        return exc.localized(language)
    log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
    if language.startswith("zh"):
        return (
            "操作未完成，出现意外错误（已记入日志）：请重试；若仍失败，请联系技术支持并提供日志。"
        )
    return (
        "That did not finish because of an unexpected error (written to the log): try again, "
        "and if it fails again, call support with the log."
    )


class Operations(QObject):
    changed = Signal(object, object)  # Changes, the object that asked for the write (or None)

    def __init__(
        self, tasks: TaskRunner, language: Callable[[], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.language = language

    def write(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str, BaseException], None] | None = None,
        initiator: object | None = None,
    ) -> Task:
        """`fn(*args)` on the write lane. `done(result)` then every page hears what changed."""

        def succeeded(result: Any) -> None:
            try:
                if done is not None and _alive(initiator):
                    done(result)
            finally:
                changes = changes_of(result)
                if changes and shiboken6.isValid(self):  # its window may have closed meanwhile
                    self.changed.emit(changes, initiator)

        return self.tasks.run(
            fn,
            *args,
            on_success=succeeded,
            on_failure=self._failure(failed, initiator),
            serial=True,
        )

    def read(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str, BaseException], None] | None = None,
        owner: object | None = None,
    ) -> Task:
        """`fn(*args)` on the pool (reads, OCR, PDFs, the network). `owner`: the widget the
        answer is for; if it has gone (a wizard closed meanwhile) the answer is dropped."""

        def succeeded(result: Any) -> None:
            if done is not None and _alive(owner):
                done(result)

        return self.tasks.run(
            fn, *args, on_success=succeeded, on_failure=self._failure(failed, owner)
        )

    def announce(self, changes: Changes, initiator: object | None = None) -> None:
        """Changes made outside `write` (the sync worker's run) reach the pages the same way."""
        if changes:
            self.changed.emit(changes, initiator)

    def _failure(
        self, failed: Callable[[str, BaseException], None] | None, owner: object | None = None
    ) -> Callable[[BaseException], None]:
        def report(exc: BaseException) -> None:
            text = error_text(exc, self.language())
            if failed is not None and _alive(owner):
                failed(text, exc)

        return report


def _alive(owner: object | None) -> bool:
    """A widget an answer is for still exists (Qt deletes a closed window's widgets)."""
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
