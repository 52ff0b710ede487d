"""Supervisors assign training (docs/training.md): scenarios to a clerk, and training mode for a
clerk's next log-ins. Kept in `<data>/training/assignments.json` beside the results; only an
account that manages clerks (a supervisor or an administrator) assigns. An assigned scenario is
done once the clerk has passed a run of it after it was assigned."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.access.permissions import CurrentUser, Permission, require
from app.training.results import ResultsLog
from app.training.sandbox import training_home

FILE_NAME = "assignments.json"


@dataclass(frozen=True)
class Assignment:
    clerk: str
    scenario: str
    by: str
    at: str


class Assignments:
    def __init__(self, real_home: Path) -> None:
        self.path = training_home(real_home) / FILE_NAME
        self.results = ResultsLog(real_home)

    def _read(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {"scenarios": [], "training_mode": []}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except ValueError:
            return {"scenarios": [], "training_mode": []}  # cut short: assign again
        return {
            "scenarios": list(data.get("scenarios", [])),
            "training_mode": list(data.get("training_mode", [])),
        }

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".partial")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)  # whole or not at all

    def assign(
        self, actor: CurrentUser, clerk: str, scenario_ids: list[str], at: datetime
    ) -> list[Assignment]:
        require(actor, Permission.MANAGE_CLERKS)
        data = self._read()
        made = [
            Assignment(clerk, sid, actor.username, at.isoformat(timespec="seconds"))
            for sid in scenario_ids
        ]
        data["scenarios"].extend(asdict(a) for a in made)
        self._write(data)
        return made

    def set_training_mode(self, actor: CurrentUser, clerk: str, on: bool) -> None:
        """The clerk's next log-ins open training mode (on) or leave it to them (off)."""
        require(actor, Permission.MANAGE_CLERKS)
        data = self._read()
        names = [n for n in data["training_mode"] if n != clerk]
        data["training_mode"] = names + ([clerk] if on else [])
        self._write(data)

    def training_mode_required(self, clerk: str) -> bool:
        return clerk in self._read()["training_mode"]

    def open_for(self, clerk: str) -> list[Assignment]:
        """The clerk's assigned scenarios not yet passed since they were assigned."""
        runs = self.results.runs(clerk)
        out = []
        for d in self._read()["scenarios"]:
            a = Assignment(**d)
            if a.clerk != clerk:
                continue
            if not any(r.scenario == a.scenario and r.passed and r.at >= a.at for r in runs):
                out.append(a)
        return out
