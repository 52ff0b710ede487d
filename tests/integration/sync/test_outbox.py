"""The outbox uploader's bookkeeping: batches, acknowledgements, rejections, per-row backoff and
the "answer lost after head office committed" case.

Head office here is an in-process stand-in with head office's idempotency rule (each key stored
once; same content → duplicate, other content → rejected). The real service on loopback is
exercised by the live sync tests against a real head office; this file pins the outlet's side alone."""

from __future__ import annotations

import gzip
import json
import random
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from local_db.models import OutboxItem
from sync.backoff import Backoff
from sync.outbox import ItemResult, LinkDown, OutboxUploader


class HeadOfficeStandIn:
    def __init__(self):
        self.held: dict[str, str] = {}
        self.batches: list[int] = []
        self.cut_after_commit = False
        self.down = False
        self.retry_keys: set[str] = set()

    def upload(self, items, compressed_body):
        assert json.loads(gzip.decompress(compressed_body))["items"] == list(items)
        if self.down:
            raise LinkDown("connection refused")
        self.batches.append(len(items))
        results = []
        for it in items:
            key, h = it["policy_id"], it["content_hash"]
            if key in self.retry_keys:
                results.append(ItemResult(key, "retry", "busy"))
            elif key not in self.held:
                self.held[key] = h
                results.append(
                    ItemResult(key, "accepted", data={"confirmation_code": "C" + key[:6]})
                )
            elif self.held[key] == h:
                results.append(ItemResult(key, "duplicate"))
            else:
                results.append(
                    ItemResult(key, "rejected", "content differs from the policy already accepted")
                )
        if self.cut_after_commit:
            self.cut_after_commit = False
            raise LinkDown("connection reset after the server committed")
        return results


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def _queue(ctx, n, size=10):
    keys = []
    with ctx.store.write() as s:
        for _ in range(n):
            k = str(uuid.uuid4())
            keys.append(k)
            s.add(
                OutboxItem(
                    kind="policy",
                    idempotency_key=k,
                    payload={"policy_id": k, "content_hash": "h-" + k, "pad": "x" * size},
                )
            )
    return keys


@pytest.fixture
def env(app_ctx):
    from local_db.types import utcnow

    hq = HeadOfficeStandIn()
    clock = Clock(utcnow())
    confirmed, rejected = [], []
    up = OutboxUploader(
        app_ctx.store,
        hq,
        clock=clock,
        backoff=Backoff(rng=random.Random(1)),
        max_items=7,
        on_accepted=lambda s, item, r: confirmed.append((item.idempotency_key, r.outcome)),
        on_rejected=lambda s, item, r: rejected.append((item.idempotency_key, r.reason)),
    )
    return app_ctx, hq, clock, up, confirmed, rejected


def _statuses(ctx):
    with ctx.store.read() as s:
        return sorted(st for st in s.execute(select(OutboxItem.status)).scalars())


def test_everything_is_sent_in_small_batches_and_acknowledged(env):
    ctx, hq, clock, up, confirmed, _ = env
    keys = _queue(ctx, 20)
    r = up.run_once()
    assert (r.sent, r.accepted) == (20, 20)
    assert hq.batches == [7, 7, 6]
    assert _statuses(ctx) == ["acked"] * 20 and [k for k, _ in confirmed] == keys
    assert up.run_once().sent == 0  # nothing is sent twice


def test_batches_respect_the_byte_limit(app_ctx):
    hq = HeadOfficeStandIn()
    up = OutboxUploader(app_ctx.store, hq, max_items=50, max_bytes=2_000)
    rng = random.Random(3)
    with app_ctx.store.write() as s:
        for _ in range(10):  # incompressible padding so the byte limit bites
            k = str(uuid.uuid4())
            pad = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(600))
            s.add(
                OutboxItem(
                    kind="policy",
                    idempotency_key=k,
                    payload={"policy_id": k, "content_hash": k, "pad": pad},
                )
            )
    assert up.run_once().accepted == 10
    assert len(hq.batches) > 1 and max(hq.batches) < 10


def test_link_down_keeps_rows_pending_with_backoff_then_they_go(env):
    ctx, hq, clock, up, confirmed, _ = env
    _queue(ctx, 5)
    hq.down = True
    r = up.run_once()
    assert r.link_error == "connection refused" and _statuses(ctx) == ["pending"] * 5
    hq.down = False
    assert up.run_once().sent == 0  # still inside the backoff window: not hammered
    clock.now += timedelta(hours=1)
    up.run_once()
    assert _statuses(ctx) == ["acked"] * 5


def test_answer_lost_after_commit_is_resolved_as_duplicate_not_a_second_policy(env):
    ctx, hq, clock, up, confirmed, _ = env
    _queue(ctx, 3)
    hq.cut_after_commit = True
    up.run_once()
    assert len(hq.held) == 3 and _statuses(ctx) == ["pending"] * 3
    clock.now += timedelta(hours=1)
    r = up.run_once()
    assert (r.duplicates, r.accepted) == (3, 0)
    assert len(hq.held) == 3 and _statuses(ctx) == ["acked"] * 3


def test_rejected_item_goes_to_the_hook_and_does_not_block_others(env):
    ctx, hq, clock, up, confirmed, rejected = env
    keys = _queue(ctx, 3)
    hq.held[keys[1]] = "something else"
    r = up.run_once()
    assert (r.accepted, r.rejected) == (2, 1)
    assert rejected == [(keys[1], "content differs from the policy already accepted")]


def test_a_row_head_office_cannot_take_backs_off_alone(env):
    ctx, hq, clock, up, confirmed, _ = env
    keys = _queue(ctx, 4)
    hq.retry_keys = {keys[0]}
    r = up.run_once()
    assert (r.accepted, r.retry) == (3, 1)
    with ctx.store.read() as s:
        row = s.execute(
            select(OutboxItem).where(OutboxItem.idempotency_key == keys[0])
        ).scalar_one()
        assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at is not None
    hq.retry_keys = set()
    clock.now += timedelta(hours=1)
    assert up.run_once().accepted == 1
