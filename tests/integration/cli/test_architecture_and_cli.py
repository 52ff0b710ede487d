"""The layering rules (docs/architecture.md) and the `chudan` entry point as a user meets it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cli.launcher import main as chudan
from tests.support.paths import REPO

CHUDAN = [sys.executable, "-m", "cli.launcher"]


@pytest.mark.live  # lint-imports in a process of its own
def test_import_contracts_hold():
    """The import contracts in pyproject.toml ([tool.importlinter]) hold for this checkout."""
    # grimp imports the packages by name: PYTHONPATH makes that this checkout, not whatever the
    # venv's editable install points at.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "lint-imports")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


@pytest.mark.live
@pytest.mark.slow  # `chudan` twice, each making the demo desk
def test_headless_run_says_so_in_one_line_and_runs_the_demo(chudan_home):
    env = {**os.environ, "CHUDAN_HOME": str(chudan_home), "CHUDAN_KEYRING": "off"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)
    r = subprocess.run(
        [*CHUDAN, "--run-or-demo"], env=env, capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("No display found")
    assert any("created outlet DEMO01" in line for line in lines)
    assert any("created user clerk (clerk)" in line for line in lines)
    assert (chudan_home / "chudan.db").exists()
    # A second run finds everything in place instead of failing.
    r2 = subprocess.run(
        [*CHUDAN, "demo"], env=env, capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert r2.returncode == 0 and "already exists" in r2.stdout


def test_user_cli_for_scripts(seeded_home, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("clerk-pass-1\n"))
    assert chudan(["user", "add", "first", "--role", "clerk", "--password-stdin"]) == 1
    assert "first one must be an admin" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\n"))
    assert chudan(["user", "add", "boss", "--role", "admin", "--password-stdin", "--json"]) == 0
    assert '"role": "admin"' in capsys.readouterr().out
    # From then on, as the administrator: their password first, then the new one.
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\nclerk-pass-1\n"))
    assert (
        chudan(["user", "add", "wang", "--role", "clerk", "--password-stdin", "--as", "boss"]) == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\n"))
    assert chudan(["user", "disable", "wang", "--as", "boss"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\n"))
    assert chudan(["user", "list", "--json", "--as", "boss"]) == 0
    out = capsys.readouterr().out
    assert '"username": "wang"' in out and '"disabled": true' in out
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\n"))
    assert chudan(["user", "unlock", "nobody", "--as", "boss"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chudan: ") and "no user called" in err


@pytest.mark.live  # `chudan` in a process of its own
def test_validate_in_a_real_process_says_what_is_wrong_and_exits_1():
    r = subprocess.run(
        [sys.executable, "-m", "cli.launcher", "validate", "plate", "京AI2345"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
    )
    assert r.returncode == 1 and "invalid" in r.stdout and "京A12345" in r.stdout
