"""Figures for endorsements (docs/changes.md), each measured in a fresh offscreen process on a
real encrypted store:

- headless endorsement (target ≤ 200 ms): `ChangeService.endorse`, what `chudan policy endorse`
  runs — the request checked, priced by the engine, signed, paid, the 批单号 drawn, the version
  and the outbox row written in one transaction — for the example rider request on policies
  issued for real; median and p95;
- user actions for "add the plate" (target ≤ 8) and "add a rider" (target ≤ 12): the 保单 page
  and its change wizard driven as a clerk drives them, the same steps as the GUI test
  (tests/gui/test_change_wizard.py); the count is what an event filter saw arrive."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks import Figure, child_env, last_json_line, run_child

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import json, statistics, sys, time
from datetime import timedelta
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from app.desk.context import AppContext
from app.desk.demo import set_up_demo
from ui.app_main import make_application
from ui.i18n import ensure_cjk_font, install_language
from ui.main_window import MainWindow
from tests.support import clerk as desk
from tests.support.changes import policy_request
from tests.support.outlet import request_for

rounds = int(sys.argv[1])
app = make_application()
ctx = AppContext.open()
ensure_cjk_font()
install_language("zh_CN")
set_up_demo(ctx)
user = ctx.auth.login("clerk", "demo-clerk-2026")
today = ctx.clock().astimezone().date()
rider = json.loads(open("resources/examples/endorsement-request.json", encoding="utf-8").read())

# 1. Headless: one endorsement per policy (one open change per policy).
def request(i, plate=True):
    req = request_for(i)  # a vehicle of its own: one policy per vehicle and term
    base = policy_request(today + timedelta(days=3))
    req.update(start_date=base["start_date"], payments=base["payments"])
    if plate:
        req["vehicle"]["plate"] = "京A%05d" % i
    return req

numbers = [ctx.issuance.issue(user, request(i)).policy_number for i in range(rounds + 1)]
ctx.changes.endorse(user, numbers[0], rider)  # warm: imports, the table parsed
times = []
for number in numbers[1:]:
    t0 = time.perf_counter()
    v = ctx.changes.endorse(user, number, rider)
    times.append(time.perf_counter() - t0)
    assert v.state == "bound", v.state

# 2. The window: add the plate, add a rider.
def drive(kind, i):
    ctx.issuance.issue(user, request(i, plate=kind != "plate"))
    window = MainWindow(ctx, user)
    window.show()
    QTest.qWaitForWindowActive(window)
    window.show_page(1)
    page = window.pages[1]
    clerk = desk.Clerk()
    desk.wait_until(lambda: page.table.rowCount() > 0, 30, "the policies")  # read on the pool
    rect = page.table.visualItemRect(page.table.item(0, 0))
    clerk.click(page.table.viewport(), QPoint(rect.center()))
    clerk.click(page.endorse_button)
    dialog = page.change_dialog
    desk.wait_until(dialog.isVisible, 30, "the change wizard")
    clerk.click(next(b for k, b in dialog.kind_buttons.items() if k.value == kind))
    desk.wait_until(lambda: QApplication.activeWindow() is dialog, 30, "the wizard in front")
    if kind == "plate":
        field = dialog.inputs["plate"]
        desk.wait_until(lambda: QApplication.focusWidget() is field, 30, "the cursor")
        clerk.type("京A67890", into=field)
    else:
        clerk.choose(dialog.inputs["add.0.code"], "scratch")
        clerk.fill(dialog.inputs["add.0.limit"], "2000")
    clerk.click(dialog.quote_button)
    if dialog.pad.isVisible():
        clerk.sign(dialog.pad)
    clerk.click(dialog.issue_button)
    assert dialog.stack.currentWidget() is dialog.done_label, dialog.problems.text()
    clerk.stop()
    dialog.close()
    window.close()
    return clerk.count, clerk.counter.actions

plate, plate_list = drive("plate", 900)
added, added_list = drive("covers", 901)

def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] * 1000

print(json.dumps({"n": len(times), "median": statistics.median(times) * 1000, "p95": q(times, 0.95),
                  "plate": plate, "plate_list": plate_list, "rider": added, "rider_list": added_list}))
ctx.close()
"""


def run(quick: bool = False) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        out = run_child(
            [sys.executable, "-X", "faulthandler", "-c", SCRIPT, "5" if quick else "30"],
            what="the endorsement benchmark's process",
            env=child_env(
                CHUDAN_HOME=tmp,
                CHUDAN_KEYRING="off",
                QT_QPA_PLATFORM="offscreen",
                ORT_DISABLE_TELEMETRY="1",
            ),
            cwd=ROOT,
            timeout_s=1800,
        )
    r = last_json_line(out, "the endorsement benchmark's process")
    return [
        Figure(
            "changes",
            "headless endorsement, a rider added and paid (median)",
            r["median"],
            "ms",
            at_most=200,
            note=f"{r['n']} policies, one endorsement each",
        ),
        Figure("changes", "headless endorsement (p95)", r["p95"], "ms", at_most=200),
        Figure(
            "changes",
            "user actions, add the plate (input events counted)",
            r["plate"],
            "actions",
            at_most=8,
            note="; ".join(r["plate_list"]),
        ),
        Figure(
            "changes",
            "user actions, add a rider (input events counted)",
            r["rider"],
            "actions",
            at_most=12,
            note="; ".join(r["rider_list"]),
        ),
    ]
