"""Shared test set-up. Qt must run offscreen: without it pytest-qt aborts on a machine
with no display, so this is set before anything imports PySide6."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# onnxruntime phones home unless this is set before it is imported (see app/ocr).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch):
    """Tests never write to the developer's OS keyring; tests of the keyring path inject an
    in-memory backend and lift this."""
    monkeypatch.setenv("CHUDAN_KEYRING", "off")


@pytest.fixture
def chudan_home(tmp_path, monkeypatch) -> Path:
    """A fresh, isolated data directory: tests never touch the developer's own data."""
    home = tmp_path / "chudan-home"
    home.mkdir()
    monkeypatch.setenv("CHUDAN_HOME", str(home))
    return home


@pytest.fixture
def app_ctx(chudan_home):
    """An opened AppContext on a fresh encrypted store."""
    from app.context import AppContext

    ctx = AppContext.open(chudan_home)
    yield ctx
    ctx.close()
