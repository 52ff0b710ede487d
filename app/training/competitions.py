"""Competitions (全流程模拟出单竞赛, docs/training.md): a supervisor sets the scenarios, by their
own choice or by a seeded random draw, and the time every clerk has for all of them together.
The set, the seed and the limit are recorded in `<data>/training/competitions.json` beside the
results, so every clerk plays the same scenarios in the same order under the same limit.

A clerk's time starts when they begin (their first scenario of it) and runs for the limit; a
run finished after it does not count (`admit` refuses it), nor does a scenario outside the set or
played a second time. The standings count each clerk's runs of the set against the points of the
whole set, so a scenario not played in time scores nothing."""

from __future__ import annotations

import json
import os
import random
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.access.permissions import CurrentUser, Permission, require
from app.core.errors import InvalidInput
from app.training.results import RunRecord
from app.training.sandbox import training_home
from app.training.scenarios import Scenario

FILE_NAME = "competitions.json"
MAX_NAME = 64


@dataclass(frozen=True)
class Competition:
    name: str
    scenarios: list[str]  # in the order every clerk plays them
    limit_seconds: int  # for all of them together, per clerk
    by: str
    at: str
    seed: int | None = None  # the draw's seed; None: the supervisor chose the scenarios
    started: dict[str, str] = field(default_factory=dict)  # clerk → when their time began

    def deadline(self, clerk: str) -> datetime | None:
        began = self.started.get(clerk)
        if began is None:
            return None
        return datetime.fromisoformat(began) + timedelta(seconds=self.limit_seconds)

    def time_left(self, clerk: str, now: datetime) -> float:
        """Seconds the clerk has left (the whole limit before they begin)."""
        end = self.deadline(clerk)
        if end is None:
            return float(self.limit_seconds)
        return max(0.0, (end - now).total_seconds())


def draw(scenarios: list[Scenario], count: int, seed: int) -> list[str]:
    """`count` scenario ids drawn from `scenarios` with `seed`: the same seed, the same draw."""
    ids = sorted(s.id for s in scenarios)
    if not 1 <= count <= len(ids):
        raise InvalidInput(
            f"Draw between 1 and {len(ids)} scenarios.", zh=f"请抽取 1 至 {len(ids)} 个场景。"
        )
    return random.Random(seed).sample(ids, count)


class Competitions:
    def __init__(self, real_home: Path) -> None:
        self.path = training_home(real_home) / FILE_NAME

    def _read(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except ValueError:
            return []  # cut short by a power cut: set the competition up again
        return list(data.get("competitions", []))

    def _write(self, rows: list[dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".partial")
        tmp.write_text(
            json.dumps({"competitions": rows}, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        os.replace(tmp, self.path)  # whole or not at all

    def all(self) -> list[Competition]:
        return [Competition(**d) for d in self._read()]

    def get(self, name: str) -> Competition | None:
        return next((c for c in self.all() if c.name == name), None)

    def latest(self) -> Competition | None:
        every = self.all()
        return every[-1] if every else None

    def create(
        self,
        actor: CurrentUser,
        name: str,
        known: list[Scenario],
        at: datetime,
        *,
        limit_seconds: int,
        chosen: list[str] | None = None,
        count: int | None = None,
        seed: int | None = None,
    ) -> Competition:
        """A supervisor's competition: the scenarios `chosen`, or `count` drawn with `seed` (a
        fresh one when not given, recorded either way)."""
        require(actor, Permission.MANAGE_CLERKS)
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise InvalidInput(
                f"Name the competition (at most {MAX_NAME} characters).",
                zh=f"请为竞赛命名（不超过 {MAX_NAME} 个字符）。",
            )
        if self.get(name) is not None:
            raise InvalidInput(
                f"There is a competition {name!r} already; choose another name.",
                zh=f"已有名为 {name} 的竞赛，请另取名称。",
            )
        if not 60 <= limit_seconds <= 24 * 3600:
            raise InvalidInput(
                "The time limit is from 1 minute to 24 hours.",
                zh="竞赛时限应在 1 分钟至 24 小时之间。",
            )
        ids = {s.id for s in known}
        if chosen:
            unknown = [c for c in chosen if c not in ids]
            if unknown or len(set(chosen)) != len(chosen):
                raise InvalidInput(
                    f"Choose each scenario once, from the list: {', '.join(unknown)[:120]}",
                    zh="每个场景只能选一次，且须为已有场景。",
                )
            scenarios, seed = list(chosen), None
        else:
            seed = secrets.randbelow(2**31) if seed is None else seed
            scenarios = draw(known, count or 0, seed)
        comp = Competition(
            name=name,
            scenarios=scenarios,
            limit_seconds=limit_seconds,
            by=actor.username,
            at=at.isoformat(timespec="seconds"),
            seed=seed,
        )
        self._write([*self._read(), asdict(comp)])
        return comp

    def begin(self, name: str, clerk: str, now: datetime) -> Competition:
        """The clerk's time starts now (once: beginning again does not give more time)."""
        rows = self._read()
        for row in rows:
            if row["name"] == name:
                started = dict(row.get("started", {}))
                started.setdefault(clerk, now.isoformat(timespec="seconds"))
                row["started"] = started
                self._write(rows)
                return Competition(**row)
        raise InvalidInput(
            f"There is no competition {name[:MAX_NAME]!r}.",
            zh=f"没有名为 {name[:MAX_NAME]} 的竞赛。",
        )

    def admit(
        self, name: str, clerk: str, scenario: str, now: datetime, runs: list[RunRecord]
    ) -> Competition:
        """Whether the clerk's run of `scenario` finished `now` counts in the competition;
        raises (saying why) when it does not. The first run begins the clerk's time."""
        comp = self.begin(name, clerk, now)
        if scenario not in comp.scenarios:
            raise InvalidInput(
                f"{scenario} is not one of competition {name}'s scenarios.",
                zh=f"{scenario} 不在竞赛 {name} 的场景中。",
            )
        if any(r.user == clerk and r.competition == name and r.scenario == scenario for r in runs):
            raise InvalidInput(
                f"{clerk} has played {scenario} in competition {name} already.",
                zh=f"{clerk} 已在竞赛 {name} 中完成该场景。",
            )
        if comp.time_left(clerk, now) <= 0:
            raise InvalidInput(
                f"Time is up in competition {name}: the run is not counted.",
                zh=f"竞赛 {name} 的时间已到，本次成绩不计入。",
            )
        return comp


def standings(
    comp: Competition, scenarios: list[Scenario], runs: list[RunRecord]
) -> list[tuple[str, int, int, int, float]]:
    """(clerk, points, points of the whole set, scenarios passed, seconds): most points first,
    then most passed, then the faster. A scenario not played counts nothing."""
    points = {s.id: s.max_points for s in scenarios}
    total = sum(points.get(sid, 0) for sid in comp.scenarios)
    board: dict[str, list[float]] = {}
    seen: set[tuple[str, str]] = set()
    for r in runs:
        if r.competition != comp.name or r.scenario not in comp.scenarios:
            continue
        if (r.user, r.scenario) in seen:
            continue  # the first counted run of a scenario only
        seen.add((r.user, r.scenario))
        b = board.setdefault(r.user, [0, 0, 0.0])
        b[0] += r.points
        b[1] += int(r.passed)
        b[2] += r.seconds
    rows = [(u, int(p), total, int(n), round(t, 1)) for u, (p, n, t) in board.items()]
    return sorted(rows, key=lambda row: (-row[1], -row[3], row[4], row[0]))
