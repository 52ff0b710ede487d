"""Benchmarks: `make bench` runs `python -m benchmarks`, prints a table and writes
benchmarks/results.json. Each `bench_*.py` module has `run(quick: bool) -> list[Figure]`.

Targets are set for the slowest machine the figures have been seen on, where
`sum(range(10000))` takes 216 µs (benchmarks/calibration.py). A figure measured elsewhere is
scaled to that machine before it is judged (`Figure.judge`, the one place that does it): a time is
multiplied by 216 µs ÷ the median measured here just before and after its benchmark, a rate is
divided by the same factor; a share, a count, a memory figure or a ratio of two times taken here
is not scaled. On a busy machine a miss is also checked allowing for the load, and marked when
the load may explain it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from benchmarks.calibration import REFERENCE_US, Calibration

TIME_UNITS = {"µs": 1e-6, "ms": 1e-3, "s": 1.0}


def scaling(unit: str) -> str:
    """How a figure in `unit` travels to the reference machine: "time", "rate" or "none"."""
    if unit in TIME_UNITS:
        return "time"
    if unit.endswith("/s"):
        return "rate"
    return "none"


@dataclass
class Figure:
    area: str  # what the figure measures: startup, store, ocr, rating, issuance, pdf, wizard, sync, hq
    name: str
    value: float | None  # as measured here; None: not measured, the note says why
    unit: str
    target: str = ""  # as printed; made from at_most/at_least when those are given
    ok: bool | None = None  # the module's own verdict (figures without at_most/at_least)
    note: str = ""
    at_most: float | None = None  # the target in `unit`, on the reference machine
    at_least: float | None = None
    # False when something besides the number failed (a policy not accepted, a number drawn twice):
    # then the figure misses its target whatever its value; the note says what.
    conditions_met: bool = True
    # Filled in by judge() from the calibration taken next to the figure:
    calibration_us: float | None = None  # this machine's speed: sum(range(10000)), µs a call
    multiple: float | None = None  # a time ÷ that calibration, a rate × it (how many sum(range)s)
    scaled: float | None = None  # the value on the reference machine: what is judged
    # The same allowing for the load: scaled by the reference timed in runs about as long as the
    # figure (benchmarks/calibration.py). Only says whether a miss may be the load's doing.
    scaled_for_load: float | None = None
    share: float | None = None  # the share of a core a long calibration run got (1.0: quiet)
    busy_miss: bool = False  # missed its target, but would meet it allowing for the load
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.target and (self.at_most is not None or self.at_least is not None):
            sign, limit = ("≤", self.at_most) if self.at_most is not None else ("≥", self.at_least)
            self.target = f"{sign} {limit:,g} {self.unit}"

    @property
    def has_target(self) -> bool:
        return bool(self.target) or self.at_most is not None or self.at_least is not None

    def _to_reference(self, per_call_us: float) -> float | None:
        assert self.value is not None
        kind = scaling(self.unit)
        if kind == "time":
            return self.value * REFERENCE_US / per_call_us
        if kind == "rate":
            return self.value / (REFERENCE_US / per_call_us)
        return self.value

    def _meets(self, value: float | None) -> bool | None:
        if value is None or (self.at_most is None and self.at_least is None):
            return None
        if self.at_most is not None:
            return self.conditions_met and value <= self.at_most
        return self.conditions_met and value >= (self.at_least or 0)

    def judge(self, cal: Calibration) -> None:
        """Scale the value to the reference machine (× 216 µs ÷ this machine's speed at
        sum(range(10000)); a rate ÷ the same factor) and give the verdict on the scaled value. The
        one place that does it."""
        self.calibration_us = cal.speed_us
        self.share = cal.share
        if self.value is None:
            if not self.conditions_met:
                self.ok = False
            return
        kind = scaling(self.unit)
        if kind == "time":
            self.multiple = self.value * TIME_UNITS[self.unit] / (cal.speed_us * 1e-6)
        elif kind == "rate":
            self.multiple = self.value * cal.speed_us * 1e-6
        self.scaled = self._to_reference(cal.speed_us)
        seconds = self.value * TIME_UNITS[self.unit] if kind == "time" else None
        _, per_call_us = cal.for_duration(seconds)
        self.scaled_for_load = self._to_reference(per_call_us)
        verdict = self._meets(self.scaled)
        if verdict is not None:
            self.ok = verdict
            self.busy_miss = not verdict and bool(self._meets(self.scaled_for_load))
        elif not self.conditions_met:
            self.ok = False

    @property
    def unmeasured(self) -> bool:
        """A figure with a target but no verdict: it could not be measured, or what it is judged
        against could not be (PaddleOCR side by side)."""
        return self.has_target and self.ok is None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        """A figure a child process printed with as_dict()."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def as_dict(self) -> dict:
        d = asdict(self)
        d["reference_us"] = REFERENCE_US
        return d


