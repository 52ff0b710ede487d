"""Head-office fixtures: a fresh CHUDAN_HQ_HOME, one throwaway PostgreSQL cluster for the whole
run, and a live server on SQLite or PostgreSQL with a signing key and the demo table published."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from tests.hq.hq_setup import migrated_engine, publish_demo
from tests.hq.live_server import running
from tests.hq.pg_server import throwaway_postgres, unavailable_reason


@pytest.fixture
def hq_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "hq-home"
    monkeypatch.setenv("CHUDAN_HQ_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
        pytest.skip(reason)
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = migrated_engine(db_url, wipe=True)
    yield eng
    eng.dispose()


@dataclass
class LiveHq:
    url: str
    engine: Engine
    key: Ed25519PrivateKey
    rate_version: int


@pytest.fixture
def live(engine: Engine) -> Iterator[LiveHq]:
    key = Ed25519PrivateKey.generate()
    version = publish_demo(engine, key)
    with running(engine, key) as url:
        yield LiveHq(url, engine, key, version)
