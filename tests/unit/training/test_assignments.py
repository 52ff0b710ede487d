"""Supervisors assign scenarios and training mode to clerks; a clerk cannot; an assignment is
done once the clerk passes a run of it after it was assigned."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from app.access.permissions import CurrentUser, Role
from app.core.errors import PermissionDenied
from app.training.assignments import Assignments
from app.training.results import ResultsLog
from app.training.scenarios import find_scenario
from app.training.scoring import Answers, score
from app.training.standards import load_standards
from cli.launcher import main as chudan

SUPERVISOR = CurrentUser(1, "zhang", "张主管", Role.SUPERVISOR)
CLERK = CurrentUser(2, "wang", "王出单", Role.CLERK)
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_clerk_may_not_assign(tmp_path):
    with pytest.raises(PermissionDenied):
        Assignments(tmp_path).assign(CLERK, "li", ["id-expired-beginner"], T0)
    with pytest.raises(PermissionDenied):
        Assignments(tmp_path).set_training_mode(CLERK, "li", True)


def test_an_assignment_stays_open_until_passed_after_it_was_made(tmp_path):
    book = Assignments(tmp_path)
    book.assign(SUPERVISOR, "wang", ["id-expired-beginner", "ocr-misread-beginner"], T0)
    assert [a.scenario for a in book.open_for("wang")] == [
        "id-expired-beginner",
        "ocr-misread-beginner",
    ]
    assert book.open_for("li") == []
    s = find_scenario("id-expired-beginner")
    log = ResultsLog(tmp_path)
    passed = score(s, Answers({c.id: c.expected for c in s.checkpoints}), load_standards())
    log.record("wang", passed, T0 - timedelta(days=1))  # before it was assigned: does not count
    assert len(book.open_for("wang")) == 2
    failed = score(s, Answers({}), load_standards())
    log.record("wang", failed, T0 + timedelta(hours=1))
    assert len(book.open_for("wang")) == 2
    log.record("wang", passed, T0 + timedelta(hours=2))
    assert [a.scenario for a in book.open_for("wang")] == ["ocr-misread-beginner"]


def test_training_mode_set_and_lifted_by_a_supervisor(tmp_path):
    book = Assignments(tmp_path)
    assert not book.training_mode_required("wang")
    book.set_training_mode(SUPERVISOR, "wang", True)
    assert book.training_mode_required("wang") and not book.training_mode_required("li")
    book.set_training_mode(SUPERVISOR, "wang", False)
    assert not book.training_mode_required("wang")


def test_assign_from_the_command_line_needs_a_supervisors_account(seeded_home, monkeypatch, capsys):
    from app.desk.context import AppContext

    with AppContext.open(seeded_home) as ctx:
        admin = ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
        ctx.users.add_user(admin, "zhang", "super-pass-1", Role.SUPERVISOR, "张主管")
    monkeypatch.setattr("sys.stdin", io.StringIO("super-pass-1\n"))
    argv = ["training", "assign", "wang", "duplicate-cover-advanced", "--training-mode", "on"]
    assert chudan([*argv, "--as", "zhang"]) == 0
    assert "1 scenarios, training mode on" in capsys.readouterr().out
    assert chudan(["training", "assigned", "--user", "wang", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["training_mode"] is True
    assert [a["scenario"] for a in shown["open"]] == ["duplicate-cover-advanced"]
    with AppContext.open(seeded_home) as ctx:
        assert ctx.audit.recent(1)[0].action == "training.assign"
    assert chudan(argv) != 0  # without --as: refused, saying what it needs
    assert "--as NAME" in capsys.readouterr().err
