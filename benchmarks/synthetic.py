"""Synthetic outlet data for the reports and archive benchmarks, written straight into a store
(bulk inserts, not through issuing: a year of policies through the wizard would take hours).

- `fill_policies(ctx, n, year)`: n bound policies spread over the year's days, each with its
  report fact (what app/reports/facts.py would take from the quote), a vehicle, and one of a
  thousand customers; three clerks, two channels, mixed covers and limits.
- `fill_archive(ctx, n)`: n archived documents (scans and cover notes of the synthetic policies,
  imported paper policies), each with its entry, its keyed digests (policy number, plate, VIN,
  ID number, phone, name) and masked full text, as app/archive/index.py writes them.

Run it alone to make a store to look at: `python -m benchmarks.synthetic HOME --policies 200000
--documents 1000000`."""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

CHUNK = 5_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
DISTRICTS = [
    "北京市朝阳区建国路",
    "北京市海淀区中关村大街",
    "上海市浦东新区世纪大道",
    "广州市天河区天河路",
]
PROVINCES = "京沪粤苏浙川鲁豫"
COVERS = ["vehicle_damage", "third_party", "driver", "passenger", "scratch", "wheel"]
LIMITS_FEN = [100_000_000, 200_000_000, 300_000_000]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number(rng: random.Random) -> str:
    body = (
        f"{rng.choice(['110105', '310115', '440305', '320102'])}{rng.randint(1950, 2005)}"
        f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def vin(i: int) -> str:
    return f"LSYN{i:013d}"


def plate(i: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"{PROVINCES[i % len(PROVINCES)]}{letters[(i // 7) % 24]}{i % 100000:05d}"


def policy_number(i: int) -> str:
    return f"PDAA2026{i:010d}"


def _covers_bits(rng: random.Random) -> tuple[int, int, int | None]:
    """(covers bitmask in app.figures COVER_ORDER, own damage, third-party limit in fen)."""
    from app.figures.volume import COVER_ORDER

    chosen = {"third_party"} | {c for c in COVERS if rng.random() < 0.45}
    bits = sum(1 << COVER_ORDER.index(c) for c in chosen if c in COVER_ORDER)
    return bits, int("vehicle_damage" in chosen), rng.choice(LIMITS_FEN)


def fill_policies(ctx: Any, n: int, year: int = 2026, seed: int = 7) -> list[str]:
    """n bound policies over `year`; returns their ids in order."""
    from app.access.permissions import Role
    from local_db.models import Customer, Policy, PolicyFact, Vehicle

    rng = random.Random(seed)
    with ctx.store.read() as s:
        clerks = [
            r[0] for r in s.execute(text("SELECT id FROM user WHERE role = :r"), {"r": Role.CLERK})
        ]
    if not clerks:
        with ctx.store.read() as s:
            clerks = [r[0] for r in s.execute(text("SELECT id FROM user"))]
    assert clerks, "the store needs at least one account"
    with ctx.store.write() as s:
        first_customer = (
            s.execute(text("SELECT coalesce(max(id), 0) FROM customer")).scalar() or 0
        ) + 1
        s.execute(
            insert(Customer),
            [
                {
                    "kind": "person",
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "id_type": "resident_id",
                    "id_number": id_number(rng),
                    "phone": f"13{rng.randint(0, 999_999_999):09d}",
                    "address": rng.choice(DISTRICTS) + f"{rng.randint(1, 999)}号",
                }
                for _ in range(1000)
            ],
        )
        first_vehicle = (
            s.execute(text("SELECT coalesce(max(id), 0) FROM vehicle")).scalar() or 0
        ) + 1
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    ids: list[str] = []
    for start in range(0, n, CHUNK):
        count = min(CHUNK, n - start)
        vehicles, policies, facts = [], [], []
        for k in range(count):
            i = start + k
            pid = str(uuid.UUID(int=rng.getrandbits(128)))
            day = date(year, 1, 1) + timedelta(days=i * days // n)
            bound = datetime(day.year, day.month, day.day, 1 + rng.randint(0, 10), tzinfo=UTC)
            ctpl = rng.choice([0, 66_500, 95_000, 110_000])
            commercial = rng.choice([0, 180_000, 350_000, 620_000])
            if not ctpl and not commercial:
                ctpl = 95_000
            tax = 42_000 if ctpl else 0
            bits, own_damage, limit = _covers_bits(rng)
            vehicles.append({"vin": vin(i), "plate": plate(i), "brand_model": "大众朗逸"})
            policies.append(
                {
                    "id": pid,
                    "policy_number": policy_number(i),
                    "state": "confirmed",
                    "policyholder_id": first_customer + rng.randrange(1000),
                    "vehicle_id": first_vehicle + i,
                    "start_date": day + timedelta(days=1),
                    "end_date": day.replace(year=day.year + 1),
                    "bound_at": bound,
                    "created_by": rng.choice(clerks),
                    "created_at": bound,
                }
            )
            facts.append(
                {
                    "policy_id": pid,
                    "issued_on": day.isoformat(),
                    "bound_at": bound,
                    "clerk_id": policies[-1]["created_by"],
                    "channel": rng.choice(["outlet", "outlet", "outlet", "renewal"]),
                    "state": "confirmed",
                    "ctpl_fen": ctpl,
                    "commercial_fen": commercial,
                    "tax_fen": tax,
                    "purchase_price_fen": rng.choice([12_000_000, 25_000_000, 60_000_000]),
                    "has_ctpl": int(bool(ctpl)),
                    "has_commercial": int(bool(commercial)),
                    "own_damage": own_damage if commercial else 0,
                    "tp_limit_fen": limit if commercial else None,
                    "covers": bits if commercial else 0,
                    "starts_on": (day + timedelta(days=1)).isoformat(),
                    "ends_on": day.replace(year=day.year + 1).isoformat(),
                    "vin": vin(i),
                    "issue_s": rng.randint(240, 1500),
                    "customer_s": rng.randint(30, 300),
                    "vehicle_s": rng.randint(30, 300),
                    "coverage_s": rng.randint(30, 300),
                    "review_s": rng.randint(30, 300),
                    "payment_s": rng.randint(30, 300),
                }
            )
            ids.append(pid)
        with ctx.store.write() as s:
            s.execute(insert(Vehicle), vehicles)
            s.execute(insert(Policy), policies)
            s.execute(insert(PolicyFact), facts)
            # The facts are written here already: nothing for the reports to take later.
            s.execute(text("DELETE FROM report_pending"))
            s.execute(text("DELETE FROM archive_pending"))
    return ids


def fill_archive(ctx: Any, n: int, policies: int, seed: int = 11) -> None:
    """n documents for the first `policies` synthetic policies (fill_policies' numbering)."""
    from app.archive.categories import Category
    from app.archive.keys import digest, index_key
    from app.core.masking import mask_text
    from local_db.models import ArchiveEntry, ArchiveKey, Document

    rng = random.Random(seed)
    cats = [Category.ID_FRONT, Category.VEHICLE_LICENCE, Category.COVER_NOTE, Category.POLICY]
    with ctx.store.write() as s:
        key = index_key(s)
        first = (s.execute(text("SELECT coalesce(max(id), 0) FROM document")).scalar() or 0) + 1
    for start in range(0, n, CHUNK):
        count = min(CHUNK, n - start)
        docs, entries, keys, fts = [], [], [], []
        for k in range(count):
            i = start + k
            doc_id = first + i
            p = i % max(1, policies)
            g = len(GIVEN)
            name = SURNAMES[p % len(SURNAMES)] + GIVEN[p % g] + GIVEN[(p // g) % g]
            idn = id_number(rng)
            phone = f"13{rng.randint(0, 999_999_999):09d}"
            cat = cats[i % len(cats)]
            body = (
                f"姓名{name} 公民身份号码{idn} 电话{phone} 住址{rng.choice(DISTRICTS)}{p % 999}号 "
                f"号牌号码{plate(p)} 车辆识别代号{vin(p)} 保险单号{policy_number(p)}"
            )
            day = date(2026, 1, 1) + timedelta(days=i % 365)
            docs.append(
                {
                    "id": doc_id,
                    "kind": cat.value,
                    "mime_type": "image/jpeg",
                    "filename": f"scan-{i}.jpg",
                    "content": b"\xff\xd8\xff" + bytes(rng.getrandbits(8) for _ in range(64)),
                    "extracted": {"text": body},
                    "created_at": datetime(day.year, day.month, day.day, 3, tzinfo=UTC),
                }
            )
            entries.append(
                {
                    "document_id": doc_id,
                    "category": cat.value,
                    "doc_date": day.isoformat(),
                    "added_by": None,
                    "review": 0,
                }
            )
            for kind, value in (
                ("policy", policy_number(p)),
                ("plate", plate(p)),
                ("vin", vin(p)),
                ("id_number", idn),
                ("phone", phone),
                ("name", name),
            ):
                keys.append({"digest": digest(key, value), "document_id": doc_id, "kind": kind})
            fts.append({"id": doc_id, "body": mask_text(body)})
        with ctx.store.write() as s:
            s.execute(insert(Document), docs)
            s.execute(insert(ArchiveEntry), entries)
            s.execute(insert(ArchiveKey), keys)
            s.execute(text("INSERT INTO archive_fts (rowid, body) VALUES (:id, :body)"), fts)
            s.execute(text("DELETE FROM archive_pending"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("home", type=Path)
    ap.add_argument("--policies", type=int, default=200_000)
    ap.add_argument("--documents", type=int, default=0)
    args = ap.parse_args(argv)
    from app.desk.context import AppContext
    from tests.support.outlet import demo_clerk

    ctx = AppContext.open(args.home)
    try:
        demo_clerk(ctx)
        fill_policies(ctx, args.policies)
        if args.documents:
            fill_archive(ctx, args.documents, args.policies)
    finally:
        ctx.close()
    print(
        f"{args.policies:,} policies, {args.documents:,} documents in {args.home}", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
