"""Endorsements and cancellations reach a real head office (loopback, behind the fault proxy)
exactly once; head office prices each again from the version it holds, confirms it with a code
and records the refund it owes, and refuses a change made on a version that is no longer current,
with the reason and the changes the desk missed, which the desk records before the clerk redoes
the change on the current version."""

from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.desk.context import AppContext
from hq import stats
from hq.models import LookupTotalLoss
from hq.models import Policy as HqPolicy
from hq.models import PolicyChange as HqChange
from hq.models import PolicyVersion as HqVersion
from hq.personal_data import data_key
from local_db.models import OutboxItem, Payment, Policy, PolicyChange, WorkItem
from tests.support.changes import card_payment, policy_request
from tests.support.outlet import copy_bound_policies, demo_clerk, fast_worker, issue_real

RIDER = {"kind": "covers", "add": [{"code": "scratch", "limit": "2000"}]}


def _drain(worker, runs: int = 40, restored: bool = False) -> None:
    """Until nothing waits. A desk restored from an older copy has its audit log refused by head
    office as forked (docs/sync.md, audit anchoring) while its uploads still go: `restored`."""
    for _ in range(runs):
        summary = worker.run_once()
        counts = worker.queue_counts()
        forked = (
            restored
            and summary.anchor is not None
            and "chain_forked" in (summary.anchor.refused or "")
        )
        if (
            (summary.ok or forked)
            and counts["policies_waiting"] == 0
            and counts["other_waiting"] == 0
        ):
            return
    raise AssertionError(f"still waiting after {runs} runs: {worker.queue_counts()}")


def _issued(ctx, clerk, days_ahead: int = 3) -> str:
    today = ctx.clock().astimezone().date()
    return ctx.issuance.issue(
        clerk, policy_request(today + timedelta(days=days_ahead))
    ).policy_number


def _policy(ctx, number: str) -> Policy:
    with ctx.store.read() as s:
        p = s.execute(select(Policy).where(Policy.policy_number == number)).scalar_one()
        s.expunge(p)
        return p


def test_an_endorsement_and_a_cancellation_are_confirmed_once_and_counted(desk, link):
    clerk = demo_clerk(desk)
    supervisor = desk.auth.login("supervisor", "demo-super-2026")
    number = _issued(desk, clerk)
    worker = fast_worker(desk)
    _drain(worker)
    rider = desk.changes.endorse(clerk, number, {**RIDER, "payments": card_payment()})
    _drain(worker)
    after = desk.changes.view(clerk, rider.id)
    assert after.state == "confirmed" and after.confirmation_code.startswith("PG")
    assert _policy(desk, number).state == "endorsed"
    with Session(link.engine) as hs:
        row = hs.get(HqChange, rider.id)
        assert (row.outcome, row.version, row.difference) == (
            "accepted",
            1,
            f"{rider.difference:.2f}",
        )
        assert row.confirmation_code == after.confirmation_code
    # The same change sent again (the acknowledgement was lost): the first answer again.
    with desk.store.write() as s:
        s.execute(
            select(OutboxItem).where(OutboxItem.idempotency_key == rider.id)
        ).scalar_one().status = "pending"
    summary = worker.run_once()
    assert summary.upload.duplicates == 1 and summary.upload.accepted == 0
    # Head office's claims look-up says the vehicle damage cover paid a total loss.
    with Session(link.engine) as hs:
        hs.add(LookupTotalLoss(policy_number=number, cover="vehicle_damage"))
        hs.commit()
    today = desk.clock().astimezone().date()
    cancel = desk.changes.cancel(
        clerk,
        number,
        {
            "reason": "deregistered",
            "effective_date": (today + timedelta(days=1)).isoformat(),
            "documents": [{"kind": "deregistration_certificate", "reference": "ZX-0001"}],
        },
        supervisor,
    )
    assert cancel.refunds[0]["status"] == "awaiting_check"
    _drain(worker)
    done = desk.changes.view(clerk, cancel.id)
    damage = next(ln for ln in cancel.priced["lines"] if ln["code"] == "vehicle_damage")
    assert done.state == "confirmed" and _policy(desk, number).state == "cancelled"
    # The refund is what head office owes: less the vehicle damage cover's share.
    assert done.difference == cancel.difference - D(damage["amount"])
    with desk.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == cancel.id)).scalars()
        assert (part.status, part.amount) == ("requested", done.difference)
        notes = s.execute(select(WorkItem.reason)).scalars().all()
        assert any("全损" in n for n in notes)
    last_day = (today + timedelta(days=1) - timedelta(days=1)).isoformat()
    assert _policy(desk, number).end_date.isoformat() == last_day
    with Session(link.engine) as hs:
        # Head office's duplicate-insurance look-up sees the cover end there too.
        assert hs.get(HqPolicy, _policy(desk, number).id).period_end == last_day
        owed = hs.get(HqChange, cancel.id)
        assert owed.refund == f"{-done.difference:.2f}" and owed.refund_state == "owed"
    counted = stats.collect(link.engine)
    assert (counted["endorsements_accepted"], counted["cancellations_accepted"]) == (1, 1)
    assert (
        counted["refunds_owed"] == 1 and counted["refunds_owed_total"] == f"{-done.difference:.2f}"
    )


