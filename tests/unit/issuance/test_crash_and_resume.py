"""A scripted issuance in its own process is killed (SIGKILL) at several points, then resumed
from what the store holds (issue 6: crash-and-resume). Whatever the point, the result is one
bound policy, paid exactly once to the fen, and a store that passes its checks."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from app import store_admin
from app.context import AppContext
from app.demo import set_up_demo
from local_db.models import Payment, Policy
from tests.conftest import REPO

EXAMPLE = json.loads((REPO / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8"))

# The clerk's steps as the wizard takes them; a line after each so the test knows where it is.
SCRIPT = r"""
import copy, json, sys
from app.context import AppContext
ctx = AppContext.open()
clerk = ctx.auth.login("clerk", "demo-clerk-2026")
request = json.loads(sys.argv[1])
draft = ctx.drafts.create(clerk)
request["draft_id"] = draft
request["payments"] = []
print("draft", draft, flush=True)
for step in ("customer", "vehicle", "coverage", "review"):
    ctx.drafts.save(clerk, draft, step, {"request": request})
    print("saved", step, flush=True)
ctx.drafts.save(clerk, draft, "payment", {"request": request})
ctx.issuance.record_draft_payment(clerk, request, {"method": "cash", "amount": "1000.00"})
print("paid part", flush=True)
ctx.issuance.record_draft_payment(clerk, request, {"method": "qr", "amount": "rest", "reference": "QR0001"})
print("paid rest", flush=True)
result = ctx.issuance.issue(clerk, request)
ctx.drafts.mark_issued(clerk, draft)
print("issued", result.policy_number, flush=True)
"""
MARKERS = ["draft", "saved customer", "saved review", "paid part", "paid rest", "issued"]


def _resume(home) -> None:
    """What the clerk does after the restart: reopen the draft, take what is still due, issue."""
    with AppContext.open(home) as ctx:
        clerk = ctx.auth.login("clerk", "demo-clerk-2026")
        for summary in ctx.drafts.list_open(clerk):
            step, data = ctx.drafts.load(clerk, summary.id)
            # Killed before anything was saved: the draft reopens empty and the clerk enters it again.
            request = data.get("request") or copy.deepcopy(EXAMPLE) | {"draft_id": summary.id, "payments": []}
            with ctx.store.read() as s:
                issued = s.execute(select(func.count()).select_from(Policy).where(Policy.state == "bound")).scalar_one()
            if issued:  # killed between issuing and closing the draft
                ctx.drafts.mark_issued(clerk, summary.id)
                continue
            paid = sum(float(p["amount"]) for p in ctx.issuance.draft_payments(summary.id) if "failed" not in p)
            total = float(ctx.issuance.preview(request).quote.total)
            if paid < total:
                ctx.issuance.record_draft_payment(clerk, request, {"method": "qr", "amount": "rest", "reference": "QR0002"})
            ctx.issuance.issue(clerk, request)
            ctx.drafts.mark_issued(clerk, summary.id)


@pytest.mark.parametrize("kill_after", ["draft", "saved review", "paid part", "paid rest"])
def test_killed_anywhere_then_resumed_gives_one_policy_paid_once(chudan_home, kill_after):
    with AppContext.open(chudan_home) as ctx:
        set_up_demo(ctx)
        total = ctx.issuance.preview(copy.deepcopy(EXAMPLE)).quote.total
    env = {**os.environ, "CHUDAN_HOME": str(chudan_home), "CHUDAN_KEYRING": "off"}
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, json.dumps(EXAMPLE)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, text=True)
    seen = []
    while not seen or not seen[-1].startswith(kill_after):
        line = proc.stdout.readline()
        assert line, f"the script ended early after {seen}"
        seen.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    _resume(chudan_home)
    with AppContext.open(chudan_home) as ctx:
        assert store_admin.check(ctx.store, ctx.audit).ok
        with ctx.store.read() as s:
            (policy,) = s.execute(select(Policy)).scalars().all()
            assert policy.state == "bound" and policy.policy_number
            paid = [p for p in s.execute(select(Payment)).scalars() if p.status == "succeeded"]
            assert {p.policy_id for p in paid} == {policy.id}
            assert sum(p.amount for p in paid) == total
