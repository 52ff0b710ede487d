"""Two uploads racing on PostgreSQL (SQLite lets one writer in at a time, so there the second
batch simply finds the first one's rows).

- The same policy twice: the second batch waits on the vehicle's lock until the first commits,
  then finds the policy and answers it "duplicate"; its neighbours are still accepted.
- The same number on another vehicle: nothing locks them apart, so the bulk insert of the second
  batch clashes with the number the first has not committed yet; it waits, then falls back to a
  SAVEPOINT per item, so only the clashing item is refused and its neighbours are accepted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from hq.intake import Uploader, _prejudge, _store, receive_batch
from hq.models import Policy
from hq.personal_data import DataKey
from hq.rates import TableCache
from sync.protocol import ItemOutcome, PolicyBatch
from tests.support.hq_data import migrated_engine, policy_item, publish_demo


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = migrated_engine(pg_url, wipe=True)
    publish_demo(engine, Ed25519PrivateKey.generate())
    yield engine
    engine.dispose()


def _someone_waits_on_a_lock(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar())


UPLOADER = Uploader("device-a", frozenset({("OUT01", 1)}))


def _race(pg_engine: Engine, head_start: list[dict], batch_items: list[dict]) -> tuple:
    """`head_start` stored in an open transaction; `batch_items` uploaded meanwhile; then commit."""
    tables = TableCache()
    first = pg_engine.connect().execution_options(hq_writer=True)
    trans = first.begin()
    early = PolicyBatch.model_validate({"items": head_start})
    now = datetime.now(UTC)
    key = DataKey.generate()
    judged = [_prejudge(first, tables, UPLOADER, i, now) for i in early.items]
    ours = _store(first, UPLOADER, judged, key)
    assert [o.outcome for o in ours] == ["accepted"]  # stored, not yet committed

    batch = PolicyBatch.model_validate({"items": batch_items})
    answer: list[ItemOutcome] = []
    racer = threading.Thread(
        target=lambda: answer.extend(receive_batch(pg_engine, tables, UPLOADER, batch, key))
    )
    racer.start()
    waiting = threading.Event()
    for _ in range(500):  # until the racer blocks on our uncommitted rows (at most ~10 s)
        if _someone_waits_on_a_lock(pg_engine):
            break
        waiting.wait(0.02)
    assert _someone_waits_on_a_lock(pg_engine), "the second upload never reached the clash"
    trans.commit()
    first.close()
    racer.join(30)
    return ours[0], answer


def test_the_same_policy_racing_is_answered_duplicate_and_costs_only_that_item(
    pg_engine: Engine,
) -> None:
    items = [policy_item(f"P-C{i}") for i in range(3)]
    ours, answer = _race(pg_engine, [items[1]], items)
    assert [a.outcome for a in answer] == ["accepted", "duplicate", "accepted"]
    assert answer[1].confirmation_code == ours.confirmation_code
    with pg_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Policy)).scalar() == 3


def test_a_number_clash_inside_the_bulk_insert_costs_only_that_item(pg_engine: Engine) -> None:
    items = [policy_item(f"P-N{i}") for i in range(3)]
    # Another policy (another vehicle, another id) with the middle item's number.
    same_number = policy_item("P-N-OTHER", number=items[1]["content"]["policy_number"])
    _, answer = _race(pg_engine, [same_number], items)
    assert [a.outcome for a in answer] == ["accepted", "rejected", "accepted"]
    assert answer[1].reason_code == "duplicate_number"
    with pg_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Policy)).scalar() == 3
