"""Competitions: a supervisor's set of scenarios (chosen, or drawn with a recorded seed, so every
clerk plays the same), and the overall time limit: a run finished after the clerk's time is not
counted, nor one outside the set or played twice; the standings count the whole set's points."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.access.permissions import CurrentUser, Role
from app.core.errors import InvalidInput, PermissionDenied
from app.training.competitions import Competitions, draw, standings
from app.training.results import ResultsLog
from app.training.scenarios import all_scenarios, find_scenario
from app.training.scoring import Answers, score
from app.training.standards import load_standards, parse_standards
from cli.launcher import main as chudan

SUPERVISOR = CurrentUser(1, "zhang", "张主管", Role.SUPERVISOR)
CLERK = CurrentUser(2, "wang", "王出单", Role.CLERK)
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SCENARIOS = all_scenarios()


def _record(home, book, clerk, sid, at, careful=True):
    s = find_scenario(sid)
    choices = {c.id: (c.expected if careful else c.trap or c.expected) for c in s.checkpoints}
    log = ResultsLog(home)
    book.admit("cup", clerk, sid, at, log.runs(clerk))
    log.record(clerk, score(s, Answers(choices, {"coverage": 60}), load_standards()), at, "cup")


@settings(max_examples=30, deadline=None)
@given(count=st.integers(1, len(SCENARIOS)), seed=st.integers(0, 2**31 - 1))
def test_a_seeded_draw_is_the_same_every_time_and_has_no_repeat(count, seed):
    drawn = draw(SCENARIOS, count, seed)
    assert drawn == draw(list(reversed(SCENARIOS)), count, seed)  # the list's order is no input
    assert len(drawn) == len(set(drawn)) == count
    assert set(drawn) <= {s.id for s in SCENARIOS}


def test_the_draw_is_recorded_so_every_clerk_gets_the_same_set(tmp_path):
    book = Competitions(tmp_path)
    comp = book.create(SUPERVISOR, "cup", SCENARIOS, T0, limit_seconds=1800, count=4)
    assert comp.seed is not None and comp.scenarios == draw(SCENARIOS, 4, comp.seed)
    again = Competitions(tmp_path).get("cup")  # as another clerk's desk reads it
    assert again is not None and again.scenarios == comp.scenarios
    chosen = book.create(
        SUPERVISOR, "chosen", SCENARIOS, T0, limit_seconds=600, chosen=["id-expired-beginner"]
    )
    assert chosen.scenarios == ["id-expired-beginner"] and chosen.seed is None
    with pytest.raises(InvalidInput):  # the same name twice
        book.create(SUPERVISOR, "cup", SCENARIOS, T0, limit_seconds=1800, count=2)
    with pytest.raises(InvalidInput):
        book.create(SUPERVISOR, "x", SCENARIOS, T0, limit_seconds=600, chosen=["nope"])
    with pytest.raises(PermissionDenied):
        book.create(CLERK, "mine", SCENARIOS, T0, limit_seconds=600, count=2)


def test_a_run_after_the_clerks_time_is_not_counted(tmp_path):
    book = Competitions(tmp_path)
    ids = ["id-expired-beginner", "ocr-misread-beginner", "duplicate-cover-beginner"]
    book.create(SUPERVISOR, "cup", SCENARIOS, T0, limit_seconds=600, chosen=ids)
    _record(tmp_path, book, "wang", ids[0], T0)  # wang's time begins
    _record(tmp_path, book, "wang", ids[1], T0 + timedelta(seconds=599))
    with pytest.raises(InvalidInput, match="Time is up"):
        book.admit("cup", "wang", ids[2], T0 + timedelta(seconds=601), [])
    # li begins later: the limit is each clerk's own
    _record(tmp_path, book, "li", ids[0], T0 + timedelta(seconds=900), careful=False)
    with pytest.raises(InvalidInput, match="already"):
        book.admit("cup", "li", ids[0], T0 + timedelta(seconds=901), ResultsLog(tmp_path).runs())
    with pytest.raises(InvalidInput, match="not one of"):
        book.admit("cup", "li", "large-cash-aml-beginner", T0 + timedelta(seconds=901), [])
    comp = book.get("cup")
    assert comp is not None
    assert comp.time_left("li", T0 + timedelta(seconds=1000)) == 500
    board = standings(comp, SCENARIOS, ResultsLog(tmp_path).runs())
    total = sum(find_scenario(i).max_points for i in ids)
    wang = sum(find_scenario(i).max_points for i in ids[:2])
    assert board[0][:4] == ("wang", wang, total, 2)  # the third scenario scores nothing
    assert board[1][0] == "li" and board[1][2] == total and board[1][1] < wang


def test_the_time_limit_is_an_outlet_setting(tmp_path):
    assert load_standards().competition_seconds == 60 * 60  # the shipped example's
    doc = {"pass_mark_percent": 80, "competition_minutes": 45, "steps": {}}
    assert parse_standards(doc, "own").competition_seconds == 45 * 60
    with pytest.raises(InvalidInput):
        parse_standards({**doc, "competition_minutes": 0}, "own")
    (tmp_path / "standard_times.json").write_text(
        json.dumps({"pass_mark_percent": 70, "steps": {}}), "utf-8"
    )
    assert load_standards(tmp_path).competition_seconds == 60 * 60  # older file: the example's


def test_a_competition_set_up_and_played_from_the_command_line(
    seeded_home, tmp_path, monkeypatch, capsys
):
    from app.desk.context import AppContext

    with AppContext.open(seeded_home) as ctx:
        admin = ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
        ctx.users.add_user(admin, "zhang", "super-pass-1", Role.SUPERVISOR, "张主管")
    monkeypatch.setattr("sys.stdin", io.StringIO("super-pass-1\n"))
    argv = ["training", "competition", "cup", "--draw", "2", "--seed", "7", "--minutes", "30"]
    assert chudan([*argv, "--as", "zhang", "--json"]) == 0
    comp = json.loads(capsys.readouterr().out)
    assert comp["scenarios"] == draw(SCENARIOS, 2, 7) and comp["limit_seconds"] == 1800
    with AppContext.open(seeded_home) as ctx:
        assert ctx.audit.recent(1)[0].action == "training.competition"
    first = find_scenario(comp["scenarios"][0])
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"choices": {c.id: c.expected for c in first.checkpoints}}))
    run = ["training", "run", first.id, "--answers", str(answers), "--user", "wang"]
    assert chudan([*run, "--competition", "cup", "--score-only"]) == 0
    capsys.readouterr()
    assert chudan([*run, "--competition", "cup", "--score-only"]) != 0  # played already
    assert "already" in capsys.readouterr().err
    assert chudan([*run, "--competition", "nope", "--score-only"]) != 0
    assert chudan(["training", "leaderboard", "cup", "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    total = sum(find_scenario(i).max_points for i in comp["scenarios"])
    assert board == [
        {
            "user": "wang",
            "points": first.max_points,
            "max_points": total,
            "passed": 1,
            "seconds": 0.0,
        }
    ]
