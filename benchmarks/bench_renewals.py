"""Figures for renewals (docs/renewals.md), each on a real encrypted store:

- the work-list (续保清单) of an outlet book of 100,000 policies (target ≤ 100 ms): the service
  call the 续保 page makes (the book brought up to date, the settings read, the counts per due
  date and the first page of rows), for a supervisor who sees all and a clerk who sees theirs and
  the unassigned; the slower is the figure;
- importing 50,000 rows of CSV (target ≤ 60 s), every row checked, with progress reported (the
  number of progress reports is given beside it);
- user actions for a renewal with no changes (target ≤ 8): the window driven as a clerk drives it
  (tests/support/clerk.py: real mouse and key events, counted by an event filter), from selecting
  the row on the 续保 page to the policy issued."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from benchmarks import Figure, child_env, last_json_line, run_child

ROOT = Path(__file__).resolve().parent.parent

WINDOW_SCRIPT = r"""
import json, sys, time
from datetime import timedelta
from PySide6.QtTest import QTest
from app.desk.context import AppContext
from app.desk.demo import set_up_demo
from ui.app_main import make_application
from ui.i18n import ensure_cjk_font, install_language
from ui.main_window import RENEWALS_PAGE, MainWindow
from local_db.models import BookPolicy, Policy
from tests.support import clerk as desk
from tests.support.book import issue_request, vin

_wait_until = desk.wait_until
desk.wait_until = lambda condition, timeout_s=60.0, what="the window": _wait_until(
    condition, timeout_s * 5, what)
app = make_application()
ctx = AppContext.open()
ensure_cjk_font()
install_language("zh_CN")
set_up_demo(ctx)
user = ctx.auth.login("clerk", "demo-clerk-2026")
today = ctx.renewals.today()
ctx.issuance.issue(user, issue_request(vin(77), today + timedelta(days=1)))
with ctx.store.write() as s:  # a year on: the policy issued here ends in 20 days
    ctx.renewals.book.reconcile(s)
    row = s.query(BookPolicy).one()
    old = s.get(Policy, row.policy_id)
    for r in (row, old):
        r.start_date, r.end_date = today - timedelta(days=345), today + timedelta(days=20)
window = MainWindow(ctx, user)
window.show()
QTest.qWaitForWindowActive(window)
window.show_page(RENEWALS_PAGE)
page = window.pages[RENEWALS_PAGE]
clerk = desk.Clerk()
t0 = time.perf_counter()
clerk.click(page.table.viewport(), page.table.visualItemRect(page.table.item(0, 0)).center())
clerk.click(page.renew)
# 续保 asks head office's claims register first (on the pool), then opens the wizard.
desk.wait_until(lambda: window.pages[0].wizard is not None, 30, "the wizard")
wiz = window.pages[0].wizard
desk.wait_until(lambda: wiz.loaded, 30, "the draft")
# No claims source answers here (the demo desk has no head office): nothing is priced from a
# guessed record, so the clerk types the platform's claim-free years where the cursor waits, as
# the GUI test does (tests/gui/test_renewals_page.py).
desk.wait_until(lambda: wiz.coverage.claim_free.hasFocus(), 30, "the cursor on claim-free years")
clerk.type(desk.CLAIM_FREE_YEARS, into=wiz.coverage.claim_free)
desk.wait_until(lambda: wiz.coverage.quote is not None, 60, "the premium")
desk.to_review(clerk, wiz)
desk.review_and_sign(clerk, wiz)
desk.to_payment(clerk, wiz)
clerk.click(wiz.payment.paid_button)
result = desk.issue(clerk, wiz)
seconds = time.perf_counter() - t0
clerk.stop()
assert result.state == "bound", result.state
renewed = ctx.renewals.detail(user, row.id).state
window.tasks.wait_idle(300_000)
window.close()
print(json.dumps({"actions": clerk.count, "action_list": clerk.counter.actions,
                  "seconds": seconds, "renewed": renewed}))
