"""Rating figures: a full quote (CTPL + 车损 + 三者 + seats + two riders + tax), median and p99,
quotes per second on one core, and table load-and-verify time."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Figure, child_env, last_json_line, run_child

ROOT = Path(__file__).resolve().parent.parent


def _request() -> dict:
    req = {"start_date": "2026-12-01"} | json.loads(
        (ROOT / "resources" / "examples" / "quote-request.json").read_text(encoding="utf-8")
    )
    req["coverages"].append(
        {"code": "medical_outside_insurance", "limit": "20000", "attaches_to": "third_party"}
    )
    return req  # CTPL, 车损, 三者, driver, passenger, scratch + medical riders, and the tax


def run(quick: bool = False) -> list[Figure]:
    """Measured in a fresh interpreter: after the OCR and store benchmarks this process's heap and
    garbage collector are another program's (measured: 75 µs alone, 107 µs after them)."""
    out = run_child(
        [sys.executable, "-m", "benchmarks.bench_rating", "--child", "quick" if quick else "full"],
        what="the rating benchmark's child",
        cwd=ROOT,
        env=child_env(),
    )
    return [Figure.from_dict(f) for f in last_json_line(out, "the rating benchmark's child")]


def _measure(quick: bool) -> list[Figure]:
    from app.core.compiled import describe
    from app.rating import parse_request, quote_and_underwrite
    from app.rating.installed import BUNDLED_TABLE, trusted_public_key
    from app.rating.signing import load_document, verify_table

    with tempfile.TemporaryDirectory() as tmp:
        key = trusted_public_key(Path(tmp))
        raw = BUNDLED_TABLE.read_bytes()
        loads = []
        for _ in range(20 if quick else 100):
            t0 = time.perf_counter()
            table = verify_table(load_document(raw), key)
            loads.append(time.perf_counter() - t0)
    req = _request()
    n = 2_000 if quick else 20_000
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        quote_and_underwrite(req, table)
        times.append(time.perf_counter() - t0)
    times.sort()
    med = statistics.median(times) * 1e6
    p99 = times[int(len(times) * 0.99)] * 1e6
    # The worksheet's prose is written only when someone reads it (the wizard's worksheet view,
    # `chudan quote`, the PDF); its figures are in the quote either way. What reading costs:
    shown = []
    for _ in range(n // 4):
        t0 = time.perf_counter()
        _ = quote_and_underwrite(req, table).worksheet
        shown.append(time.perf_counter() - t0)
    shown_med = statistics.median(shown) * 1e6
    parsed = parse_request(req)
    t0 = time.perf_counter()
    for _ in range(n):
        quote_and_underwrite(parsed, table)
    per_s = n / (time.perf_counter() - t0)
    load_ms = statistics.median(loads) * 1000
    return [
        Figure(
            "rating",
            "full quote incl. request parsing (median)",
            med,
            "µs",
            at_most=100,
            note=f"engine {describe()}",
        ),
        Figure("rating", "full quote incl. request parsing (p99)", p99, "µs"),
        Figure(
            "rating",
            "full quote with its worksheet written out (median)",
            shown_med,
            "µs",
            note="prose on demand",
        ),
        Figure("rating", "quotes per second, one core (request already parsed)", per_s, "quotes/s"),
        Figure("rating", "rate table load and verify (median)", load_ms, "ms", at_most=20),
    ]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(
            json.dumps([f.as_dict() for f in _measure(sys.argv[2] == "quick")], ensure_ascii=False)
        )
