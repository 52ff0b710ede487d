"""Windows' chudan.exe has no console: sys.stdout and sys.stderr are None there. What a command
prints, and its errors, must reach the user in a message box (here: the function that would
show it, since there is no Windows here), and the exit code must survive."""

from __future__ import annotations

import sys

import pytest

from cli import launcher
from cli.no_console import CLI_HINT


@pytest.fixture
def no_console(monkeypatch):
    """Call it in the test body: pytest puts its own capture back on sys.stdout after fixtures."""
    shown: list[tuple[str, str, bool]] = []
    monkeypatch.setattr("cli.no_console.show_message_box", lambda *a: shown.append(a))

    def detach() -> list[tuple[str, str, bool]]:
        monkeypatch.setattr(sys, "stdout", None)
        monkeypatch.setattr(sys, "stderr", None)
        return shown

    return detach


def test_an_error_is_shown_in_a_message_box_with_the_console_program_named(no_console, chudan_home):
    shown = no_console()
    code = launcher.main(["db", "restore", str(chudan_home / "missing.db")])
    assert code == 1
    ((title, text, failed),) = shown
    assert failed and "failed" in title
    assert "There is no backup at" in text and "chudan-cli.exe" in text
    assert sys.stdout is None  # restored as it was


def test_a_mistyped_command_and_version_reach_the_box(no_console):
    shown = no_console()
    assert launcher.main(["no-such-command"]) == 2
    assert launcher.main(["--version"]) == 0
    (_, mistyped, failed), (_, version, ok_failed) = shown
    assert failed and "invalid choice" in mistyped
    assert not ok_failed and version.startswith("chudan ") and version.endswith(CLI_HINT)


def test_with_a_console_nothing_is_intercepted(capsys, monkeypatch):
    shown = []
    monkeypatch.setattr("cli.no_console.show_message_box", lambda *a: shown.append(a))
    with pytest.raises(SystemExit):
        launcher.main(["--version"])
    assert capsys.readouterr().out.startswith("chudan ") and shown == []