def test_a_change_on_a_stale_version_is_refused_and_redone_on_the_current_one(desk, link, tmp_path):
    """The desk's store is restored from a copy taken before a change it already sent: the change
    it makes next is on a version head office no longer holds."""
    clerk = demo_clerk(desk)
    number = _issued(desk, clerk)
    worker = fast_worker(desk)
    _drain(worker)
    restored_home = tmp_path / "restored"
    shutil.copytree(desk.home, restored_home)  # the whole data directory: store, key, tables
    desk.changes.endorse(
        clerk, number, {"kind": "contact", "policyholder": {"phone": "13900001111"}}
    )
    _drain(worker)
    restored = AppContext.open(restored_home)
    try:
        clerk2 = restored.auth.login("clerk", "demo-clerk-2026")
        stale = restored.changes.endorse(clerk2, number, {**RIDER, "payments": card_payment()})
        worker2 = fast_worker(restored)
        worker2.run_once()
        refused = restored.changes.view(clerk2, stale.id)
        assert refused.state == "rejected"
        history = restored.changes.history(clerk2, number)
        assert [(v["number"], v["state"]) for v in history["versions"]] == [
            (0, "issued"),
            (1, "void"),
            (1, "confirmed"),
        ]
        (t_refused,) = [t for t in history["transactions"] if t["id"] == stale.id]
        assert "version 1 at head office" in t_refused["hq_reason"]
        with restored.store.read() as s:
            (note,) = s.execute(
                select(WorkItem.reason).where(WorkItem.kind == "hq_rejected")
            ).scalars()
            assert "请在当前版本上重新办理" in note and "须退还或转入" in note
            holder = s.execute(select(Policy).where(Policy.policy_number == number)).scalar_one()
            assert holder.policyholder_id is not None
        # Redone on the current version: accepted as version 2.
        again = restored.changes.endorse(clerk2, number, {**RIDER, "payments": card_payment()})
        assert again.base_version == 1
        _drain(worker2, restored=True)
        assert restored.changes.view(clerk2, again.id).state == "confirmed"
        with Session(link.engine) as hs:
            assert (
                hs.execute(
                    select(func.count()).select_from(HqVersion).where(HqVersion.number == 2)
                ).scalar_one()
                == 1
            )
            sealed = hs.get(HqChange, stale.id).content_json
            assert "13900001111" not in sealed  # a change names parties: sealed at head office
            opened = data_key(link.engine).open(sealed, f"policy_changes.content_json:{stale.id}")
            assert json.loads(opened)["base_version"] == 0
    finally:
        restored.close()


