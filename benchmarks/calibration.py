"""How fast this machine runs plain Python right now, so that figures from different machines
(and from one machine under different load) can be compared.

Two measurements, medians of many runs each:

- `sum(range(10000))`, the reference: `python -m timeit "sum(range(10000))"` gives 216 µs on the
  slowest machine the figures have been seen on. Every target is set for that machine; a figure
  measured here is scaled by 216 µs ÷ this machine's median before it is compared
  (`Figure.judge`, benchmarks/__init__.py).
- a fixed workload of the kinds of work the desk does: an interpreter loop over dicts and
  strings, `Decimal` premium arithmetic rounded to the fen, and a small SQLite write (a
  transaction of 50 rows into a table on disk). A cross-check: its ratio to the reference says
  whether this machine is slow or fast in the same way as others (a slow disk or an old SQLite
  would show there, not in `sum(range)`).

**The load.** On a busy machine the scheduler gives each process slices of a few milliseconds in
turn. A 0.1 ms operation is seldom interrupted, so its median is about the quiet machine's; a 30 ms
step change or a 1 s start-up gets only this machine's share of a core and takes several times
longer. Single calls of `sum(range(10000))` behave like the first, and their 10th percentile is
the machine's own speed: every figure is scaled by it and judged on that (so a busy machine never
makes a figure look better than it is; on a quiet machine it is within a few per cent of the
median the reference was given as, and the median is printed and kept beside it). The reference is also timed in runs of 10, 100 and 1,000 calls
(≈ 0.1 s): their median per call shows the share of a core a process gets now (`share`). A figure
that misses its target is scaled again by the runs closest to it in length (a time by its own
value, a rate over seconds by the longest runs); when that would meet the target, the miss is
marked as possibly the load's doing and the run should be repeated on a quiet machine.

The runner measures everything before the first benchmark, and the reference again just before and
just after every benchmark module. This file imports nothing of ours: it runs before anything else
is loaded.
"""

from __future__ import annotations

import math
import os
import sqlite3
import statistics
import tempfile
import time
import timeit
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REFERENCE_US = 216.0  # sum(range(10000)) on the slowest machine seen, where targets must hold
RUN_CALLS = (1, 10, 100, 1000)  # calls of sum(range(10000)) per timed run
# Seconds spent on each run length (the runner's full calibration; a re-check takes half).
_BUDGET_S = {1: 0.4, 10: 0.4, 100: 0.8, 1000: 2.0}
_MIN_RUNS = {1: 200, 10: 40, 100: 10, 1000: 3}


def sum_range_runs(calls: int, seconds: float) -> list[float]:
    """µs per call of sum(range(10000)), one value per run of `calls` calls, for about `seconds`."""
    timer = timeit.Timer("sum(range(10000))")
    runs: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(runs) < _MIN_RUNS[calls]:
        runs.append(timer.timeit(calls) / calls * 1e6)
    return runs


_FACTORS = [Decimal(x) for x in ("1.15", "0.85", "1.10", "0.95", "1.30", "0.70")]
_FEN = Decimal("0.01")


def _workload(db: sqlite3.Connection, round_no: int) -> None:
    # Interpreter: build and read dicts of strings, as request parsing and the worksheet do.
    rows = [{"code": f"c{i}", "limit": str(i * 1000), "n": i} for i in range(300)]
    total = 0
    for row in rows:
        if row["code"].endswith(("1", "3", "7")):
            total += len(row["limit"]) + row["n"]
    # Decimal: a premium through a chain of factors, each line rounded to the fen.
    premium = Decimal("0.00")
    for i in range(300):
        line = Decimal(950 + i) * _FACTORS[i % len(_FACTORS)] * _FACTORS[(i + total) % 6]
        premium += line.quantize(_FEN, ROUND_HALF_UP)
    # SQLite: one small write transaction on a file (no fsync: the disk is not what is timed).
    with db:
        db.executemany(
            "INSERT INTO t (round, i, premium) VALUES (?, ?, ?)",
            [(round_no, i, str(premium)) for i in range(50)],
        )
        db.execute("DELETE FROM t WHERE round < ?", (round_no - 5,))


def workload_runs(runs: int) -> list[float]:
    """Times of the fixed workload in µs."""
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "calibration.sqlite3")
        try:
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE t (round INTEGER, i INTEGER, premium TEXT)")
            _workload(db, -1)  # warm: the table's first pages and the Decimal context
            times = []
            for n in range(runs):
                t0 = time.perf_counter()
                _workload(db, n)
                times.append((time.perf_counter() - t0) * 1e6)
        finally:
            db.close()
    return times


