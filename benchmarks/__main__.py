"""Run every benchmarks/bench_*.py, print a table, write benchmarks/results.json."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
import traceback
from pathlib import Path

from benchmarks import Figure

HERE = Path(__file__).resolve().parent


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument(
        "--only", action="append", default=[], help="run modules whose name contains this"
    )
    ap.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run)")
    args = ap.parse_args(argv)

    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if any(o in n for o in args.only)]
    figures: list[Figure] = []
    failed: list[str] = []
    for name in names:
        t0 = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            figures.extend(importlib.import_module(f"benchmarks.{name}").run(quick=args.quick))
        except Exception:  # a broken benchmark is reported, the others still run
            traceback.print_exc()
            failed.append(name)
        print(f"  {name} took {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    rows = [("area", "figure", "value", "unit", "target", "ok", "note")]
    for f in figures:
        ok = "—" if f.ok is None else ("yes" if f.ok else "NO")
        rows.append((f.area, f.name, _fmt(f.value), f.unit, f.target, ok, f.note))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    out = HERE / "results.json"
    out.write_text(
        json.dumps(
            {"figures": [f.as_dict() for f in figures], "failed": failed},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
