"""Figures for reports and the archive (docs/reports.md, docs/archive.md), on synthetic data
(benchmarks/synthetic.py) written straight into an encrypted store:

- the 报表 page for a year of 200,000 policies: drawn (tables filled, charts painted) once the
  figures are worked out, median of 5, ≤ 300 ms; and the working out itself (on a worker, so the
  window stays responsive), reported without a target;
- the XLSX export of 100,000 policy rows (every section plus the policies sheet), ≤ 5 s, with its
  progress reported as it goes;
- the archive's search over 1,000,000 documents: p95 of exact look-ups (policy number, plate, VIN,
  ID number, phone through the keyed digests) ≤ 50 ms and of full-text searches (three to six
  characters of a name, an address or a number, FTS5 trigram) ≤ 150 ms; and the store's size per
  1,000 documents.

`--quick` runs 20,000 policies, 10,000 export rows and 20,000 documents: the same code, smaller."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks import Figure


def _p95(values: list[float]) -> float:
    s = sorted(values)
    return s[max(0, int(round(0.95 * len(s))) - 1)]


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    n_year = 20_000 if quick else 200_000
    n_export = 10_000 if quick else 100_000
    n_docs = int(os.environ.get("CHUDAN_BENCH_DOCUMENTS", 20_000 if quick else 1_000_000))
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        figures += _page_and_export(Path(tmp), n_year, n_export)
    with tempfile.TemporaryDirectory() as tmp:
        figures += _archive(Path(tmp), n_docs)
    return figures


def _page_and_export(tmp: Path, n_year: int, n_export: int) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from app.desk.context import AppContext
    from app.figures.period import Grain, Period
    from benchmarks.synthetic import fill_policies
    from tests.support.outlet import demo_clerk
    from ui.pages.reports_page import ReportsPage

    app = QApplication.instance() or QApplication([])
    ctx = AppContext.open(tmp / "year")
    try:
        demo_clerk(ctx)
        supervisor = ctx.auth.login("supervisor", "demo-super-2026")
        t0 = time.perf_counter()
        fill_policies(ctx, n_year, 2026)
        fill_s = time.perf_counter() - t0
        page = ReportsPage(ctx, supervisor)
        page.resize(1400, 900)
        page.show()
        app.processEvents()
        page.select_year(2026)
        page.grain_box.setCurrentIndex(page.grain_box.findData(Grain.MONTH))
        period = page.period()
        computed, drawn = [], []
        for _ in range(5):
            # The page works the figures out on a worker (the window stays responsive), then
            # draws them on the GUI thread: each half timed on its own.
            t0 = time.perf_counter()
            report = ctx.reports.report(supervisor, period, None)
            t1 = time.perf_counter()
            page.report = report
            page._show(report)
            page.repaint()  # paints the page and its charts now
            app.processEvents()
            t2 = time.perf_counter()
            computed.append(t1 - t0)
            drawn.append(t2 - t1)
        assert page.report is not None and page.report.volume.totals.policies == n_year
        draw = Figure(
            "reports",
            f"报表 page, a year of {n_year:,} policies by month: drawn once computed (median of 5)",
            statistics.median(drawn) * 1000,
            "ms",
            at_most=300,
            note=f"synthetic year written in {fill_s:.0f} s",
        )
        compute = Figure(
            "reports",
            f"报表 page, a year of {n_year:,} policies: figures worked out on the worker (median of 5)",
            statistics.median(computed) * 1000,
            "ms",
            note="no target of its own: the window stays responsive meanwhile",
        )
        page.close()
        page.deleteLater()
        app.processEvents()

        # The export: a period holding n_export policies (the year's first days).
        days = max(1, round(365 * n_export / n_year))
        period = Period(date(2026, 1, 1), date(2026, 1, 1) + timedelta(days=days - 1), Grain.MONTH)
        # As the window runs it: the page shows the period's report (worked out beforehand, on
        # its worker) and hands it to the export, which writes it as it is while nothing was
        # audited since (ReportService.still_current). The same export with the figures worked
        # out again (as after a change) is reported beside it, without a target.
        shown = ctx.reports.report(supervisor, period, None)
        seen: list[tuple[int, int]] = []
        t0, cpu0 = time.perf_counter(), time.process_time()
        done = ctx.report_exports.export(
            supervisor,
            period,
            tmp / "export.xlsx",
            progress=lambda d, t: seen.append((d, t)),
            shown=shown,
        )
        export_s = time.perf_counter() - t0
        # CPU seconds (all threads) beside the wall time: on a loaded machine the closer guide
        # to what a quiet one would take (the export is one thread but for the policy list).
        export_cpu = time.process_time() - cpu0
        export = Figure(
            "reports",
            f"XLSX export, {done.policy_rows:,} policy rows and every section (the page's report)",
            export_s,
            "s",
            at_most=5,
            # progress shown along the way, not only at the end
            conditions_met=sum(1 for d, t in seen if d < t) >= 2 and seen[-1][0] == seen[-1][1],
            note=f"{len(seen)} progress reports, {done.path.stat().st_size / 1e6:.1f} MB, "
            f"{export_cpu:.2f} s of CPU",
        )
        t0, cpu0 = time.perf_counter(), time.process_time()
        ctx.report_exports.export(supervisor, period, tmp / "afresh.xlsx")
        afresh = Figure(
            "reports",
            f"XLSX export, {done.policy_rows:,} policy rows, the figures worked out again",
            time.perf_counter() - t0,
            "s",
            note="as after a change since the page showed them; no target of its own; "
            f"{time.process_time() - cpu0:.2f} s of CPU",
        )
    finally:
        ctx.close()
    return [draw, compute, export, afresh]


def _archive(tmp: Path, n_docs: int) -> list[Figure]:
    from app.archive.service import ArchiveService
    from app.desk.context import AppContext
    from benchmarks.synthetic import fill_archive, fill_policies, plate, policy_number, vin
    from tests.support.outlet import demo_clerk

    n_policies = max(1, n_docs // 5)
    ctx = AppContext.open(tmp / "archive")
    try:
        clerk = demo_clerk(ctx)
        fill_policies(ctx, min(n_policies, 200_000), 2026)
        size_before = _size(ctx)
        t0 = time.perf_counter()
        fill_archive(ctx, n_docs, n_policies)
        fill_s = time.perf_counter() - t0
        ctx.store.engine.dispose()
        per_1000 = (_size(ctx) - size_before) / n_docs * 1000 / 1e6
        archive = ArchiveService(ctx.store, ctx.audit, ctx.clock)
        rng = random.Random(3)
        exact, full = [], []
        for _ in range(200):
            p = rng.randrange(n_policies)
            q = rng.choice([policy_number(p), plate(p), vin(p)])
            t0 = time.perf_counter()
            hits = archive.search(clerk, q)
            exact.append(time.perf_counter() - t0)
            assert hits, q
        words = ["朝阳区建国", "中关村大街", "世纪大道", "天河路", "建国路1", "号牌号码京A"]
        for _ in range(100):
            p = rng.randrange(n_policies)
            q = rng.choice([*words, vin(p)[-7:], policy_number(p)[-8:]])
            t0 = time.perf_counter()
            archive.search(clerk, q)
            full.append(time.perf_counter() - t0)
    finally:
        ctx.close()
    return [
        Figure(
            "archive",
            f"search, exact number among {n_docs:,} documents (p95 of 200)",
            _p95(exact) * 1000,
            "ms",
            at_most=50,
            note=f"median {statistics.median(exact) * 1000:.1f} ms; documents written in {fill_s:.0f} s",
        ),
        Figure(
            "archive",
            f"search, full text among {n_docs:,} documents (p95 of 100)",
            _p95(full) * 1000,
            "ms",
            at_most=150,
            note=f"median {statistics.median(full) * 1000:.1f} ms",
        ),
        Figure(
            "archive", "store size per 1,000 documents (entry, digests, full text)", per_1000, "MB"
        ),
    ]


def _size(ctx) -> int:
    db = Path(ctx.store.path) if hasattr(ctx.store, "path") else None
    if db is None:
        return 0
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
