"""Shared test set-up. Qt must run offscreen: without it pytest-qt aborts on a machine
with no display, so this is set before anything imports PySide6.

Layout: tests/unit holds in-process tests with no store, server or subprocess (pure rules,
parsers, rendering); tests/integration holds what needs a store, a server on loopback or another
process, by subject (desk, issuance, delivery, rating, sync, hq, ocr, cli, ui); tests/gui holds the
pytest-qt tests. Helpers that are not fixtures live in tests/support (one module per concept);
fixtures live in conftest.py files. No test module imports from another test module or a conftest.

Markers (declared in pyproject.toml; `make test-fast` runs what has none of them):
- gui: every test under tests/gui (added by path below).
- live: starts a server on loopback or another process. Added below to every test that uses a
  fixture starting one (LIVE_FIXTURES, looked up in the test's whole fixture closure) and to every
  `pg` test; test modules mark the tests that start servers or processes themselves.
- pg: needs PostgreSQL. Added below to tests that use `pg_url`; the sqlite/postgresql fixture
  `db_url` marks only its postgresql case (a marked fixture param).
- slow: takes more than about three seconds on a two-core machine; marked in the modules.

Speed: one migrated store is made per test session and copied (database and key) into each
test's data directory, and passwords are hashed with cheap argon2 parameters (the production
parameters are asserted once, in tests/integration/desk/test_auth_and_roles.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# onnxruntime phones home unless this is set before it is imported (see app/ocr).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.core.compiled import stale  # noqa: E402
from tests.support.stores import copy_store  # noqa: E402

if stale():  # a compiled module would shadow its edited source (app/core/compiled.py)
    raise pytest.UsageError(
        "The compiled engine is older than its source ("
        + ", ".join(stale())
        + "): run `make native` (or python scripts/build_native.py --clean for plain Python)."
    )

# One pass over 8 KiB: well under a millisecond, against ~0.4 s for the production parameters.
CHEAP_PASSWORDS = (1, 8, 1)  # time cost, memory in KiB, lanes

GUI_TESTS = Path(__file__).resolve().parent / "gui"
# Fixtures (defined in conftest.py files) that start a server on loopback: SMTP, head office,
# head office behind the fault proxy.
LIVE_FIXTURES = frozenset({"smtp_server", "live", "link"})
PG_FIXTURES = frozenset({"pg_url"})


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_TESTS in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & PG_FIXTURES:
            item.add_marker(pytest.mark.pg)
        if fixtures & LIVE_FIXTURES or item.get_closest_marker("pg"):
            item.add_marker(pytest.mark.live)


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch):
    """Tests never write to the developer's OS keyring; tests of the keyring path inject an
    in-memory backend and lift this."""
    monkeypatch.setenv("CHUDAN_KEYRING", "off")


@pytest.fixture(autouse=True)
def _no_real_hq_home(monkeypatch, tmp_path_factory):
    """Head office's data dir (its keys, its SQLite file) is never the developer's own: a fresh
    one per test; tests of the data dir itself set their own (the `hq_home` fixture)."""
    monkeypatch.setenv("CHUDAN_HQ_HOME", str(tmp_path_factory.mktemp("hq-home")))


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    from app.access.passwords import PasswordHashing
    from app.desk.context import AppContext

    t, m, p = CHEAP_PASSWORDS
    monkeypatch.setattr(AppContext, "default_passwords", PasswordHashing(t, m, p))


@pytest.fixture
def chudan_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty, isolated data directory: tests never touch the developer's own data."""
    home = tmp_path / "chudan-home"
    home.mkdir()
    monkeypatch.setenv("CHUDAN_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def store_template(tmp_path_factory) -> Path:
    """A store created and migrated once per session; tests get copies of it."""
    from app.desk.context import AppContext

    home = tmp_path_factory.mktemp("store-template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHUDAN_KEYRING", "off")
        AppContext.open(home).close()
    return home


@pytest.fixture
def seeded_home(chudan_home, store_template) -> Path:
    """The test's data directory holding a migrated store (a copy of the session's template)
    with no users yet: what a desk looks like after its first start."""
    copy_store(store_template, chudan_home)
    return chudan_home


@pytest.fixture
def app_ctx(seeded_home):
    """An opened AppContext on a fresh encrypted store."""
    from app.desk.context import AppContext

    ctx = AppContext.open(seeded_home)
    yield ctx
    ctx.close()