@pytest.mark.slow
def test_endorsements_and_cancellations_arrive_exactly_once_through_a_bad_link(desk, link):
    """200 endorsements and 50 cancellations through a link that drops, cuts and truncates:
    every change is confirmed once, none is stored twice. CHUDAN_TEST_SCALE=10 runs the full
    2,000 and 500 (minutes; the suite runs a tenth)."""
    scale = int(os.environ.get("CHUDAN_TEST_SCALE", "1"))
    n_endorse, n_cancel = 200 * scale, 50 * scale
    clerk = demo_clerk(desk)
    supervisor = desk.auth.login("supervisor", "demo-super-2026")
    issued = issue_real(desk, 2)
    ids = issued + copy_bound_policies(desk, n_endorse + n_cancel - 2, issued)
    _drain(fast_worker(desk, max_items=50))
    with desk.store.read() as s:
        numbers = [s.get(Policy, pid).policy_number for pid in ids]
    today = desk.clock().astimezone().date()
    made = []
    for number in numbers[:n_endorse]:
        made.append(desk.changes.endorse(clerk, number, {**RIDER, "payments": card_payment()}).id)
    for number in numbers[n_endorse:]:
        cancel = {
            "reason": "sold",
            "scope": "commercial",
            "effective_date": (today + timedelta(days=1)).isoformat(),
            "documents": [{"kind": "transfer_certificate", "reference": "GH-1"}],
            "refund_to": {"method": "transfer", "reference": "6222020200112233"},
        }
        made.append(desk.changes.cancel(clerk, number, cancel, supervisor).id)
    link.proxy.rates.drop = 0.15
    link.proxy.rates.truncate = 0.1
    link.proxy.rates.cut = 0.15
    link.proxy.delay_s = 0.02
    worker = fast_worker(desk, max_items=20)
    _drain(worker, runs=200 * scale)
    assert link.proxy.counts["cut"] > 0 and link.proxy.counts["drop"] > 0
    with Session(link.engine) as hs:
        rows = hs.execute(select(HqChange.change_id, HqChange.outcome)).all()
        versions = hs.execute(select(func.count()).select_from(HqVersion)).scalar_one()
    assert sorted(r[0] for r in rows) == sorted(made) and {r[1] for r in rows} == {"accepted"}
    assert versions == n_endorse + n_cancel  # one each, however often a change was sent
    with desk.store.read() as s:
        states = s.execute(
            select(PolicyChange.state, func.count()).group_by(PolicyChange.state)
        ).all()
        assert dict(states) == {"confirmed": n_endorse + n_cancel}
        assert set(
            s.execute(select(OutboxItem.status).where(OutboxItem.kind != "policy")).scalars()
        ) == {"acked"}


@pytest.mark.slow
def test_the_outlet_killed_while_head_office_answers_changes_loses_and_repeats_nothing(desk, link):
    """kill -9 of the syncing process after head office committed a batch of changes and before
    the outlet read the answer: the next run sends that batch again, head office answers
    "duplicate", and every change is confirmed once with one version at head office."""
    import os
    import signal
    import subprocess
    import sys
    import threading
    import time

    from tests.support.paths import REPO

    clerk = demo_clerk(desk)
    issued = issue_real(desk, 2)
    ids = issued + copy_bound_policies(desk, 58, issued)
    _drain(fast_worker(desk, max_items=50))
    with desk.store.read() as s:
        numbers = [s.get(Policy, pid).policy_number for pid in ids]
    made = [
        desk.changes.endorse(clerk, n, {**RIDER, "payments": card_payment()}).id for n in numbers
    ]

    def stored() -> int:
        with Session(link.engine) as hs:
            return hs.execute(select(func.count()).select_from(HqChange)).scalar_one()

    held_back = threading.Event()
    before: list[int] = []
    base = link.proxy.exchanges

    def third(n: int) -> None:
        if n == base + 3:
            before.append(stored())
            held_back.set()

    link.proxy.on_exchange = third
    link.proxy.queue("ok", "ok", "delay", "delay", "delay")
    link.proxy.delay_s = 5.0
    script = (
        "from app.desk.context import AppContext; from sync.worker import SyncWorker; "
        "ctx = AppContext.open(); SyncWorker(ctx, max_items=20).run_once()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO, env={**os.environ, "CHUDAN_HOME": str(desk.home)}
    )
    try:
        assert held_back.wait(timeout=120), "the outlet process never reached its third exchange"
        deadline = time.monotonic() + 4.0
        while stored() <= before[0] and time.monotonic() < deadline:
            held_back.wait(0.02)
        committed_before_kill = stored()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert committed_before_kill > before[0], "head office had not committed a batch of changes"
    link.proxy.on_exchange = None
    link.proxy.delay_s = 0.0
    worker = fast_worker(desk, max_items=20)
    duplicates = 0
    for _ in range(20):
        summary = worker.run_once()
        duplicates += summary.upload.duplicates
        if summary.ok and worker.queue_counts()["other_waiting"] == 0:
            break
    assert duplicates >= 1
    with Session(link.engine) as hs:
        assert sorted(hs.execute(select(HqChange.change_id)).scalars()) == sorted(made)
        assert hs.execute(select(func.count()).select_from(HqVersion)).scalar_one() == 60
    with desk.store.read() as s:
        states = dict(
            s.execute(select(PolicyChange.state, func.count()).group_by(PolicyChange.state)).all()
        )
    assert states == {"confirmed": 60}


