"""The `chudan` entry point's own answers, in-process and without a store: its version, and a
usage error (argparse's exit status 2)."""

from __future__ import annotations

import pytest

from cli.launcher import main as chudan


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        chudan(["--version"])
    assert exit_.value.code == 0
    assert "chudan 0.1.0" in capsys.readouterr().out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        chudan(["db", "frobnicate"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
