"""`chudan-hq` administration commands, in-process and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hq.cli import main


@pytest.fixture
def hq_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHUDAN_HQ_HOME", str(tmp_path))
    return tmp_path


def test_provision_revoke_and_stats(hq_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "provision", "--outlet", "OUT01", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["code"] and made["outlet"] == "OUT01"
    assert (hq_home / "hq.sqlite3").exists()
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["devices"] == 1
    assert main(["device", "revoke", made["device_id"], "--json"]) == 0
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["devices"] == 0 and stats["devices_revoked"] == 1
    assert main(["device", "revoke", "no-such-device"]) == 1


def test_serve_refuses_plain_http_off_loopback(hq_home: Path) -> None:
    env = dict(os.environ, CHUDAN_HQ_HOME=str(hq_home))
    done = subprocess.run([sys.executable, "-m", "hq.cli", "serve", "--host", "0.0.0.0"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "--tls-cert" in done.stderr and len(done.stderr.strip().splitlines()) == 1