def test_a_change_to_a_policy_head_office_rejected_is_refused_not_left_waiting(desk, link):
    clerk = demo_clerk(desk)
    number = _issued(desk, clerk)
    change = desk.changes.endorse(
        clerk, number, {"kind": "contact", "policyholder": {"phone": "13900001111"}}
    )
    with desk.store.write() as s:  # the policy's own upload under-priced by a fen: refused
        row = s.execute(
            select(OutboxItem).where(OutboxItem.kind == "policy", OutboxItem.policy_id.is_not(None))
        ).scalar_one()
        payload = dict(row.payload)
        payload["premium"] = {
            **payload["premium"],
            "total": f"{float(payload['premium']['total']) - 0.01:.2f}",
        }
        row.payload = payload
    summary = fast_worker(desk).run_once()
    assert summary.upload.rejected == 2
    assert desk.changes.view(clerk, change.id).state == "rejected"
    assert fast_worker(desk).queue_counts()["other_waiting"] == 0
    with Session(link.engine) as hs:
        assert hs.get(HqChange, change.id) is None  # never sent


def test_a_refund_head_office_pays_reaches_the_desk_at_its_next_sync(desk, link, capsys):
    """Finance pays a cancellation's refund; head office records it (`chudan-hq changes
    refund-paid 批单号 --reference … --paid-at …`) and the desk's refund moves from requested to
    paid at its next sync, with the reference and time in the policy's history. Recording it
    again is a no-op; a different second payment is refused; no other refund moves."""
    from hq.cli import main as chudan_hq

    clerk = demo_clerk(desk)
    supervisor = desk.auth.login("supervisor", "demo-super-2026")
    number = _issued(desk, clerk)
    worker = fast_worker(desk)
    _drain(worker)
    today = desk.clock().astimezone().date()
    cancel = desk.changes.cancel(
        clerk,
        number,
        {
            "reason": "deregistered",
            "effective_date": (today + timedelta(days=1)).isoformat(),
            "documents": [{"kind": "deregistration_certificate", "reference": "ZX-0002"}],
        },
        supervisor,
    )
    _drain(worker)
    done = desk.changes.view(clerk, cancel.id)
    with desk.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == cancel.id)).scalars()
        assert part.status == "requested"
    # Not paid yet: a sync moves nothing.
    assert worker.run_once().refunds_paid == 0
    db = link.engine.url.render_as_string(hide_password=False)
    paid = ["changes", "refund-paid", done.number, "--db", db, "--json"]
    when = "2026-12-01T10:00:00+08:00"
    capsys.readouterr()
    assert chudan_hq([*paid, "--reference", "FIN-20261201-7", "--paid-at", when]) == 0
    recorded = json.loads(capsys.readouterr().out)
    assert (recorded["refund_state"], recorded["refund"]) == ("paid", f"{-done.difference:.2f}")
    # The same payment recorded twice changes nothing; another payment is refused.
    assert chudan_hq([*paid, "--reference", "FIN-20261201-7", "--paid-at", when]) == 0
    assert chudan_hq([*paid, "--reference", "FIN-OTHER", "--paid-at", when]) != 0
    assert "already paid" in capsys.readouterr().err
    with Session(link.engine) as hs:
        row = hs.get(HqChange, cancel.id)
        assert (row.refund_state, row.refund_reference) == ("paid", "FIN-20261201-7")
    summary = worker.run_once()
    assert summary.ok and summary.refunds_paid == 1
    with desk.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == cancel.id)).scalars()
        assert part.status == "paid"
    history = desk.changes.history(clerk, number)
    (refund,) = next(t for t in history["transactions"] if t["id"] == cancel.id)["refunds"]
    assert refund["status"] == "paid" and refund["paid_reference"] == "FIN-20261201-7"
    assert refund["paid_at"].startswith("2026-12-01T02:00:00")  # the same moment, in UTC
    # Nothing moves twice.
    assert worker.run_once().refunds_paid == 0
    assert stats.collect(link.engine)["refunds_owed"] == 0
