"""Each clerk's training results over time: one JSON line per scored run in
`<data>/training/results.jsonl`, beside the training store and never in the real one (a training
run writes nothing there). A line holds the clerk's user name, the scenario, when, the points and
the checkpoints missed: no customer data (the scenarios' people are generated)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.training.sandbox import training_home
from app.training.scoring import Result

FILE_NAME = "results.jsonl"


@dataclass(frozen=True)
class RunRecord:
    user: str
    scenario: str
    level: str
    at: str
    points: int
    max_points: int
    passed: bool
    missed: list[str]
    steps_over_time: list[str]
    costly_mistakes: int
    competition: str | None = None
    seconds: float = 0.0  # the steps' time together (a competition is timed)
    actions: int = 0


class ResultsLog:
    def __init__(self, real_home: Path) -> None:
        self.path = training_home(real_home) / FILE_NAME

    def record(
        self, user: str, result: Result, at: datetime, competition: str | None = None
    ) -> RunRecord:
        rec = RunRecord(
            user=user,
            scenario=result.scenario,
            level=result.level,
            at=at.isoformat(timespec="seconds"),
            points=result.points,
            max_points=result.max_points,
            passed=result.passed,
            missed=result.missed,
            steps_over_time=result.steps_over_time,
            costly_mistakes=result.costly_mistakes,
            competition=competition,
            seconds=round(sum(t.seconds or 0.0 for t in result.times), 1),
            actions=result.actions,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(rec.__dict__, ensure_ascii=False) + "\n")
        return rec

    def runs(self, user: str | None = None) -> list[RunRecord]:
        if not self.path.is_file():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                d: Any = json.loads(line)
                rec = RunRecord(**d)
            except (ValueError, TypeError):
                continue  # a line cut short by a power cut: the others still count
            if user is None or rec.user == user:
                out.append(rec)
        return out


def leaderboard(runs: list[RunRecord], competition: str) -> list[tuple[str, int, int, int, float]]:
    """(user, points, max points, scenarios passed, seconds) for one competition: most points
    first, then most passed, then the faster."""
    board: dict[str, list[float]] = {}
    for r in runs:
        if r.competition != competition:
            continue
        b = board.setdefault(r.user, [0, 0, 0, 0.0])
        b[0] += r.points
        b[1] += r.max_points
        b[2] += int(r.passed)
        b[3] += r.seconds
    rows = [(u, int(p), int(m), int(n), round(t, 1)) for u, (p, m, n, t) in board.items()]
    return sorted(rows, key=lambda row: (-row[1], -row[3], row[4], row[0]))
