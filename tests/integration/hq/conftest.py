"""Head-office fixtures: a fresh CHUDAN_HQ_HOME, one throwaway PostgreSQL cluster for the whole
run, and a live server on SQLite or PostgreSQL with a signing key and the demo table published."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from tests.support.hq_data import migrated_engine, publish_demo
from tests.support.hq_server import LiveHq, running
from tests.support.postgres import throwaway_postgres, unavailable_reason


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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that uses it runs on SQLite and on PostgreSQL (only that case is marked `pg`)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = migrated_engine(db_url, wipe=True)
    yield eng
    eng.dispose()


@pytest.fixture
def live(engine: Engine) -> Iterator[LiveHq]:
    key = Ed25519PrivateKey.generate()
    version = publish_demo(engine, key)
    with running(engine, key) as url:
        yield LiveHq(url, engine, key, version)