def not_measured(area: str, name: str, unit: str, why: str, **target: Any) -> Figure:
    """The row of a figure that could not be measured here: it says why instead of a value."""
    return Figure(area, name, None, unit, note=f"not measured: {why}", **target)


class ChildFailed(RuntimeError):
    """A benchmark's child process failed; the message ends with the tail of its stderr."""


def _tail(text: str, lines: int = 15) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join(kept[-lines:])


def run_child(
    args: Sequence[str],
    *,
    what: str,
    timeout_s: float = 1800,
    **kwargs: Any,
) -> str:
    """Run a child to completion and return its stdout. On failure (an exit code or the limit)
    its whole stderr goes to ours and the error carries its last lines, so the table's row and the
    log both say why. Limits are generous: a slow, busy machine must still finish."""
    try:
        done = subprocess.run(
            list(args), capture_output=True, text=True, timeout=timeout_s, **kwargs
        )
    except subprocess.TimeoutExpired as exc:
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        sys.stderr.write(f"--- {what}: stderr ---\n{err}\n")
        raise ChildFailed(f"{what} did not finish within {timeout_s:.0f} s") from None
    if done.returncode != 0:
        sys.stderr.write(f"--- {what}: exit {done.returncode}, stderr ---\n{done.stderr}\n")
        raise ChildFailed(
            f"{what} failed (exit {done.returncode}): {_tail(done.stderr, 3) or 'no stderr'}"
        )
    return done.stdout


def last_json_line(stdout: str, what: str) -> Any:
    """The JSON a child prints last (libraries may print before it)."""
    import json

    for line in reversed(stdout.strip().splitlines()):
        if line.startswith(("{", "[")):
            return json.loads(line)
    raise ChildFailed(f"{what} printed no result: {_tail(stdout, 3) or 'no output'}")


class LineReader:
    """Lines from a child's pipe, read on a thread so that every wait for one has a limit (a bare
    readline() waits for ever on a child that hangs) and the pipe never fills up."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._taken = 0
        self._eof = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._cond:
                self.lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def wait_for(self, condition: Callable[[list[str]], bool], timeout_s: float) -> bool:
        """Wait until `condition(lines so far)` holds; False at the end of the stream or the limit."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while not condition(self.lines):
                left = deadline - time.monotonic()
                if self._eof or left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def next_line(self, timeout_s: float) -> str | None:
        """The next line not yet taken, or None at the end of the stream or the limit."""
        if not self.wait_for(lambda lines: len(lines) > self._taken, timeout_s):
            return None
        self._taken += 1
        return self.lines[self._taken - 1]

    def tail(self, n: int = 15) -> str:
        with self._cond:
            return _tail("".join(self.lines[-4 * n :]), n)


ROOT = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child that imports this checkout (PYTHONPATH first, as `make bench`
    and the worktrees run it)."""
    path = os.environ.get("PYTHONPATH", "")
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else ""),
        **extra,
    }
