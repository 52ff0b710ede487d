"""Shared test set-up. Qt must run offscreen: without it pytest-qt aborts on a machine
with no display, so this is set before anything imports PySide6.

Speed: one migrated store is made per test session and copied (database and key) into each
test's data directory, and passwords are hashed with cheap argon2 parameters (the production
parameters are asserted once, in tests/integration/desk/test_auth_and_roles.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# onnxruntime phones home unless this is set before it is imported (see app/ocr).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.support.paths import REPO  # noqa: E402,F401  (re-exported for older imports)

# One pass over 8 KiB: well under a millisecond, against ~0.4 s for the production parameters.
CHEAP_PASSWORDS = (1, 8, 1)  # time cost, memory in KiB, lanes


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


def copy_store(template: Path, home: Path) -> None:
    from local_db import DB_FILENAME

    for name in (DB_FILENAME, DB_FILENAME + ".key", DB_FILENAME + "-wal"):
        if (template / name).exists():
            shutil.copy2(template / name, home / name)


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
