"""Kill a change in the middle and resume it (tests/integration/sync/test_change_crash_and_resume.py
and the changes_crash benchmark share it): a script makes one change to a policy step by step, as
the window does, each step its own transaction, and says where it is after each; it is killed
after a marker chosen at random plus a random delay, the store is checked, the clerk resumes the
open change in this process, the desk syncs, and everything is checked once more."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.desk import store_admin
from hq.models import PolicyChange as HqChange
from local_db.models import OutboxItem, Payment, Policy, PolicyChange
from tests.support.changes import CARD, SIGNATURE
from tests.support.outlet import demo_clerk, fast_worker, issue_real
from tests.support.paths import REPO

# Two changes: one that collects money (a rider added) and one that refunds it (a cover removed).
FLOWS: dict[str, dict[str, Any]] = {
    "collect": {"kind": "covers", "add": [{"code": "scratch", "limit": "2000"}]},
    "refund": {"kind": "covers", "remove": ["driver"]},
}
PAYMENT = {"method": "card", "amount": "rest", "reference": CARD}
REFUND_TO = {"method": "transfer", "reference": "6222020200112233445"}
MARKERS = ["started", "quoted", "signed", "money", "bound", "uploaded"]

SCRIPT = r"""
import json, sys
from app.desk.context import AppContext
from sync.worker import SyncWorker
number, flow = sys.argv[1], json.loads(sys.argv[2])
ctx = AppContext.open()
clerk = ctx.auth.login("clerk", "demo-clerk-2026")
ch = ctx.changes
v = ch.start(clerk, number, flow["request"]["kind"]); print("started", flush=True)
v = ch.edit(clerk, v.id, flow["request"]); print("quoted", flush=True)
v = ch.sign(clerk, v.id, flow["signature"]); print("signed", flush=True)
if v.difference > 0:
    ch.pay(clerk, v.id, flow["payment"])
else:
    ch.refund(clerk, v.id, flow["refund_to"])
print("money", flush=True)
v = ch.bind(clerk, v.id); print("bound", flush=True)
SyncWorker(ctx).run_once(); print("uploaded", flush=True)
"""


def _flow(name: str) -> dict[str, Any]:
    return {
        "request": FLOWS[name],
        "signature": SIGNATURE,
        "payment": PAYMENT,
        "refund_to": REFUND_TO,
    }


def _changes(ctx: Any, policy_id: str) -> list[PolicyChange]:
    with ctx.store.read() as s:
        rows = list(
            s.execute(select(PolicyChange).where(PolicyChange.policy_id == policy_id)).scalars()
        )
        for r in rows:
            s.expunge(r)
        return rows


def _money(ctx: Any, change_id: str) -> Decimal:
    with ctx.store.read() as s:
        parts = s.execute(select(Payment).where(Payment.change_id == change_id)).scalars()
        return sum((p.amount for p in parts if p.status != "failed"), Decimal("0"))


def _outbox(ctx: Any, change_id: str) -> int:
    with ctx.store.read() as s:
        return s.execute(
            select(func.count())
            .select_from(OutboxItem)
            .where(OutboxItem.idempotency_key == change_id)
        ).scalar_one()


def check_right_after_the_kill(ctx: Any, policy_id: str) -> None:
    assert store_admin.check(ctx.store, ctx.audit).ok
    changes = _changes(ctx, policy_id)
    assert len(changes) <= 1
    for c in changes:
        bound = c.state in ("bound", "confirmed")
        assert _outbox(ctx, c.id) == (1 if bound else 0)
        assert bool(c.number) == bound  # a 批单号 is drawn with the binding, never before
        taken = _money(ctx, c.id)
        if c.state in ("paid", "refunded", "bound", "confirmed"):
            assert taken == (c.premium_difference or 0)
        else:
            assert taken == 0  # money is recorded with its state, in one transaction


def resume(ctx: Any, number: str, flow: dict[str, Any]) -> None:
    """What the clerk does after the restart: reopen the policy's open change and finish it, or
    make it from the start when the kill came before it was stored."""
    clerk = demo_clerk(ctx)
    ch = ctx.changes
    v = ch.open_change(clerk, number)
    if v is None:
        if any(t["state"] == "confirmed" for t in ch.history(clerk, number)["transactions"]):
            return
        v = ch.start(clerk, number, flow["request"]["kind"])
    if v.state == "draft":
        v = ch.edit(clerk, v.id, flow["request"])
    if v.state == "quoted":
        v = ch.sign(clerk, v.id, flow["signature"])
    if v.state == "signed":
        if v.difference > 0:
            ch.pay(clerk, v.id, flow["payment"])
        else:
            ch.refund(clerk, v.id, flow["refund_to"])
        v = ch.view(clerk, v.id)
    if v.state in ("paid", "refunded"):
        ch.bind(clerk, v.id)


def check_resumed(ctx: Any, engine: Engine, policy_id: str) -> None:
    assert store_admin.check(ctx.store, ctx.audit).ok
    (change,) = _changes(ctx, policy_id)
    assert change.state == "confirmed" and change.number
    assert _outbox(ctx, change.id) == 1
    assert _money(ctx, change.id) == change.premium_difference != 0
    with Session(engine) as hs:
        held = list(hs.execute(select(HqChange).where(HqChange.policy_id == policy_id)).scalars())
    assert [(h.change_id, h.outcome, h.number) for h in held] == [
        (change.id, "accepted", change.number)
    ]


def _drain(ctx: Any) -> None:
    worker = fast_worker(ctx)
    for _ in range(20):
        summary = worker.run_once()
        counts = worker.queue_counts()
        if summary.ok and counts["policies_waiting"] == 0 and counts["other_waiting"] == 0:
            return
    raise AssertionError(f"still waiting: {worker.queue_counts()}")


def kill_and_resume_once(ctx: Any, engine: Engine, run: int, rng: random.Random) -> str:
    """One policy issued and sent, one change to it killed at a random point and resumed;
    returns where the kill landed."""
    (policy_id,) = issue_real(ctx, 1, start=run)
    _drain(ctx)
    with ctx.store.read() as s:
        number = s.get(Policy, policy_id).policy_number
    name = "collect" if run % 2 == 0 else "refund"
    flow = _flow(name)
    marker = rng.choice(MARKERS)
    delay = rng.uniform(0, 0.05)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, number, json.dumps(flow)],
        cwd=REPO,
        env={**os.environ, "CHUDAN_HOME": str(ctx.home)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        seen: list[str] = []
        while not seen or seen[-1] != marker:
            line = proc.stdout.readline() if proc.stdout else ""
            assert line, f"the script ended early after {seen}"
            seen.append(line.strip())
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()
    check_right_after_the_kill(ctx, policy_id)
    resume(ctx, number, flow)
    _drain(ctx)
    check_resumed(ctx, engine, policy_id)
    return f"{name}: {marker}+{delay * 1000:.0f}ms"
