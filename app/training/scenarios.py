"""Scenarios as data: one JSON file each under resources/training/scenarios/, validated on load
(`schema.py`). A scenario holds the customer and vehicle (generated specimens, no real people),
what the customer says when asked, the events the simulated head office and the desk play
(`sync/sandbox.py`) and the checkpoints with the expected handling and the rule behind it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import InvalidInput
from app.core.json_input import load_json_file
from app.core.paths import resources_dir
from app.training.schema import validate


@dataclass(frozen=True)
class Checkpoint:
    id: str
    step: str
    prompt: dict[str, str]
    options: dict[str, dict[str, str]]
    expected: str
    rule: dict[str, str]
    points: int
    trap: str | None
    costly: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Scenario:
    id: str
    family: str
    level: str
    title: dict[str, str]
    brief: dict[str, str]
    customer: dict[str, Any]
    vehicle: dict[str, Any]
    documents: list[dict[str, Any]]
    events: list[dict[str, Any]]
    checkpoints: tuple[Checkpoint, ...]
    version: int

    @property
    def steps(self) -> list[str]:
        """The steps the scenario plays, in the order they come first."""
        return list(dict.fromkeys(c.step for c in self.checkpoints))

    @property
    def max_points(self) -> int:
        return sum(c.points for c in self.checkpoints)

    def checkpoint(self, cid: str) -> Checkpoint:
        for c in self.checkpoints:
            if c.id == cid:
                return c
        raise KeyError(cid)


def scenarios_dir() -> Path:
    return resources_dir() / "training" / "scenarios"


def from_document(doc: Any) -> Scenario:
    d = validate(doc)
    return Scenario(
        id=d["id"],
        family=d["family"],
        level=d["level"],
        title=d["title"],
        brief=d["brief"],
        customer=d["customer"],
        vehicle=d["vehicle"],
        documents=d.get("documents", []),
        events=d["events"],
        checkpoints=tuple(
            Checkpoint(
                id=c["id"],
                step=c["step"],
                prompt=c["prompt"],
                options=c["options"],
                expected=c["expected"],
                rule=c["rule"],
                points=c["points"],
                trap=c.get("trap"),
                costly=c.get("costly", {}),
            )
            for c in d["checkpoints"]
        ),
        version=d["version"],
    )


def load_scenario(path: Path) -> Scenario:
    scenario = from_document(load_json_file(path, what=f"training scenario {path.name}"))
    if scenario.id != path.stem:
        raise InvalidInput(
            f"scenario {path.name}: its id {scenario.id!r} must be the file's name",
            zh=f"演练场景 {path.name}：id 应与文件名相同",
        )
    return scenario


def all_scenarios(folder: Path | None = None) -> list[Scenario]:
    """Every scenario shipped (or in `folder`), by id; one bad file stops the load, naming it."""
    folder = folder or scenarios_dir()
    return [load_scenario(p) for p in sorted(folder.glob("*.json"))]


def find_scenario(scenario_id: str, folder: Path | None = None) -> Scenario:
    folder = folder or scenarios_dir()
    path = folder / f"{scenario_id}.json"
    if "/" in scenario_id or "\\" in scenario_id or not path.is_file():
        raise InvalidInput(
            f"No training scenario {scenario_id[:60]!r}; `chudan training list` shows them.",
            zh=f"没有演练场景 {scenario_id[:60]}；`chudan training list` 列出全部场景。",
        )
    return load_scenario(path)
