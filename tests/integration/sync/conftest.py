"""A real head office on loopback (SQLite, the demo table published as version 1) behind the
fault proxy, and an outlet desk provisioned against it through the proxy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from tests.support.fault_proxy import FaultProxy
from tests.support.hq_data import migrated_engine, publish_demo
from tests.support.hq_server import RestartableHq
from tests.support.outlet import provision


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
