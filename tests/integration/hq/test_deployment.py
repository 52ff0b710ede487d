"""Head office as an IT department deploys it: the database URL from the environment or a
private file (never only argv), `db upgrade` as the release step and `serve --no-migrate` for
several workers, --version, liveness and readiness probes, and the PostgreSQL backup the
operations page documents (pg_dump / pg_restore on a throwaway cluster). Real processes, a real
server on loopback, a real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import inspect, text

from hq.migrate import current_revision, head_revision, revisions, upgrade
from hq.models import make_engine
from tests.support.hq_data import migrated_engine, publish_demo
from tests.support.hq_server import running
from tests.support.paths import REPO
from tests.support.ports import free_port
from tests.support.postgres import pg_bin_dir, throwaway_postgres, unavailable_reason

pytestmark = pytest.mark.live  # every test here starts chudan-hq processes or a server


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CHUDAN_HQ_DB_URL", "CHUDAN_HQ_CONFIG", "CHUDAN_HQ_HOME")
    }
    return {**env, "CHUDAN_HQ_HOME": str(home), "PYTHONPATH": str(REPO), **extra}


def _hq(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hq.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def _revision(db: Path) -> str | None:
    engine = make_engine(f"sqlite:///{db}")
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def test_version_names_the_release_and_the_schema_it_needs(tmp_path):
    r = _hq(_env(tmp_path), "--version")
    assert r.returncode == 0
    assert r.stdout.strip() == (
        f"chudan-hq {__import__('app').__version__} (database schema {head_revision()})"
    )


def test_the_database_url_comes_from_the_environment(tmp_path):
    db = tmp_path / "from-env.sqlite3"
    r = _hq(_env(tmp_path / "home", CHUDAN_HQ_DB_URL=f"sqlite:///{db}"), "db", "upgrade")
    assert r.returncode == 0, r.stderr
    assert _revision(db) == head_revision()
    assert not (tmp_path / "home" / "hq.sqlite3").exists()


def test_a_configuration_file_others_can_read_is_refused(tmp_path):
    db = tmp_path / "from-file.sqlite3"
    config = tmp_path / "hq.env"
    config.write_text(f"# head office\nCHUDAN_HQ_DB_URL='sqlite:///{db}'\n", encoding="utf-8")
    config.chmod(0o644)
    env = _env(tmp_path / "home", CHUDAN_HQ_CONFIG=str(config))
    r = _hq(env, "db", "upgrade")
    assert r.returncode == 1 and "chmod 600" in r.stderr and "Traceback" not in r.stderr
    assert not db.exists()
    config.chmod(0o600)
    r = _hq(env, "db", "upgrade")
    assert r.returncode == 0, r.stderr
    assert _revision(db) == head_revision()


@pytest.mark.slow
def test_several_workers_serve_only_a_database_upgraded_as_a_release_step(tmp_path):
    db = tmp_path / "hq.sqlite3"
    env = _env(tmp_path / "home", CHUDAN_HQ_DB_URL=f"sqlite:///{db}")
    assert _hq(env, "keys", "init").returncode == 0
    port = free_port()
    serve = ["serve", "--port", str(port), "--workers", "2", "--no-access-log"]
    r = _hq(env, *serve)  # no --migrate: several workers never migrate on their own
    assert r.returncode == 2 and "chudan-hq db upgrade" in r.stderr, r.stderr
    assert _revision(db) is None  # nothing was migrated
    assert _hq(env, "db", "upgrade").returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "hq.cli", *serve],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        ready = None
        for _ in range(600):  # at most ~60 s for two workers to come up on a busy machine
            try:
                ready = requests.get(f"{base}/readyz", timeout=1)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                proc_wait(proc, 0.1)
        assert ready is not None and ready.status_code == 200
        assert ready.json() == {"status": "ready", "schema": head_revision()}
        assert requests.get(f"{base}/livez", timeout=5).json() == {"status": "ok"}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def proc_wait(proc: subprocess.Popen, seconds: float) -> None:
    """Wait for the server process itself (it ends early only on an error)."""
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass


def test_readiness_says_schema_behind_until_the_upgrade_runs(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade(engine, target=revisions()[0])
    with running(engine) as url:
        behind = requests.get(f"{url}/readyz", timeout=5)
        assert behind.status_code == 503 and behind.json()["status"] == "schema behind"
        assert requests.get(f"{url}/livez", timeout=5).status_code == 200
        upgrade(engine)
        assert requests.get(f"{url}/readyz", timeout=5).status_code == 200
    engine.dispose()


@pytest.mark.slow
@pytest.mark.pg
def test_postgresql_backup_and_restore_as_documented(tmp_path):
    """docs/hq-operations.md: `pg_dump -Fc` nightly, `pg_restore` into an empty database,
    `chudan-hq db upgrade`; every table comes back with every row."""
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
        pytest.skip(reason)
    bindir = pg_bin_dir()
    assert bindir is not None
    with throwaway_postgres() as url:
        engine = migrated_engine(url, wipe=True)
        publish_demo(engine, Ed25519PrivateKey.generate())
        tables = sorted(inspect(engine).get_table_names())
        with engine.connect() as conn:
            before = {t: conn.execute(text(f'select count(*) from "{t}"')).scalar() for t in tables}
        engine.dispose()
        assert before["alembic_version"] == 1 and sum(before.values()) > 1
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        dump = tmp_path / "hq.dump"
        subprocess.run(
            [str(bindir / "pg_dump"), "-Fc", "--no-owner", "-f", str(dump), plain],
            check=True,
            timeout=120,
        )
        subprocess.run(
            [
                str(bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                plain.rsplit(":", 1)[1].split("/")[0],
                "-U",
                "chudan",
                "hq_restored",
            ],
            check=True,
            timeout=60,
        )
        restored_url = url.rsplit("/", 1)[0] + "/hq_restored"
        subprocess.run(
            [
                str(bindir / "pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "-d",
                restored_url.replace("postgresql+psycopg://", "postgresql://"),
                str(dump),
            ],
            check=True,
            timeout=120,
        )
        r = _hq(_env(tmp_path / "home", CHUDAN_HQ_DB_URL=restored_url), "db", "upgrade")
        assert r.returncode == 0 and "already current" in r.stdout, r.stdout + r.stderr
        restored = make_engine(restored_url)
        with restored.connect() as conn:
            after = {t: conn.execute(text(f'select count(*) from "{t}"')).scalar() for t in tables}
        restored.dispose()
        assert after == before
