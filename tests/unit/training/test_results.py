"""Each clerk's results over time and a competition's leaderboard: most points first, then most
scenarios passed, then the faster; runs outside the competition do not count."""

from __future__ import annotations

from datetime import UTC, datetime

from app.training.results import ResultsLog, leaderboard
from app.training.scenarios import find_scenario
from app.training.scoring import Answers, score
from app.training.standards import load_standards

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _run(log, user, sid, careful, seconds, competition="cup"):
    s = find_scenario(sid)
    choices = {c.id: c.expected if careful else (c.trap or c.expected) for c in s.checkpoints}
    times = dict.fromkeys(s.steps, seconds / len(s.steps))
    log.record(user, score(s, Answers(choices, times), load_standards()), T0, competition)


def test_the_leaderboard_ranks_points_then_passes_then_time(tmp_path):
    log = ResultsLog(tmp_path)
    _run(log, "slow", "id-expired-beginner", True, 300)
    _run(log, "fast", "id-expired-beginner", True, 90)
    _run(log, "sloppy", "id-expired-beginner", False, 10)
    _run(log, "sloppy", "id-expired-advanced", True, 10, competition="other")
    board = leaderboard(log.runs(), "cup")
    assert [(u, p, n) for u, p, _m, n, _t in board] == [
        ("fast", 2, 1),
        ("slow", 2, 1),
        ("sloppy", 0, 0),
    ]
    assert board[0][4] == 90.0 and board[1][4] == 300.0
    assert [r.scenario for r in log.runs("sloppy")] == [
        "id-expired-beginner",
        "id-expired-advanced",
    ]


def test_a_line_cut_short_is_skipped_and_the_rest_still_count(tmp_path):
    log = ResultsLog(tmp_path)
    _run(log, "wang", "id-expired-beginner", True, 60)
    with log.path.open("a", encoding="utf-8") as f:
        f.write('{"user": "wang", "scen')  # a power cut mid-write
    assert len(log.runs("wang")) == 1
