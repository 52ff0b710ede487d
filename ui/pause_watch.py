"""Finding what blocks the GUI thread: a heartbeat on the GUI thread and a watcher thread that,
while the heartbeat is late, samples the GUI thread's Python stack. Each pause longer than the
threshold is kept with the stacks seen during it, so the slowest callbacks can be read with
where their time went (the wizard benchmark's largest-pause figure says how long, not why).

Off unless asked for: `CHUDAN_PAUSE_LOG=<ms>` makes the main window log every GUI-thread pause
over that many milliseconds (logger `ui.pause_watch`, with the most-sampled stack); tests and
`benchmarks/bench_wizard.py` use `PauseWatch` directly. Sampling costs the watcher a look at the
clock every few milliseconds, and a stack walk only while the GUI thread is late."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer

log = logging.getLogger(__name__)
ENV = "CHUDAN_PAUSE_LOG"


@dataclass
class Pause:
    started_s: float  # since the watch started
    ms: float
    stacks: Counter[str] = field(default_factory=Counter)  # a formatted stack → times sampled

    def top(self) -> str:
        """The stack seen most often while the GUI thread was late ("" if none was sampled)."""
        return self.stacks.most_common(1)[0][0] if self.stacks else ""


class PauseWatch(QObject):
    """Start on the GUI thread; `pauses` then holds every pause over `threshold_ms`, longest
    first once `stop()` is called (or read `worst()` at any time)."""

    def __init__(
        self,
        threshold_ms: float = 50.0,
        tick_ms: int = 5,
        sample_ms: float = 5.0,
        depth: int = 25,
        on_pause=None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.threshold_s = threshold_ms / 1000
        self.sample_s = sample_ms / 1000
        self.depth = depth
        self.on_pause = on_pause  # called on the GUI thread with each Pause as it ends
        self.pauses: list[Pause] = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._gui_ident = threading.get_ident()
        self._last = 0.0
        self._t0 = 0.0
        self._current: Pause | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._gui_ident = threading.get_ident()
        self._t0 = self._last = time.perf_counter()
        self._stop.clear()
        self._timer.start()
        self._thread = threading.Thread(target=self._watch, name="pause-watch", daemon=True)
        self._thread.start()

    def stop(self) -> list[Pause]:
        self._timer.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._tick()  # a pause still open ends here
        return self.worst()

    def worst(self, n: int | None = None) -> list[Pause]:
        with self._lock:
            ranked = sorted(self.pauses, key=lambda p: p.ms, reverse=True)
        return ranked if n is None else ranked[:n]

    def _tick(self) -> None:
        now = time.perf_counter()
        with self._lock:
            gap = now - self._last
            self._last = now
            pause, self._current = self._current, None
            if gap > self.threshold_s:
                if pause is None:  # too short for the watcher to have seen it
                    pause = Pause(now - gap - self._t0, 0.0)
                pause.ms = gap * 1000
                self.pauses.append(pause)
            else:
                pause = None
        if pause is not None and self.on_pause is not None:
            self.on_pause(pause)

    def _watch(self) -> None:
        while not self._stop.wait(self.sample_s):
            now = time.perf_counter()
            with self._lock:
                late = now - self._last
                if late <= self.threshold_s:
                    continue
                if self._current is None:
                    self._current = Pause(self._last - self._t0, 0.0)
                pause = self._current
            frame = sys._current_frames().get(self._gui_ident)
            if frame is None:
                continue
            stack = _stack(frame, self.depth)
            with self._lock:
                if pause is self._current:
                    pause.stacks[stack] += 1


def _stack(frame, depth: int) -> str:
    """The frame's stack, innermost last, as file:line in function (without reading the
    source: linecache would keep every file it read in memory)."""
    frames = traceback.StackSummary.extract(
        traceback.walk_stack(frame), limit=depth, lookup_lines=False
    )
    return "".join(f"  {f.filename}:{f.lineno} in {f.name}\n" for f in reversed(frames))


def _log_pause(pause: Pause) -> None:
    log.warning(
        "GUI thread paused %.0f ms at %.1f s (%d samples); most often in:\n%s",
        pause.ms,
        pause.started_s,
        sum(pause.stacks.values()),
        pause.top() or "(not sampled: Qt's own work, or the interpreter lock held in C)",
    )


def from_environment(parent: QObject | None = None) -> PauseWatch | None:
    """A started watch logging each pause over CHUDAN_PAUSE_LOG ms, or None when it is unset."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    try:
        threshold = float(value)
    except ValueError:
        log.warning("%s=%r is not a number of milliseconds; no pause log", ENV, value)
        return None
    watch = PauseWatch(threshold_ms=threshold, on_pause=_log_pause, parent=parent)
    watch.start()
    return watch
