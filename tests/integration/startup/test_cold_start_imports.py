"""Cold start to the log-in window (benchmarks/bench_startup.py; target ≤ 1 s on the slowest
machine seen): the dialog is painted before anything it does not need is loaded. A fresh
`chudan` process, as a clerk starts it, notes what is loaded at the moment the dialog has been
painted and the store starts opening behind it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [pytest.mark.live, pytest.mark.slow]  # a fresh window process

# Run as `chudan` with no arguments; StoreOpening.open_in_background is called once the dialog
# is painted, so what is loaded then is what the dialog cost.
WATCH = r"""
import json, sys
import ui.store_opening as so

started = so.StoreOpening.open_in_background

def open_in_background(self):
    if self._thread is None:  # the first call: the one that starts the opening
        top = {m.split(".")[0] for m in sys.modules}
        ours = {m for m in sys.modules if m.startswith(("cli.", "app."))}
        print("LOADED " + json.dumps(sorted(top | ours)), flush=True)
    started(self)

so.StoreOpening.open_in_background = open_in_background
sys.argv = ["chudan"]
from cli.launcher import main
sys.exit(main())
"""


def test_the_log_in_window_is_painted_before_the_store_and_the_heavy_libraries_load(seeded_home):
    from app.desk.context import AppContext

    with AppContext.open(seeded_home) as ctx:
        ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    out = subprocess.run(
        [sys.executable, "-c", WATCH],
        env={**os.environ, "CHUDAN_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.splitlines()
    loaded = set(json.loads(next(ln for ln in out if ln.startswith("LOADED "))[7:]))
    probe = [ln.split()[0] for ln in out if not ln.startswith("LOADED ")]
    assert probe == ["login-shown", "store-ready"]  # and the store did open after
    for heavy in ("sqlalchemy", "pydantic", "reportlab", "numpy", "PIL", "cryptography"):
        assert heavy not in loaded, f"{heavy} is loaded before the log-in window is shown"
    # Neither the sub-commands (argparse's parser) nor the issuance and rating code.
    assert not {m for m in loaded if m.startswith(("cli.", "app.issuance", "app.rating"))} - {
        "cli.launcher"
    }
