"""Head-office figures: intake rate with 50 outlets uploading at once, on SQLite and
PostgreSQL, and p95 upload latency, both straight to head office and through the outlet's own
client (`sync.client.HqTransport`: outbox rows to wire items, gzip, timeouts and retries). Every
policy is re-priced by head office with the published demo table. Head office runs as a real
`chudan-hq serve` process on 127.0.0.1 (its own interpreter, as deployed) with the worker count
`serve` uses by default for the database; the 50 uploaders are threads here. Loopback only,
bounded in count, and every request has a timeout.

PostgreSQL is a throwaway cluster started here as the head-office tests start it
(`tests/support/postgres.py`). Without one the PostgreSQL rows say why and are marked not met; in CI
(`CI` set) a missing PostgreSQL fails the benchmark, as it fails the tests."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import requests
from sqlalchemy.orm import Session

from benchmarks import Figure
from hq import devices
from hq.cli import default_workers
from hq.keys import init_key
from sync.client import HqClient, HqTransport
from tests.support.hq_data import migrated_engine, policy_item, publish_demo
from tests.support.ports import free_port
from tests.support.postgres import throwaway_postgres, unavailable_reason

OUTLETS = 50
BATCH = 50
CHUDAN_HQ = Path(sys.executable).parent / "chudan-hq"


def _drain(stream: IO[str]) -> None:
    for _ in stream:
        pass


def _start(home: Path, db_url: str, workers: int) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(CHUDAN_HQ),
            "serve",
            "--db",
            db_url,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
        ],
        env=dict(os.environ, CHUDAN_HQ_HOME=str(home)),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    log = []
    ready = 0
    deadline = time.monotonic() + 120
    # Each worker listens once its application has started (with several workers the parent's
    # "running on" line comes before anyone listens).
    for line in proc.stderr:
        log.append(line)
        ready += "Application startup complete" in line
        if ready == workers or time.monotonic() > deadline:
            break
    if proc.poll() is not None or ready < workers:
        proc.kill()
        raise RuntimeError("chudan-hq serve did not start:\n" + "".join(log[-20:]))
    # Keep draining its log so a full pipe never blocks the server.
    threading.Thread(target=_drain, args=(proc.stderr,), daemon=True).start()
    return proc, f"http://127.0.0.1:{port}"


def _outbox_row(item: dict[str, Any]) -> dict[str, Any]:
    """The outbox row issuing would have written for this upload item (what HqTransport reads)."""
    c = item["content"]
    p = c["premium"]
    return {
        "policy_id": item["policy_id"],
        "policy_number": c["policy_number"],
        "rate_table_version": c["rate_version"],
        "quote_request": c["quote_request"],
        "customer": c["customer"],
        "vehicle": c["vehicle"],
        "covers": c["covers"],
        "period": c["period"],
        "bound_at": c["issued_at"],
        "premium": {
            "total": p["total"],
            "ctpl": p["ctpl"],
            "commercial": p["commercial"],
            "tax": p["vehicle_tax"],
        },
    }


def _measure(
    home: Path, db_url: str, total: int, workers: int, via_outlet: bool
) -> tuple[float, float, int, int]:
    engine = migrated_engine(db_url, wipe=True)
    _, key = init_key(home=home, force=True)
    version = publish_demo(engine, key)
    codes = []
    with Session(engine) as s:
        for i in range(OUTLETS):
            codes.append(devices.create_enrolment(s, f"OUT{i:02d}")[1])
        s.commit()
    engine.dispose()
    per_outlet = total // OUTLETS
    # Made before the clock starts: the figure is head office's intake, not the test's hashing.
    work = [
        [
            [
                policy_item(f"B-{k:02d}-{n:06d}", outlet=f"OUT{k:02d}", rate_version=version)
                for n in range(start, min(start + BATCH, per_outlet))
            ]
            for start in range(0, per_outlet, BATCH)
        ]
        for k in range(OUTLETS)
    ]
    rows = (
        [[[_outbox_row(it) for it in items] for items in batches] for batches in work]
        if via_outlet
        else []
    )
    proc, base = _start(home, db_url, workers)
    try:
        tokens = [
            requests.post(base + "/api/v1/provision", json={"code": c}, timeout=30).json()["token"]
            for c in codes
        ]
        latencies: list[float] = []
        outcomes: dict[str, int] = {}
        lock = threading.Lock()  # 50 threads count into the same dict and list

        def record(seconds: float, results: list[str]) -> None:
            with lock:
                latencies.append(seconds)
                for outcome in results:
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1

        def direct(k: int) -> None:
            sess = requests.Session()
            sess.headers["Authorization"] = f"Bearer {tokens[k]}"
            for items in work[k]:
                t0 = time.perf_counter()
                r = sess.post(base + "/api/v1/policies/batch", json={"items": items}, timeout=120)
                answered = [x["outcome"] for x in r.json()["results"]]
                record(time.perf_counter() - t0, answered)

        def outlet(k: int) -> None:
            # As the outlet's uploader calls it (its own timeouts; read timeout raised for the load).
            transport = HqTransport(HqClient(base, token=tokens[k], read_timeout=120))
            for batch_rows in rows[k]:
                t0 = time.perf_counter()
                answered = [r.outcome for r in transport.upload(batch_rows, b"")]
                record(time.perf_counter() - t0, answered)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(OUTLETS) as pool:
            list(pool.map(outlet if via_outlet else direct, range(OUTLETS)))
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    accepted = outcomes.get("accepted", 0)
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return accepted / elapsed, p95, accepted, sum(outcomes.values()) - accepted


def _figures(
    db: str,
    workers: int,
    via_outlet: bool,
    rate: float,
    p95: float,
    n: int,
    other: int,
    target: bool,
) -> list[Figure]:
    deployed = workers == default_workers(db.lower())
    note = f"batches of {BATCH}, every policy re-priced; `chudan-hq serve --workers {workers}`"
    note += " (the default: as deployed)" if deployed else ""
    if other:
        note += f"; {other} not accepted"
    where = f"{db}, {workers} worker{'s' if workers > 1 else ''}"
    path = "through the outlet's client" if via_outlet else "straight to head office"
    return [
        Figure(
            "hq",
            f"intake, 50 outlets at once, {where}, {path} ({n:,} policies)",
            round(rate),
            "policies/s",
            "≥ 1,000 policies/s" if target else "",
            (rate >= 1000 and not other) if target else None,
            note,
        ),
        Figure(
            "hq",
            f"p95 upload latency, {where}, {path} (batch of {BATCH}, 50 at once)",
            round(p95, 1),
            "ms",
        ),
    ]


def _no_postgres(reason: str) -> list[Figure]:
    return [
        Figure(
            "hq",
            "intake, 50 outlets at once, PostgreSQL",
            None,
            "policies/s",
            "≥ 1,000 policies/s",
            False,
            f"not measured: {reason}",
        )
    ]


def run(quick: bool = False) -> list[Figure]:
    total = 2_500 if quick else 10_000
    reason = unavailable_reason()
    if reason and os.environ.get("CI"):
        raise RuntimeError(f"the PostgreSQL intake figure must be measured in CI: {reason}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        figures += _figures(
            "SQLite",
            1,
            False,
            *_measure(Path(tmp), f"sqlite:///{Path(tmp) / 'hq.sqlite3'}", total, 1, False),
            False,
        )
    if reason:
        return figures + _no_postgres(reason)
    deployed = default_workers("postgresql")
    try:
        with throwaway_postgres() as url, tempfile.TemporaryDirectory() as tmp:
            for workers in sorted({1, deployed}):
                figures += _figures(
                    "PostgreSQL",
                    workers,
                    False,
                    *_measure(Path(tmp), url, total, workers, False),
                    True,
                )
            figures += _figures(
                "PostgreSQL", deployed, True, *_measure(Path(tmp), url, total, deployed, True), True
            )
    except (OSError, subprocess.SubprocessError) as exc:  # initdb or pg_ctl failed here
        if os.environ.get("CI"):
            raise
        figures += _no_postgres(f"the throwaway PostgreSQL did not start ({exc})")
    return figures