ctx.close()
"""


def _book_rows(n: int, today: date) -> list[dict]:
    from tests.support.book import person_id, phone, vin

    rows = []
    for i in range(n):
        end = today + timedelta(days=i % 365 - 30)
        rows.append(
            {
                "source": "imported",
                "policy_number": f"PDAA2025{i:012d}",
                "insurer": "中国人民财产保险股份有限公司",
                "coverage": "both",
                "start_date": end - timedelta(days=364),
                "end_date": end,
                "premium_ctpl": Decimal("950.00"),
                "premium_commercial": Decimal("3050.00"),
                "premium": Decimal("4000.00"),
                "holder_kind": "person",
                "holder_name": "王伟",
                "holder_id_type": "resident_id",
                "holder_id_number": person_id(i),
                "holder_phone": phone(i),
                "vin": vin(i),
                "vehicle": {"class": "family_car", "seats": 5},
                "covers": [{"code": "ctpl"}, {"code": "vehicle_damage"}],
                "history": {},
                "state": ("due", "contacted", "quoted", "renewed", "lost")[i % 5],
                "assigned_to": None,
            }
        )
    return rows


def _store_figures(quick: bool) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    from sqlalchemy import insert, select, update

    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo
    from local_db.models import BookPolicy, User
    from tests.support.book import book_row, csv_bytes

    n_book = 10_000 if quick else 100_000
    n_import = 5_000 if quick else 50_000
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        try:
            set_up_demo(ctx)
            supervisor = ctx.auth.login("supervisor", "demo-super-2026")
            clerk = ctx.auth.login("clerk", "demo-clerk-2026")
            today = ctx.renewals.today()

            # importing: 50,000 rows of CSV, every row checked, progress reported
            content = csv_bytes(
                [book_row(i, today + timedelta(days=i % 90 + 1)) for i in range(n_import)]
            )
            reports: list[tuple[int, int]] = []
            t0 = time.perf_counter()
            report = ctx.renewals.import_content(
                supervisor, content, "bench.csv", progress=lambda d, t: reports.append((d, t))
            )
            import_s = time.perf_counter() - t0
            figures.append(
                Figure(
                    "renewals",
                    f"import of {n_import:,} book rows from CSV (checked, with progress)",
                    import_s,
                    "s",
                    at_most=60 if not quick else 6,
                    conditions_met=report.added == n_import and reports[-1] == (n_import, n_import),
                    note=f"{report.added:,} added, {report.refused_rows} refused; "
                    f"{len(reports)} progress reports; {len(content) / 1e6:.1f} MB",
                )
            )

            # the work-list of a 100,000-policy book
            with ctx.store.write() as s:
                s.execute(
                    BookPolicy.__table__.delete()  # the imported rows: the book is built afresh
                )
                rows = _book_rows(n_book, today)
                for start in range(0, len(rows), 5_000):
                    s.execute(insert(BookPolicy), rows[start : start + 5_000])
                ids = dict(s.execute(select(User.username, User.id)).all())
                # a third handed to the clerk, a third to the supervisor, a third nobody's yet
                for rest, name in ((0, "clerk"), (1, "supervisor")):
                    s.execute(
                        update(BookPolicy)
                        .where(BookPolicy.id % 3 == rest)
                        .values(assigned_to=ids[name])
                    )
            ctx.renewals.work_list(supervisor)  # warm: the first read opens the pool
            timings: dict[str, list[float]] = {"supervisor": [], "clerk": []}
            totals = {}
            for _ in range(10 if quick else 30):
                for who, user in (("supervisor", supervisor), ("clerk", clerk)):
                    t0 = time.perf_counter()
                    wl = ctx.renewals.work_list(user)
                    timings[who].append(time.perf_counter() - t0)
                    totals[who] = wl.total
            medians = {k: statistics.median(v) * 1000 for k, v in timings.items()}
            worst = max(medians, key=lambda k: medians[k])
            figures.append(
                Figure(
                    "renewals",
                    f"work-list of a {n_book:,}-policy book (median, the slower view)",
                    medians[worst],
                    "ms",
                    at_most=100,
                    note=f"{worst}; supervisor {medians['supervisor']:.1f} ms "
                    f"({totals['supervisor']:,} rows due, first page of 200), clerk "
                    f"{medians['clerk']:.1f} ms ({totals['clerk']:,})",
                )
            )
        finally:
            ctx.close()
    return figures


def _window_figure() -> Figure:
    with tempfile.TemporaryDirectory() as tmp:
        out = run_child(
            [sys.executable, "-X", "faulthandler", "-c", WINDOW_SCRIPT],
            what="the renewal benchmark's window process",
            env=child_env(
                CHUDAN_HOME=tmp,
                CHUDAN_KEYRING="off",
                QT_QPA_PLATFORM="offscreen",
                ORT_DISABLE_TELEMETRY="1",
            ),
            cwd=ROOT,
            timeout_s=1800,
        )
    r = last_json_line(out, "the renewal benchmark's window process")
    return Figure(
        "renewals",
        "user actions, renewal with no changes (input events counted)",
        r["actions"],
        "actions",
        at_most=8,
        conditions_met=r["renewed"] == "renewed",
        note=f"{r['seconds']:.1f} s driven; " + ", ".join(r["action_list"]),
    )


def run(quick: bool = False) -> list[Figure]:
    return [*_store_figures(quick), _window_figure()]
