"""Issuance figure: headless issuance without OCR (check, quote, underwrite, sign, pay, bind, PDF,
outbox, one transaction). The PDF render on its own is in bench_pdf.py."""

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


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo

    example = json.loads(
        (ROOT / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8")
    )
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
        finally:
            ctx.close()
    issue_ms = statistics.median(times) * 1000
    return [
        Figure(
            "issuance",
            "headless issuance without OCR, incl. PDF and outbox (median)",
            issue_ms,
            "ms",
            at_most=200,
        ),
    ]