@dataclass
class Calibration:
    # median µs per call of sum(range(10000)), by calls per run ("1", "10", "100", "1000")
    per_call_us: dict[str, float]
    min_us: float  # the fastest single call: the processor's speed with nobody else running
    # The 10th percentile of single calls: the machine's speed when this process runs. On a quiet
    # machine it is within a few per cent of the median; on a busy one (a virtual machine's CPU
    # time stolen, many processes in turn) half the single calls are interrupted and the median
    # grows with the load, which would make every figure look better than it is.
    speed_us: float = 0.0
    runs: dict[str, int] = field(default_factory=dict)
    workload_us: float | None = None  # median of the fixed workload (None in a re-check)
    workload_runs: int = 0
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def sum_range_us(self) -> float:
        """The machine's figure: the median of single calls (what `python -m timeit` reports on a
        quiet machine)."""
        return self.per_call_us["1"]

    @property
    def factor(self) -> float:
        """What a time measured here is multiplied by to stand for the reference machine: 216 µs ÷
        this machine's speed (on a quiet machine: its median)."""
        return REFERENCE_US / self.speed_us

    @property
    def share(self) -> float:
        """The share of its speed a long run got (1.0: nobody else running)."""
        return self.speed_us / self.per_call_us[str(RUN_CALLS[-1])]

    def for_duration(self, seconds: float | None) -> tuple[str, float]:
        """The run length (calls) closest to `seconds` on a log scale, and its µs per call; the
        longest runs when `seconds` is None (a rate over a long run)."""
        if seconds is None or seconds <= 0:
            calls = str(RUN_CALLS[-1])
        else:
            quiet = self.per_call_us["1"] * 1e-6
            calls = str(min(RUN_CALLS, key=lambda c: abs(math.log(c * quiet) - math.log(seconds))))
        return calls, self.per_call_us[calls]

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "sum_range_us": self.sum_range_us,
            "factor": self.factor,
            "share": self.share,
            "reference_us": REFERENCE_US,
        }

    def describe(self) -> str:
        one, five, fifteen = self.load_average
        by_length = ", ".join(
            f"{self.per_call_us[str(c)]:.0f} in runs of {c:,}" for c in RUN_CALLS[1:]
        )
        text = (
            f"sum(range(10000)) median {self.sum_range_us:.1f} µs a call (10th percentile "
            f"{self.speed_us:.1f}, min {self.min_us:.1f}; {by_length}: a long run got "
            f"{self.share:.0%} of a core)"
        )
        if self.workload_us is not None:
            text += (
                f"; fixed workload median {self.workload_us / 1000:.2f} ms "
                f"= {self.workload_us / self.sum_range_us:.1f} × sum(range)"
            )
        text += (
            f"; load average {one:.2f} {five:.2f} {fifteen:.2f}; "
            f"factor {REFERENCE_US:.0f} ÷ {self.speed_us:.1f} = {self.factor:.2f}"
        )
        return text


def measure(full: bool = True) -> Calibration:
    """The calibration: `full` also runs the fixed workload and samples twice as long (the run's
    first and last lines); otherwise only the reference (before and after each module)."""
    scale = 1.0 if full else 0.5
    runs = {c: sum_range_runs(c, _BUDGET_S[c] * scale) for c in RUN_CALLS}
    cal = Calibration(
        per_call_us={str(c): statistics.median(r) for c, r in runs.items()},
        min_us=min(runs[1]),
        speed_us=sorted(runs[1])[len(runs[1]) // 10],
        runs={str(c): len(r) for c, r in runs.items()},
        load_average=os.getloadavg(),
    )
    if full:
        work = workload_runs(300)
        cal.workload_us = statistics.median(work)
        cal.workload_runs = len(work)
    return cal


def pooled(before: Calibration, after: Calibration) -> Calibration:
    """One calibration for a benchmark module from the checks just before and just after it: the
    mean of the two medians of each run length (the load may change while a long module runs)."""
    return Calibration(
        per_call_us={
            k: (before.per_call_us[k] + after.per_call_us[k]) / 2 for k in before.per_call_us
        },
        min_us=min(before.min_us, after.min_us),
        speed_us=(before.speed_us + after.speed_us) / 2,
        runs={k: before.runs[k] + after.runs[k] for k in before.runs},
        load_average=after.load_average,
    )
