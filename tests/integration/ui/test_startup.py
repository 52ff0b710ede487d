"""A fresh `chudan` process shows the log-in window before the store has opened (the in-process
side of this is tests/gui/test_startup_pending.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.live  # the desk in a process of its own


def test_a_fresh_process_shows_the_log_in_then_opens_the_store(seeded_home):
    from app.desk.context import AppContext

    with AppContext.open(seeded_home) as ctx:
        ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    env = {**os.environ, "CHUDAN_STARTUP_PROBE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "cli.launcher"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out[0] == "login-shown" and out[2] == "store-ready"
    assert float(out[1]) < float(out[3])  # the window came first
