"""The outlet's standard times (标准化操作): for each step of an issuance, its checklist and the
time a trained clerk should need. An outlet setting, kept in `<data>/standard_times.json` when the
outlet has written one, else the example shipped in resources/training/standard_times.json (an
example outlet's figures, not a regulation). Training scores time against it; the real wizard
shows the same checklist and limit (docs/training.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.core.errors import InvalidInput
from app.core.json_input import load_json_file
from app.core.paths import resources_dir

FILE_NAME = "standard_times.json"


@dataclass(frozen=True)
class StepStandard:
    step: str
    seconds: int
    checklist: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Standards:
    steps: dict[str, StepStandard]
    pass_mark_percent: int  # a course is passed at this share of the points, no costly mistake
    source: str
    # A competition's time for all its scenarios together, per clerk (the supervisor may set
    # another for one competition). None: the file does not say (the shipped example's applies).
    competition_seconds: int | None = None

    def limit(self, step: str) -> int | None:
        s = self.steps.get(step)
        return s.seconds if s else None


def _bad(where: str, what: str) -> InvalidInput:
    return InvalidInput(f"standard times {where}: {what}", zh=f"标准操作时间设置 {where}：{what}")


def parse_standards(doc: Any, source: str) -> Standards:
    if not isinstance(doc, dict) or not isinstance(doc.get("steps"), dict):
        raise _bad(source, "needs a 'steps' object")
    mark = doc.get("pass_mark_percent")
    if not isinstance(mark, int) or isinstance(mark, bool) or not 1 <= mark <= 100:
        raise _bad(source, "pass_mark_percent must be a whole number from 1 to 100")
    minutes = doc.get("competition_minutes")
    if minutes is not None and (
        not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 1440
    ):
        raise _bad(source, "competition_minutes must be a whole number from 1 to 1440")
    steps: dict[str, StepStandard] = {}
    for step, value in doc["steps"].items():
        if not isinstance(value, dict):
            raise _bad(f"{source} steps.{step}", "must be an object")
        seconds = value.get("seconds")
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 1 <= seconds <= 3600:
            raise _bad(f"{source} steps.{step}.seconds", "must be 1–3600")
        checklist = value.get("checklist", [])
        if not isinstance(checklist, list) or not all(
            isinstance(i, dict) and isinstance(i.get("zh"), str) and isinstance(i.get("en"), str)
            for i in checklist
        ):
            raise _bad(f"{source} steps.{step}.checklist", "must list {zh, en} items")
        steps[step] = StepStandard(step, seconds, tuple(checklist))
    return Standards(steps, mark, source, minutes * 60 if minutes is not None else None)


def load_standards(home: Path | None = None) -> Standards:
    """The outlet's own file in `home` when there is one, else the shipped example."""
    own = home / FILE_NAME if home is not None else None
    shipped = resources_dir() / "training" / FILE_NAME
    path = own if own is not None and own.is_file() else shipped
    standards = parse_standards(
        load_json_file(path, what=f"standard times {path.name}"), str(path.name)
    )
    if standards.competition_seconds is None and path != shipped:
        # An outlet file written before competitions were timed: the example's limit applies.
        example = parse_standards(load_json_file(shipped, what="standard times"), shipped.name)
        standards = replace(standards, competition_seconds=example.competition_seconds)
    return standards
