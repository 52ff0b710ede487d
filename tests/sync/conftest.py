"""A real head office on loopback (SQLite, the demo table published as version 1) behind the
fault proxy, and an outlet desk provisioned against it through the proxy."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from sync.backoff import Backoff
from tests.hq.hq_setup import migrated_engine, publish_demo
from tests.sync.fault_proxy import FaultProxy
from tests.sync.outlet_setup import RestartableHq, provision


@dataclass
class Link:
    hq: RestartableHq
    proxy: FaultProxy
    engine: Engine
    key: Ed25519PrivateKey


@pytest.fixture
def link(tmp_path: Path) -> Iterator[Link]:
    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    hq = RestartableHq(engine, key).start()
    proxy = FaultProxy(hq.port, seed=7).start()
    try:
        yield Link(hq, proxy, engine, key)
    finally:
        proxy.stop()
        hq.stop()
        engine.dispose()


@pytest.fixture
def desk(app_ctx, link: Link):
    """The demo desk, provisioned with head office through the proxy."""
    provision(app_ctx, link.proxy.url, link.engine)
    return app_ctx


def fast_worker(ctx, **kwargs):
    """A worker whose waits are short: tests must not sit in backoff sleeps."""
    from sync.worker import SyncWorker

    options = {
        "attempts": 3,
        "backoff": Backoff(base_s=0.01, cap_s=0.05, rng=random.Random(1)),
        "read_timeout": 10.0,
        "connect_timeout": 2.0,
    }
    options.update(kwargs.pop("client_options", {}))
    kwargs.setdefault("backoff", Backoff(base_s=0.001, cap_s=0.002, rng=random.Random(2)))
    return SyncWorker(ctx, client_options=options, **kwargs)
