"""Run every benchmarks/bench_*.py, print the calibration and a table, write
benchmarks/results.json.

Exit status (README, "Benchmarks"):
  0  every figure with a target was measured and meets it, scaled to the reference machine;
  1  a figure misses its scaled target (or a condition of it failed: a policy not accepted, a
     number drawn twice), and allowing for the load does not explain it;
  2  nothing missed, but a figure with a target could not be measured (its row says why: a
     benchmark that could not run, a missing PostgreSQL): the run proves less than it should;
  3  a figure missed only on a busy machine: allowing for the load it would meet its target
     (marked "NO (busy)"); run again when the machine is quiet.
A code says the worst that happened, in the order 1, 3, 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
import traceback
from pathlib import Path

from benchmarks import ChildFailed, Figure
from benchmarks.calibration import REFERENCE_US, Calibration, measure, pooled

HERE = Path(__file__).resolve().parent

EXIT_MEANING = {
    0: "every figure with a target met it (scaled to the reference machine)",
    1: "a figure missed its scaled target",
    2: "no figure missed, but a figure with a target could not be measured (its row says why)",
    3: "a figure missed only on a busy machine (NO (busy)): run again when the machine is quiet",
}


def _fmt(v: float | None) -> str:
    if v is None:
        return "—"
    if float(v).is_integer() and abs(v) < 1e6:  # counts: actions, policies, fields
        return f"{int(v):,}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.4f}"


def _did_not_run(name: str, exc: BaseException) -> Figure:
    why = str(exc).strip().splitlines() if isinstance(exc, ChildFailed) else []
    reason = " ".join(why) if why else f"{type(exc).__name__}: {exc}".strip()
    return Figure(
        name.removeprefix("bench_"),
        f"{name} did not run",
        None,
        "",
        target="its targets",
        note=f"not measured: {reason[:400]}",
    )


def run_module(name: str, quick: bool) -> tuple[list[Figure], dict]:
    """One module, with the reference measured just before and just after it; its figures are
    judged on the mean of the two."""
    before = measure(full=False)
    t0 = time.perf_counter()
    print(f"… {name} (calibration: {before.describe()})", file=sys.stderr, flush=True)
    try:
        figures = list(importlib.import_module(f"benchmarks.{name}").run(quick=quick))
        error = ""
    except Exception as exc:  # a broken benchmark is reported in its row, the others still run
        traceback.print_exc()
        figures = [_did_not_run(name, exc)]
        error = figures[0].note
    seconds = time.perf_counter() - t0
    after = measure(full=False)
    cal = pooled(before, after)
    for f in figures:
        f.judge(cal)
    print(f"  {name} took {seconds:.1f} s", file=sys.stderr, flush=True)
    return figures, {
        "calibration": cal.as_dict(),
        "before": before.as_dict(),
        "after": after.as_dict(),
        "seconds": seconds,
        "error": error,
    }


def _verdict(f: Figure) -> str:
    if f.ok is None:
        return "—"
    if f.ok:
        return "yes"
    return "NO (busy)" if f.busy_miss else "NO"


def print_table(figures: list[Figure]) -> None:
    rows = [
        ("area", "figure", "value", "unit", "cal µs", "core", "× cal", "scaled", "target", "ok")
        + ("note",)
    ]
    for f in figures:
        note = f.note
        if f.busy_miss:
            note = f"allowing for the load: {_fmt(f.scaled_for_load)} {f.unit}; " + note
        rows.append(
            (
                f.area,
                f.name,
                _fmt(f.value),
                f.unit,
                f"{f.calibration_us:.0f}" if f.calibration_us else "—",
                f"{f.share:.0%}" if f.share else "—",
                _fmt(f.multiple),
                _fmt(f.scaled) if f.scaled is not None and f.scaled != f.value else "",
                f.target,
                _verdict(f),
                note,
            )
        )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def exit_code(figures: list[Figure]) -> int:
    if any(f.ok is False and not f.busy_miss for f in figures):
        return 1
    if any(f.ok is False for f in figures):
        return 3
    if any(f.unmeasured for f in figures):
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument(
        "--only", action="append", default=[], help="run modules whose name contains this"
    )
    ap.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run)")
    args = ap.parse_args(argv)

    start: Calibration = measure(full=True)
    print(f"calibration: {start.describe()}", flush=True)
    print(
        f"  every time is scaled to the reference machine ({REFERENCE_US:.0f} µs a call) by this "
        "machine's speed at sum(range(10000)) (10th percentile of single calls; on a quiet machine "
        "the median) measured just before and after its benchmark ('cal µs'); 'core' is the share "
        "of a core a long run got then (100%: quiet); '× cal' is a time in calls of "
        "sum(range(10000)), a rate in items per call; 'scaled' = × cal × 216 µs (a rate ÷ the "
        "same factor) is judged against the target\n",
        flush=True,
    )

    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if any(o in n for o in args.only)]
    figures: list[Figure] = []
    modules: dict[str, dict] = {}
    for name in names:
        found, modules[name] = run_module(name, args.quick)
        figures += found

    print_table(figures)
    end = measure(full=True)
    print(f"\ncalibration at the end: {end.describe()}")
    code = exit_code(figures)
    out = HERE / "results.json"
    out.write_text(
        json.dumps(
            {
                "calibration": start.as_dict(),
                "calibration_at_end": end.as_dict(),
                "quick": args.quick,
                "modules": modules,
                "figures": [f.as_dict() for f in figures],
                "failed": [n for n, m in modules.items() if m["error"]],
                "exit": code,
                "exit_meaning": EXIT_MEANING[code],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"written {out}")
    print(f"exit {code}: {EXIT_MEANING[code]}")
    return code


if __name__ == "__main__":
    sys.exit(main())
