"""Two uploads of the same policy at the same moment on PostgreSQL (SQLite lets one writer in at a
time, so there the second batch simply finds the first one's rows). The bulk insert of the
second batch clashes with rows the first has not committed yet; it waits, then falls back to a
SAVEPOINT per item, so only the clashing item is answered "duplicate" and its neighbours are
still accepted."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from hq.intake import _prejudge, _store, receive_batch
from hq.models import Policy
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


def test_a_clash_inside_the_bulk_insert_costs_only_that_item(pg_engine: Engine) -> None:
    tables = TableCache()
    items = [policy_item(f"P-C{i}") for i in range(3)]
    batch = PolicyBatch.model_validate({"items": items})
    first = pg_engine.connect().execution_options(hq_writer=True)
    trans = first.begin()
    ours = _store(first, "device-a", [_prejudge(first, tables, batch.items[1])])
    assert ours[0].outcome == "accepted"  # stored, not yet committed

    answer: list[ItemOutcome] = []
    racer = threading.Thread(
        target=lambda: answer.extend(receive_batch(pg_engine, tables, "device-b", batch))
    )
    racer.start()
    waiting = threading.Event()
    for _ in range(500):  # until the racer's insert blocks on our uncommitted row (at most ~10 s)
        if _someone_waits_on_a_lock(pg_engine):
            break
        waiting.wait(0.02)
    assert _someone_waits_on_a_lock(pg_engine), "the second upload never reached the clash"
    trans.commit()
    first.close()
    racer.join(30)

    assert [a.outcome for a in answer] == ["accepted", "duplicate", "accepted"]
    assert answer[1].confirmation_code == ours[0].confirmation_code
    with pg_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Policy)).scalar() == 3
