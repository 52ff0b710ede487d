"""Sync figures, outlet side: time to drain a 10,000-policy backlog to a real head office
through the fault proxy (dropped requests, truncated and lost answers, delays), and the
outlet's extra memory while it syncs.

Head office runs as its own process (`chudan-hq serve` on 127.0.0.1, SQLite), set up through its
CLI, so the outlet's memory is measured alone. The backlog: a few policies issued for real,
the rest copies with a new id and number (head office re-prices each and accepts it). Only
loopback traffic, bounded in count and time."""

from __future__ import annotations

import gc
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks import Figure, child_env, last_json_line, run_child

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _PeakRss:
    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb())
            self._stop.wait(0.02)

    def __enter__(self) -> _PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    sys.path.insert(0, str(ROOT))
    from app.access.permissions import system_actor
    from app.desk.context import AppContext
    from sync.provisioning import Provisioner
    from tests.support.fault_proxy import FaultProxy, Rates
    from tests.support.hq_server import HqProcess
    from tests.support.outlet import copy_bound_policies, demo_clerk, issue_real

    n = 1_000 if quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        hq = HqProcess(Path(tmp) / "hq")
        code = hq.set_up()
        proxy = None
        ctx = None
        try:
            port = hq.start().port
            proxy = FaultProxy(
                port,
                seed=11,
                delay_s=0.1,
                rates=Rates(drop=0.04, truncate=0.03, cut=0.05, delay=0.05),
            ).start()
            ctx = AppContext.open(Path(tmp) / "outlet")
            demo_clerk(ctx)  # the demo desk and its users (rate tables come from head office)
            Provisioner(ctx).online(system_actor("bench"), proxy.url, code)
            worker = _worker(ctx)
            first = worker.run_once()  # pulls head office's table; the desk can quote from here
            if not first.ok:
                raise RuntimeError(f"first sync failed: {first.error}")
            issued = issue_real(ctx, 5)
            copy_bound_policies(ctx, n - len(issued), issued)
            ctx.close()
            ctx = None
            # The drain runs in a fresh outlet process (as after a restart with a backlog), so its
            # memory is the outlet's alone: not the proxy's, not the set-up's.
            out = run_child(
                [
                    sys.executable,
                    "-X",
                    "faulthandler",
                    "-m",
                    "benchmarks.bench_sync",
                    "--drain",
                    str(Path(tmp) / "outlet"),
                ],
                what="the drain process",
                cwd=ROOT,
                timeout_s=1800,
                env=child_env(CHUDAN_KEYRING="off"),
            )
            drained = last_json_line(out, "the drain process")
            left = drained["left"]
            stats = hq.cli("stats")
        finally:
            if proxy is not None:
                proxy.stop()
            hq.stop()
            if ctx is not None:
                ctx.close()
    extra_mb = drained["peak_mb"] - drained["base_mb"]
    drain_s, runs = drained["drain_s"], drained["runs"]
    held = int(stats.get("policies_accepted", -1))
    faults = ", ".join(f"{k} {v}" for k, v in sorted(proxy.counts.items())) if proxy else ""
    note = (
        f"{n} policies, {runs} worker runs, head office holds {held} "
        f"({stats.get('duplicates_answered')} resends answered duplicate), outlet: {left} waiting, "
        f"{drained['rejected']} rejected; proxy: {faults}"
    )
    exact = held == n and left == 0 and drained["rejected"] == 0  # every outlet row acknowledged
    return [
        Figure(
            "sync",
            f"drain a {n:,}-policy backlog through the fault proxy",
            drain_s,
            "s",
            at_most=30,
            conditions_met=exact,
            note=note,
        ),
        Figure(
            "sync",
            "outlet's extra memory while syncing (peak RSS over start)",
            extra_mb,
            "MB",
            at_most=50,
            note=f"outlet process with the store open: {drained['base_mb']:.0f} MB before the drain",
        ),
    ]


def _worker(ctx):
    from sync.backoff import Backoff
    from sync.worker import SyncWorker

    # Short waits: the figure is the link's and the code's speed, not the timer's.
    return SyncWorker(
        ctx,
        backoff=Backoff(base_s=0.05, cap_s=0.5, rng=random.Random(3)),
        client_options={"backoff": Backoff(base_s=0.05, cap_s=0.5, rng=random.Random(4))},
    )


def _drain(home: Path) -> dict:
    """In the child process: open the desk, drain its outbox, report time and memory."""
    from app.desk.context import AppContext

    ctx = AppContext.open(home)
    try:
        worker = _worker(ctx)
        worker.status()  # everything a run needs is imported and warm before the baseline
        gc.collect()
        base = _rss_mb()
        runs = 0
        t0 = time.perf_counter()
        with _PeakRss() as peak:
            while worker.queue_counts()["policies_waiting"] and runs < 500:
                worker.run_once()
                runs += 1
        drain_s = time.perf_counter() - t0
        counts = worker.queue_counts()
    finally:
        ctx.close()
    return {
        "drain_s": drain_s,
        "runs": runs,
        "left": counts["policies_waiting"],
        "rejected": counts["policies_rejected"],
        "base_mb": base,
        "peak_mb": peak.peak,
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--drain":
        print(json.dumps(_drain(Path(sys.argv[2]))))
