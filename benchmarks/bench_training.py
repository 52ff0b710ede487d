"""Training sandbox figures (docs/training.md): loading every shipped scenario (read, schema
check, build), and switching between real and training work: the real store closed and the
training store opened with the trainee's account, and back, as the window does when a clerk
leaves one mode for the other. Both stores exist already (the training store is made once, on
the first switch, which is not what a clerk does every day)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import Figure


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo
    from app.desk.training import open_training, trainee
    from app.training.scenarios import all_scenarios

    n = 5 if quick else 20
    loads = []
    for _ in range(n):
        t0 = time.perf_counter()
        scenarios = all_scenarios()
        loads.append(time.perf_counter() - t0)

    switches = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        real = AppContext.open(home)
        set_up_demo(real)
        real.close()
        open_training(home).close()  # made once
        for _ in range(max(3, n // 4)):
            t0 = time.perf_counter()
            ctx = open_training(home)
            trainee(ctx, "clerk")
            ctx.close()
            real = AppContext.open(home)
            real.close()
            switches.append((time.perf_counter() - t0) / 2)  # one switch each way
    return [
        Figure(
            "training",
            f"load every training scenario ({len(scenarios)}, schema-checked; median)",
            statistics.median(loads) * 1000,
            "ms",
            at_most=300,
        ),
        Figure(
            "training",
            "switch between real and training work (store closed, the other opened; median)",
            statistics.median(switches),
            "s",
            at_most=1.5,
        ),
    ]
