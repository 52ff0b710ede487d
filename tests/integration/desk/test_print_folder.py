"""Plain PDFs exist only while something shows or prints them: every `chudan` command empties
<data>/print when it starts (what a crashed window or command left) and when it ends (what it
wrote there itself). A copy the person asked for (`--pdf PATH`) is theirs to keep."""

from __future__ import annotations

import json

from app.vehicle.vin import vin_check_digit
from cli.launcher import main as chudan
from tests.support.bad_input import EXAMPLE


def _request(tmp_path, i: int):
    """The example for another vehicle each time (no duplicate insurance)."""
    req = json.loads(json.dumps(EXAMPLE))
    body = f"LSVCC6A4{i}PN{300000 + i:06d}"
    req["vehicle"]["vin"] = body[:8] + vin_check_digit(body) + body[9:]
    req["vehicle"]["plate"] = None
    path = tmp_path / f"req{i}.json"
    path.write_text(json.dumps(req, ensure_ascii=False), encoding="utf-8")
    return path


def test_headless_issues_leave_no_plain_pdf_behind(demo_desk, tmp_path, capsys):
    for i in range(3):
        assert chudan(["policy", "issue", str(_request(tmp_path, i)), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["pdf"] is None and out["policy_number"]
        assert list((demo_desk / "print").glob("*")) == []


def test_any_command_clears_what_a_crashed_window_left(demo_desk, capsys):
    left = demo_desk / "print"
    left.mkdir(mode=0o700, exist_ok=True)
    (left / "DEMO0101202612010000017-cover-note.pdf").write_bytes(b"%PDF-1.4 a schedule")
    (left / "DEMO0101202612010000017-policy.pdf.partial").write_bytes(b"%PDF")
    assert chudan(["audit", "verify"]) == 0
    assert list(left.iterdir()) == []


def test_a_copy_asked_for_is_kept_where_it_was_asked(demo_desk, tmp_path, capsys):
    assert chudan(["policy", "issue", str(_request(tmp_path, 0)), "--json"]) == 0
    number = json.loads(capsys.readouterr().out)["policy_number"]
    copy = tmp_path / "out" / "note.pdf"
    copy.parent.mkdir()
    assert chudan(["policy", "show", number, "--pdf", str(copy)]) == 0
    assert copy.read_bytes().startswith(b"%PDF") and f"PDF: {copy}" in capsys.readouterr().out
    assert list((demo_desk / "print").glob("*")) == []
    # Never over something without --force, never into the data directory.
    assert chudan(["policy", "show", number, "--pdf", str(copy)]) == 1
    assert "--force" in capsys.readouterr().err
    assert chudan(["policy", "show", number, "--pdf", str(demo_desk / "x.pdf")]) == 1
    assert "inside the data directory" in capsys.readouterr().err


def test_a_command_keeps_the_file_it_was_given_to_read(demo_desk, tmp_path, capsys):
    """A clerk runs `chudan policy verify` on the cover note the window opened in print/: the
    command must read it, not empty it away first; the folder's other leftovers still go."""
    assert chudan(["policy", "issue", str(_request(tmp_path, 1)), "--json"]) == 0
    number = json.loads(capsys.readouterr().out)["policy_number"]
    copy = tmp_path / "note.pdf"
    assert chudan(["policy", "show", number, "--pdf", str(copy)]) == 0
    capsys.readouterr()
    shown = demo_desk / "print" / f"{number}-cover-note.pdf"
    shown.parent.mkdir(mode=0o700, exist_ok=True)
    shown.write_bytes(copy.read_bytes())
    other = demo_desk / "print" / "left-by-a-crash.pdf"
    other.write_bytes(b"%PDF-1.4 old")
    assert chudan(["policy", "verify", str(shown)]) == 0, capsys.readouterr().err
    assert shown.exists() and not other.exists()
