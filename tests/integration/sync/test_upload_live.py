"""Policies reach a real head office exactly once through a link that breaks on purpose; the
outlet records every answer (confirmed with head office's code, or rejected to 待处理)."""

from __future__ import annotations

import gzip
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq.models import Policy as HqPolicy
from local_db.models import AuditEvent, OutboxItem, Policy, WorkItem
from sync.client import HqClient
from sync.state import device_token, load_device
from tests.support.hq_data import number_at, policy_item
from tests.support.outlet import copy_bound_policies, fast_worker, issue_real


def _hq_count(engine) -> int:
    with Session(engine) as s:
        return s.execute(select(func.count()).select_from(HqPolicy)).scalar_one()


def _outlet_states(ctx) -> dict[str, int]:
    with ctx.store.read() as s:
        return dict(s.execute(select(Policy.state, func.count()).group_by(Policy.state)).all())


def _drain(worker, runs: int = 60):
    """Run the worker the way its timer would until nothing is waiting (bounded)."""
    summaries = []
    for _ in range(runs):
        summaries.append(worker.run_once())
        if summaries[-1].ok and worker.queue_counts()["policies_waiting"] == 0:
            break
    return summaries


def test_issued_policies_are_confirmed_with_head_offices_code(desk, link):
    ids = issue_real(desk, 2)
    confirmed_hook: list[str] = []
    worker = fast_worker(desk, on_confirmed=confirmed_hook.extend)
    summary = worker.run_once()
    assert summary.ok and summary.online and summary.upload.accepted == 2
    assert sorted(confirmed_hook) == sorted(ids)
    with Session(link.engine) as hs, desk.store.read() as s:
        for pid in ids:
            ours, theirs = s.get(Policy, pid), hs.get(HqPolicy, pid)
            assert ours.state == "confirmed" and ours.confirmation_code == theirs.confirmation_code
            assert ours.confirmed_at is not None
        events = s.execute(
            select(AuditEvent.actor, AuditEvent.summary).where(
                AuditEvent.action == "policy.confirm"
            )
        ).all()
    assert len(events) == 2 and {a for a, _ in events} == {"sync"}
    status = worker.status()
    assert status["state"] == "online" and status["queue_length"] == 0 and status["last_success"]
    assert load_device(desk.store).outlet_code == "DEMO01"


def test_a_few_hundred_policies_arrive_exactly_once_through_a_bad_link(desk, link):
    issued = issue_real(desk, 3)
    ids = issued + copy_bound_policies(desk, 297, issued)
    link.proxy.rates.drop = 0.15
    link.proxy.rates.truncate = 0.1
    link.proxy.rates.cut = 0.15
    link.proxy.rates.delay = 0.1
    link.proxy.delay_s = 0.05
    worker = fast_worker(desk, max_items=20)
    summaries = _drain(worker)
    assert worker.queue_counts()["policies_waiting"] == 0, summaries[-1].error
    # The link really did break: answers were lost after head office committed, and resent.
    assert (
        link.proxy.counts["cut"] > 0
        and link.proxy.counts["drop"] > 0
        and link.proxy.counts["truncate"] > 0
    )
    assert any(not s.online for s in summaries)
    assert sum(s.upload.duplicates for s in summaries) > 0
    assert _hq_count(link.engine) == 300
    with Session(link.engine) as hs:
        held = set(hs.execute(select(HqPolicy.policy_id)).scalars())
    assert held == set(ids)
    assert _outlet_states(desk) == {"confirmed": 300}
    with desk.store.read() as s:
        assert set(s.execute(select(OutboxItem.status)).scalars()) == {"acked"}
        confirms = s.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "policy.confirm")
        ).scalar_one()
    assert confirms == 300  # confirmed once each, however many times the answer was sent


def test_head_office_stopped_mid_run_and_started_again(desk, link):
    issued = issue_real(desk, 2)
    ids = issued + copy_bound_policies(desk, 198, issued)
    # Head office goes down while the worker is in the middle of its batches.
    # Exchanges of this run: the rate index, then batches; stop as the third batch goes out.
    base = link.proxy.exchanges
    link.proxy.on_exchange = lambda n: link.hq.request_stop() if n == base + 4 else None
    worker = fast_worker(desk, max_items=20)
    first = worker.run_once()
    assert not first.ok and not first.online
    link.hq.stop()
    partial = _hq_count(link.engine)
    assert 0 < partial < 200
    status = worker.status()
    assert status["state"] == "offline" and status["policies_waiting"] == 200 - partial
    assert "cannot be reached" in status["last_error"]

    link.proxy.on_exchange = None
    link.hq.start()
    link.proxy.retarget(link.hq.port)
    _drain(worker)
    assert _hq_count(link.engine) == 200
    assert _outlet_states(desk) == {"confirmed": 200}
    assert worker.status()["state"] == "online" and len(ids) == 200


