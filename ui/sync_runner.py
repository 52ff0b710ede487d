"""Runs the sync worker (sync/worker.py) off the GUI thread: at start-up, on a timer, when the
network comes back, and when the clerk presses "sync now". After head office confirms policies,
their formal PDFs are rendered and the e-policies sent (app.issuance.formal, app.delivery.service).
The window reads `status` (a dict from SyncWorker.status()) for the status bar and the sync page."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000  # the worker's own per-row backoff decides what is actually due


class SyncRunner(QObject):
    status_changed = Signal(dict)
    finished = Signal(object)  # the RunSummary of the run that just ended
    wanted = Signal()  # a run is wanted now (emitted from any thread; the run starts on the GUI's)

    def __init__(
        self,
        ctx: Any,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
        worker: Any = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = tasks
        if worker is None:
            from sync.worker import SyncWorker

            worker = SyncWorker(ctx, on_confirmed=ctx.after_confirmation)
        self.worker = worker
        self.status: dict[str, Any] = {}
        self.running = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.run_now)
        self.wanted.connect(self.run_now)
        self._watch_network()

    def _watch_network(self) -> None:
        """Run as soon as the operating system says the network is back (where Qt can tell)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:
            return
        if not QNetworkInformation.loadDefaultBackend() or QNetworkInformation.instance() is None:
            return  # no backend on this platform: the timer still retries
        info = QNetworkInformation.instance()
        info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online:
            self.run_now()

    def start(self) -> None:
        self.refresh_status()
        self.timer.start()
        self.run_now()

    def stop(self) -> None:
        self.timer.stop()

    def refresh_status(self) -> None:
        """Reads the store only (queue counts, the last run's outcome): quick enough for the GUI."""
        self.status = self.worker.status()
        self.status_changed.emit(self.status)

    def refresh_status_later(self) -> None:
        """The same read on the pool (after a write: the GUI thread does not wait for it)."""

        def done(status: dict[str, Any]) -> None:
            self.status = status
            self.status_changed.emit(self.status)

        self.tasks.run(self.worker.status, on_success=done)

    def run_now(self) -> None:
        if self.running:
            return
        self.running = True

        def work():
            summary = self.worker.run_once()
            return summary, self.worker.status()

        def done(result) -> None:
            self.running = False
            summary, self.status = result
            self.status_changed.emit(self.status)
            self.finished.emit(summary)

        def failed(exc: BaseException) -> None:
            self.running = False
            log.error("sync run failed: %s", type(exc).__name__)
            self.refresh_status()

        self.tasks.run(work, on_success=done, on_failure=failed)

    def refer(self, draft_id: str, reasons: list[str], quote_request: dict, summary: dict) -> str:
        """Send a referral to head office's underwriters: queued now, sent at once when online
        (a sync run starts), asked about again on later runs until decided. Returns its id."""
        import uuid

        from sync.protocol import ReferralSubmit
        from sync.queued_calls import QueuedCalls

        referral_id = uuid.uuid4()
        QueuedCalls(self.ctx.store).queue_referral(
            ReferralSubmit(
                referral_id=referral_id,
                reasons=reasons,
                quote_request=quote_request,
                draft_id=draft_id,
                quote_summary=summary,
            ),
            draft_id=draft_id,
        )
        self.wanted.emit()  # called on the write lane: the run itself starts on the GUI thread
        return str(referral_id)
