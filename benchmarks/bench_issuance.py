"""Issue 6 figures (so far): headless issuance without OCR (check, quote, underwrite, sign, pay,
bind, PDF, outbox, one transaction) and the cover-note PDF render on its own."""

from __future__ import annotations

import copy
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import Figure

ROOT = Path(__file__).resolve().parent.parent


def _schedule():
    from decimal import Decimal

    from app.documents.policy_pdf import CoverRow, Party, PolicySchedule

    covers = [CoverRow(f"险种 {i}", "100000.00", "—", Decimal("123.45")) for i in range(12)]
    return PolicySchedule(
        kind="cover_note", policy_number="DEMO010120261125000001R", outlet="演示网点（DEMO01）",
        issued_at="2026-11-25 10:00", period="2026-12-01 0时 至 2027-11-30 24时",
        parties=[Party("投保人", "张伟", "居民身份证", "110105198507231238", "13812345678")] * 3,
        vehicle=[("号牌号码", "京A12345"), ("车辆识别代号", "LSVCC6A45PN123456")], covers=covers,
        ctpl_premium=Decimal("807.50"), commercial_premium=Decimal("1481.40"), tax=Decimal("420.00"),
        total=Decimal("2708.90"), rate_table_version=1, illustrative=True, verification_hash="ab" * 32,
        signature=[[(0.1, 0.5), (0.5, 0.2), (0.9, 0.6)]])


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    from app.context import AppContext
    from app.demo import set_up_demo
    from app.documents.policy_pdf import render_policy_pdf

    example = json.loads((ROOT / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8"))
    n = 10 if quick else 50
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        try:
            set_up_demo(ctx)
            clerk = ctx.auth.login("clerk", "demo-clerk-2026")
            times = []
            for i in range(n):
                req = copy.deepcopy(example)
                body = f"LSVCC6A4{i % 10}PN{100000 + i:06d}"  # a different vehicle each time
                from app.vehicle import vin_check_digit

                req["vehicle"]["vin"] = body[:8] + vin_check_digit(body) + body[9:]
                req["vehicle"]["plate"] = None
                t0 = time.perf_counter()
                r = ctx.issuance.issue(clerk, req)
                times.append(time.perf_counter() - t0)
                assert r.state == "bound"
            pdf_times = []
            for _ in range(n):
                t0 = time.perf_counter()
                render_policy_pdf(_schedule())
                pdf_times.append(time.perf_counter() - t0)
        finally:
            ctx.close()
    issue_ms = statistics.median(times) * 1000
    pdf_ms = statistics.median(pdf_times) * 1000
    return [
        Figure(6, "headless issuance without OCR, incl. PDF and outbox (median)", issue_ms, "ms", "≤ 200 ms", issue_ms <= 200),
        Figure(6, "cover-note PDF render (median)", pdf_ms, "ms", "≤ 50 ms", pdf_ms <= 50),
    ]