def test_a_policy_head_office_rejects_goes_to_the_exception_queue(desk, link):
    (good, bad) = issue_real(desk, 2)
    with desk.store.write() as s:
        row = s.execute(select(OutboxItem).where(OutboxItem.policy_id == bad)).scalar_one()
        # A tampered client under-prices by one fen: head office re-prices and refuses it.
        payload = dict(row.payload)
        premium = dict(payload["premium"])
        premium["total"] = f"{float(premium['total']) - 0.01:.2f}"
        payload["premium"] = premium
        row.payload = payload
    worker = fast_worker(desk)
    summary = worker.run_once()
    assert (summary.upload.accepted, summary.upload.rejected) == (1, 1)
    assert _outlet_states(desk) == {"confirmed": 1, "rejected": 1}
    with desk.store.read() as s:
        item = s.execute(select(WorkItem).where(WorkItem.kind == "hq_rejected")).scalar_one()
        assert item.policy_id == bad and "premium_mismatch" in item.reason
        assert (
            s.get(
                OutboxItem,
                s.execute(select(OutboxItem.id).where(OutboxItem.policy_id == bad)).scalar_one(),
            ).status
            == "rejected"
        )
    assert worker.status()["policies_rejected"] == 1


def test_the_outlet_process_killed_mid_batch_loses_nothing_and_sends_nothing_twice(desk, link):
    import os
    import signal
    import subprocess
    import sys
    import threading
    import time

    from hq.models import IntakeEvent
    from tests.support.paths import REPO

    issued = issue_real(desk, 2)
    ids = issued + copy_bound_policies(desk, 98, issued)
    # From the third exchange on, head office's answers are held back 5 s: the outlet is killed
    # once head office has committed such a batch and before the outlet has read its answer.
    held_back = threading.Event()
    before: list[int] = []
    base = link.proxy.exchanges

    def third(n: int) -> None:
        if n == base + 3:
            before.append(_hq_count(link.engine))  # not yet forwarded: this batch is not stored
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
        deadline = time.monotonic() + 4.0  # within the answer's 5 s hold
        while _hq_count(link.engine) <= before[0] and time.monotonic() < deadline:
            held_back.wait(0.02)  # polls head office's database (held_back is already set)
        committed_before_kill = _hq_count(link.engine)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert committed_before_kill > before[0], (
        "head office had not committed the batch when the outlet was killed"
    )
    link.proxy.on_exchange = None
    link.proxy.delay_s = 0.0
    summaries = _drain(fast_worker(desk, max_items=20))
    assert summaries[-1].ok
    # The batch whose answer was lost was sent again and answered "duplicate", not stored twice.
    assert sum(s.upload.duplicates for s in summaries) >= 1
    with Session(link.engine) as hs:
        rows = hs.execute(select(HqPolicy.policy_id, HqPolicy.policy_number)).all()
        dup_events = hs.execute(
            select(func.count()).select_from(IntakeEvent).where(IntakeEvent.outcome == "duplicate")
        ).scalar_one()
    assert dup_events >= 1
    assert (
        len(rows) == 100 and {r[0] for r in rows} == set(ids) and len({r[1] for r in rows}) == 100
    )
    assert _outlet_states(desk) == {"confirmed": 100}
    with desk.store.read() as s:
        assert set(s.execute(select(OutboxItem.status)).scalars()) == {"acked"}


def test_a_broken_change_row_is_refused_at_the_outlet_without_blocking_policies(desk, link):
    """Endorsements and cancellations go to their own route (sync/change_uploads.py, tested in
    test_changes_live.py); one whose row is incomplete is refused here, never sent, and the
    policies beside it are confirmed. The policies route still refuses those kinds."""
    ids = issue_real(desk, 2)
    with desk.store.write() as s:
        for kind in ("endorsement", "cancellation"):
            s.add(
                OutboxItem(
                    kind=kind,
                    idempotency_key=f"{kind}-{ids[0]}",
                    policy_id=ids[0],
                    payload={"policy_id": ids[0], "kind": kind, "change_id": f"{kind}-{ids[0]}"},
                )
            )
    worker = fast_worker(desk)
    summary = worker.run_once()
    assert summary.ok and summary.upload.accepted == 2 and summary.upload.rejected == 2
    assert _outlet_states(desk) == {"confirmed": 2}
    with desk.store.read() as s:
        waiting = s.execute(
            select(OutboxItem.kind, OutboxItem.status, OutboxItem.last_error).where(
                OutboxItem.kind != "policy"
            )
        ).all()
    assert sorted((k, st) for k, st, _ in waiting) == [
        ("cancellation", "rejected"),
        ("endorsement", "rejected"),
    ]
    assert all("not sent to head office" in e for _, _, e in waiting)
    assert worker.status()["other_waiting"] == 0
    # Numbers of this desk's range well after the two it issued.
    items = [dict(policy_item("P-KIND", number=number_at(900001, "DEMO01")), kind="policy")]
    for seq, kind in enumerate(("endorsement", "cancellation"), start=900002):
        items.append(dict(policy_item(f"P-{kind}", number=number_at(seq, "DEMO01")), kind=kind))
    client = HqClient(link.hq.url, token=device_token(desk.store))
    try:
        answer = client.upload_batch(gzip.compress(json.dumps({"items": items}).encode()))
    finally:
        client.close()
    assert [(r.outcome, r.reason_code) for r in answer.results] == [
        ("accepted", ""),
        ("rejected", "unsupported_kind"),
        ("rejected", "unsupported_kind"),
    ]
