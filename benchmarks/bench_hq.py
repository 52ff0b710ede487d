"""Issue 7 figures for head office: intake rate with 50 outlets uploading at once, on SQLite and
PostgreSQL, and p95 upload latency. Loopback only, bounded in count (and each request has a
timeout). The server runs in a uvicorn thread in this process, sharing the GIL with the 50
client threads, so the rate is a floor for a real deployment."""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy.orm import Session

from benchmarks import Figure
from hq import devices
from hq.models import make_engine
from sync.protocol import Paths, content_hash
from tests.hq.live_server import running
from tests.hq.pg_server import throwaway_postgres, unavailable_reason

OUTLETS = 50
BATCH = 50


def _item(n: int) -> dict:
    content = {"policy_number": f"B-{n:07d}", "rate_version": 1, "quote_request": {"seats": 5},
               "premium": {"total": "950.00"}, "customer": {"name": "测试"}}
    return {"policy_id": str(uuid.uuid4()), "content_hash": content_hash(content), "content": content}


def _measure(db_url: str, total: int) -> tuple[float, float, int]:
    engine = make_engine(db_url)
    tokens: list[str] = []
    with running(engine) as base:
        for i in range(OUTLETS):
            with Session(engine) as s:
                _, code = devices.create_enrolment(s, f"OUT{i:02d}")
                s.commit()
            tokens.append(requests.post(base + Paths.PROVISION, json={"code": code}, timeout=30).json()["token"])
        per_outlet = total // OUTLETS
        latencies: list[float] = []

        def outlet(k: int) -> int:
            sess = requests.Session()
            sess.headers["Authorization"] = f"Bearer {tokens[k]}"
            accepted = 0
            for start in range(0, per_outlet, BATCH):
                items = [_item(k * per_outlet + start + j) for j in range(min(BATCH, per_outlet - start))]
                t0 = time.perf_counter()
                r = sess.post(base + Paths.POLICIES, json={"items": items}, timeout=60)
                latencies.append(time.perf_counter() - t0)
                accepted += sum(x["outcome"] == "accepted" for x in r.json()["results"])
            return accepted

        t0 = time.perf_counter()
        with ThreadPoolExecutor(OUTLETS) as pool:
            accepted = sum(pool.map(outlet, range(OUTLETS)))
        elapsed = time.perf_counter() - t0
    engine.dispose()
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return accepted / elapsed, p95, accepted


def run(quick: bool = False) -> list[Figure]:
    total = 2_500 if quick else 10_000
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        rate, p95, n = _measure(f"sqlite:///{Path(tmp) / 'hq.sqlite3'}", total)
        figures.append(Figure(7, f"intake, 50 outlets at once, SQLite ({n:,} policies)", round(rate), "policies/s",
                              note=f"batches of {BATCH}"))
        figures.append(Figure(7, "p95 upload latency, SQLite (batch of 50)", round(p95, 1), "ms"))
    reason = unavailable_reason()
    if reason:
        figures.append(Figure(7, "intake, 50 outlets at once, PostgreSQL", None, "policies/s",
                              "≥ 1,000 policies/s", None, reason))
        return figures
    with throwaway_postgres() as url:
        rate, p95, n = _measure(url, total)
    figures.append(Figure(7, f"intake, 50 outlets at once, PostgreSQL ({n:,} policies)", round(rate), "policies/s",
                          "≥ 1,000 policies/s", rate >= 1000, f"batches of {BATCH}; server shares the GIL"))
    figures.append(Figure(7, "p95 upload latency, PostgreSQL (batch of 50)", round(p95, 1), "ms"))
    return figures
