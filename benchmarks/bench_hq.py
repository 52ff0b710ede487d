"""Head-office figures: intake rate with 50 outlets uploading at once, on SQLite and
PostgreSQL, and p95 upload latency, both straight to head office and through the outlet's own
client (`sync.client.HqTransport`: outbox rows to wire items, gzip, timeouts and retries). Every
policy is re-priced by head office with the published demo table. Head office runs as a real
`chudan-hq serve` process on 127.0.0.1 (its own interpreter, as deployed) with the worker count
`serve` uses by default for the database; the 50 uploaders are threads here. Loopback only,
bounded in count, and every request has a timeout.

PostgreSQL is a throwaway cluster started here as the head-office tests start it
(`tests/support/postgres.py`). Without one the PostgreSQL rows say why and are not measured (`make
bench` exits 2); in CI (`CI` set) a missing PostgreSQL fails the benchmark, as it fails the tests.
A run that fails (the server does not start, uploads time out) is a row saying why; the other runs
still happen."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from sqlalchemy.orm import Session

from benchmarks import ChildFailed, Figure, LineReader, child_env, not_measured
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
START_LIMIT_S = 300  # chudan-hq serve listening (a busy machine may take a minute)


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
        env=child_env(CHUDAN_HQ_HOME=str(home)),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    # Read on a thread, so the wait has a limit and a full pipe never blocks the server. Each
    # worker listens once its application has started (with several workers the parent's
    # "running on" line comes before anyone listens).
    log = LineReader(proc.stderr)
    started = log.wait_for(
        lambda lines: sum("Application startup complete" in ln for ln in lines) >= workers,
        START_LIMIT_S,
    )
    # With one worker uvicorn reports the application started before it listens: wait for the
    # port too (a busy machine showed the gap as refused connections).
    if started:
        started = _listening(proc, port, time.monotonic() + START_LIMIT_S)
    if not started or proc.poll() is not None:
        proc.kill()
        proc.wait(timeout=60)
        raise ChildFailed(
            f"chudan-hq serve did not start within {START_LIMIT_S} s (exit {proc.returncode}): "
            + log.tail(5)
        )
    return proc, f"http://127.0.0.1:{port}"


def _listening(proc: subprocess.Popen[str], port: int, deadline: float) -> bool:
    pause = threading.Event()  # never set: a bounded pause between attempts
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return True
        except OSError:
            pause.wait(0.05)
    return False


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
) -> tuple[float, float, int, dict[str, int]]:
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
            requests.post(base + "/api/v1/provision", json={"code": c}, timeout=120).json()["token"]
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
                try:
                    r = sess.post(
                        base + "/api/v1/policies/batch", json={"items": items}, timeout=300
                    )
                except requests.RequestException as exc:  # counted, not raised: the row says so
                    record(time.perf_counter() - t0, [type(exc).__name__] * len(items))
                    continue
                if r.status_code != 200:
                    record(time.perf_counter() - t0, [f"HTTP {r.status_code}"] * len(items))
                    continue
                answered = [x["outcome"] for x in r.json()["results"]]
                record(time.perf_counter() - t0, answered)

        def outlet(k: int) -> None:
            # As the outlet's uploader calls it (its own timeouts; read timeout raised for the load).
            transport = HqTransport(HqClient(base, token=tokens[k], read_timeout=120))
            for batch_rows in rows[k]:
                t0 = time.perf_counter()
                try:
                    answered = [r.outcome for r in transport.upload(batch_rows, b"")]
                except Exception as exc:  # the client's own error after its retries: counted
                    answered = [type(exc).__name__] * len(batch_rows)
                record(time.perf_counter() - t0, answered)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(OUTLETS) as pool:
            list(pool.map(outlet if via_outlet else direct, range(OUTLETS)))
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    accepted = outcomes.pop("accepted", 0)
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return accepted / elapsed, p95, accepted, outcomes


def _figures(
    db: str,
    workers: int,
    via_outlet: bool,
    total: int,
    target: bool,
    measured: tuple[float, float, int, dict[str, int]] | str,
) -> list[Figure]:
    """The intake and latency rows of one run; `measured` is the run's figures or why there are
    none."""
    deployed = workers == default_workers(db.lower())
    where = f"{db}, {workers} worker{'s' if workers > 1 else ''}"
    path = "through the outlet's client" if via_outlet else "straight to head office"
    name = f"intake, 50 outlets at once, {where}, {path} ({total:,} policies)"
    limit = {"at_least": 1000.0} if target else {}
    if isinstance(measured, str):
        return [not_measured("hq", name, "policies/s", measured, **limit)]
    rate, p95, accepted, others = measured
    note = f"batches of {BATCH}, every policy re-priced; `chudan-hq serve --workers {workers}`"
    note += " (the default: as deployed)" if deployed else ""
    if others:
        note += "; not accepted: " + ", ".join(f"{k} {v}" for k, v in sorted(others.items()))
    return [
        Figure(
            "hq",
            name,
            rate,
            "policies/s",
            conditions_met=not others,
            note=note,
            **limit,
        ),
        Figure(
            "hq",
            f"p95 upload latency, {where}, {path} (batch of {BATCH}, 50 at once)",
            p95,
            "ms",
        ),
    ]


def _try_measure(
    home: Path, db_url: str, total: int, workers: int, via_outlet: bool
) -> tuple[float, float, int, dict[str, int]] | str:
    try:
        return _measure(home, db_url, total, workers, via_outlet)
    except Exception as exc:  # the row says why; the other runs still happen
        traceback.print_exc()
        return f"{type(exc).__name__}: {str(exc)[:300]}"


def run(quick: bool = False) -> list[Figure]:
    total = 2_500 if quick else 10_000
    reason = unavailable_reason()
    if reason and os.environ.get("CI"):
        raise RuntimeError(f"the PostgreSQL intake figure must be measured in CI: {reason}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite:///{Path(tmp) / 'hq.sqlite3'}"
        figures += _figures(
            "SQLite", 1, False, total, False, _try_measure(Path(tmp), sqlite, total, 1, False)
        )
    deployed = default_workers("postgresql")
    runs = [(w, False) for w in sorted({1, deployed})] + [(deployed, True)]
    if reason:
        return figures + [_figures("PostgreSQL", w, o, total, True, reason)[0] for w, o in runs]
    try:
        with throwaway_postgres() as url, tempfile.TemporaryDirectory() as tmp:
            for workers, via_outlet in runs:
                measured = _try_measure(Path(tmp), url, total, workers, via_outlet)
                figures += _figures("PostgreSQL", workers, via_outlet, total, True, measured)
    except (OSError, subprocess.SubprocessError) as exc:  # initdb or pg_ctl failed here
        if os.environ.get("CI"):
            raise
        why = f"the throwaway PostgreSQL did not start ({exc})"
        figures += [_figures("PostgreSQL", w, o, total, True, why)[0] for w, o in runs]
    return figures
