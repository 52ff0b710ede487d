"""Figures for the encrypted store: migration check on an up-to-date store, customers
inserted per second with encryption, and lookup of one customer by ID number among 100,000."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks import Figure

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def _id_number(rng: random.Random) -> str:
    body = f"{rng.choice(['110105', '310115', '440305', '320102'])}{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def _rows(n: int, rng: random.Random) -> list[dict]:
    return [
        {
            "kind": "person",
            "name": f"客户{i}",
            "id_type": "resident_id",
            "id_number": _id_number(rng),
            "phone": f"13{rng.randint(0, 999999999):09d}",
            "address": f"北京市朝阳区测试路{i}号",
        }
        for i in range(n)
    ]


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    from app.desk.context import AppContext
    from local_db.migrate import upgrade
    from local_db.models import Customer

    n_insert = 1_000 if quick else 10_000
    n_lookup_pool = 10_000 if quick else 100_000
    rng = random.Random(7)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        ctx = AppContext.open(home)
        try:
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                upgrade(ctx.store, home / "backups")
                times.append(time.perf_counter() - t0)
            figures.append(
                Figure(
                    "store",
                    "migration check, up-to-date store (median of 20)",
                    statistics.median(times) * 1000,
                    "ms",
                )
            )

            rows = _rows(n_insert, rng)
            t0 = time.perf_counter()
            for i in range(0, n_insert, 100):  # a transaction per 100, as a busy import would
                with ctx.store.write() as s:
                    s.add_all(Customer(**r) for r in rows[i : i + 100])
            dt = time.perf_counter() - t0
            figures.append(
                Figure(
                    "store",
                    f"customers inserted, encrypted ({n_insert:,} in batches of 100)",
                    n_insert / dt,
                    "rows/s",
                )
            )

            extra = _rows(n_lookup_pool - n_insert, rng)
            with ctx.store.write() as s:
                s.execute(insert(Customer), extra)
            pool = [r["id_number"] for r in rows + extra]
            lookups = []
            with ctx.store.read() as s:
                for idn in rng.sample(pool, 300):
                    t0 = time.perf_counter()
                    found = (
                        s.execute(select(Customer).where(Customer.id_number == idn))
                        .scalars()
                        .first()
                    )
                    lookups.append(time.perf_counter() - t0)
                    assert found is not None
            med = statistics.median(lookups) * 1000
            figures.append(
                Figure(
                    "store",
                    f"lookup by ID number among {n_lookup_pool:,} (median of 300)",
                    med,
                    "ms",
                    "≤ 5 ms",
                    med <= 5,
                )
            )
        finally:
            ctx.close()
    return figures
