"""Figures for the encrypted store: migration check on an up-to-date store, customers
inserted per second with encryption, lookup of one customer by ID number among 100,000, and
100,000 policy numbers drawn through the store (per second, every one unique and valid; the tests
keep a small version of this check)."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks import Figure, not_measured

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
                    at_most=5,
                )
            )
        finally:
            ctx.close()
    figures.append(_policy_numbers(10_000 if quick else 100_000))
    return figures


def _policy_numbers(n: int) -> Figure:
    """Numbers drawn as issuing draws them (inside the write transaction that stores the policy),
    two devices and two days interleaved, each policy a bare row: the number is what is timed."""
    from sqlalchemy import insert

    from app.desk.context import AppContext
    from app.issuance.policy_numbers import draw_number, is_valid_number
    from local_db.models import Policy
    from local_db.types import utcnow

    name = f"policy numbers drawn through the store ({n:,}, two devices, two days)"
    now = utcnow()
    row = insert(Policy)
    days = (date(2026, 11, 25), date(2026, 11, 26))
    numbers: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        try:
            t0 = time.perf_counter()
            for start in range(0, n, 1_000):  # a transaction per 1,000: a day's work at a busy desk
                with ctx.store.write() as s:
                    for i in range(start, min(n, start + 1_000)):
                        number = draw_number(s, "DEMO01", 1 + i % 2, days[(i // 2) % 2])
                        s.execute(
                            row,
                            {
                                "id": str(uuid.uuid4()),
                                "state": "bound",
                                "policy_number": number,
                                "created_at": now,
                                "updated_at": now,
                            },
                        )
                        numbers.append(number)
            elapsed = time.perf_counter() - t0
        except Exception as exc:  # e.g. the store refused a duplicate: the row says so
            return not_measured(
                "store",
                name,
                "numbers/s",
                f"{type(exc).__name__}: {exc}",
                target="every one unique and valid",
            )
        finally:
            ctx.close()
    unique = len(set(numbers))
    invalid = sum(not is_valid_number(x) for x in numbers)
    per_day = n // 4  # each device and day got a quarter, numbered from 1
    last = max(x for x in numbers if x.startswith("DEMO010120261125"))
    in_order = int(last[-7:-1]) == per_day
    return Figure(
        "store",
        name,
        n / elapsed,
        "numbers/s",
        target="every one unique and valid",
        ok=unique == n and invalid == 0 and in_order,
        note=f"{unique:,} unique of {n:,}, {invalid} failing the check character; "
        f"device 01's last on 2026-11-25 is number {int(last[-7:-1]):,} (expected {per_day:,}); "
        "a transaction per 1,000",
    )
