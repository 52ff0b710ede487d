"""Scoring a training run (pure: no store, no clock): the clerk's choice at each checkpoint against
the expected handling, the time of each step against the outlet's standard time, the actions
taken, and the mistakes that would have cost money or broken a rule. The debrief shows every
checkpoint with what the clerk did, what was expected and why (the rule)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.core.errors import InvalidInput
from app.training.scenarios import Scenario
from app.training.standards import Standards


@dataclass(frozen=True)
class Answers:
    """What a clerk did: the option taken at each checkpoint and the seconds spent on each step
    (the window measures them; a scripted run states them)."""

    choices: dict[str, str]
    step_seconds: dict[str, float] = field(default_factory=dict)
    actions: int = 0  # what the clerk did to get there (choices made and changed), when counted

    @classmethod
    def from_document(cls, doc: Any, scenario: Scenario) -> Answers:
        if not isinstance(doc, dict) or not isinstance(doc.get("choices"), dict):
            raise InvalidInput(
                "answers: needs a 'choices' object (checkpoint id → option)",
                zh="答案文件：需要 choices 对象（检查点 → 选项）",
            )
        known = {c.id for c in scenario.checkpoints}
        for cid, choice in doc["choices"].items():
            if cid not in known:
                raise InvalidInput(
                    f"answers: {cid[:40]!r} is not a checkpoint of {scenario.id}",
                    zh=f"答案文件：{cid[:40]} 不是场景 {scenario.id} 的检查点",
                )
            if choice not in scenario.checkpoint(cid).options:
                raise InvalidInput(
                    f"answers: {str(choice)[:40]!r} is not an option of checkpoint {cid}",
                    zh=f"答案文件：{str(choice)[:40]} 不是检查点 {cid} 的选项",
                )
        times = doc.get("step_seconds", {})
        if not isinstance(times, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 86400
            for v in times.values()
        ):
            raise InvalidInput(
                "answers: step_seconds must map steps to 0–86400 seconds",
                zh="答案文件：step_seconds 应为各步骤的秒数（0–86400）",
            )
        actions = doc.get("actions", 0)
        if not isinstance(actions, int) or isinstance(actions, bool) or not 0 <= actions <= 10_000:
            raise InvalidInput(
                "answers: actions must be a whole number from 0 to 10000",
                zh="答案文件：actions 应为 0–10000 的整数",
            )
        return cls(dict(doc["choices"]), {k: float(v) for k, v in times.items()}, actions)


@dataclass(frozen=True)
class CheckpointOutcome:
    id: str
    step: str
    did: str | None  # None: the clerk never reached or answered it
    expected: str
    correct: bool
    points: int
    earned: int
    rule: dict[str, str]
    costly: dict[str, str] | None  # why the clerk's choice would have cost money or broken a rule


@dataclass(frozen=True)
class StepTime:
    step: str
    seconds: float | None
    limit: int | None
    over: bool


@dataclass(frozen=True)
class Result:
    scenario: str
    level: str
    version: int
    points: int
    max_points: int
    checkpoints: list[CheckpointOutcome]
    times: list[StepTime]
    costly_mistakes: int
    passed: bool
    actions: int = 0  # as counted; one a checkpoint is the fewest (a change of mind adds one)

    @property
    def missed(self) -> list[str]:
        return [c.id for c in self.checkpoints if not c.correct]

    @property
    def steps_over_time(self) -> list[str]:
        return [t.step for t in self.times if t.over]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["missed"] = self.missed
        d["steps_over_time"] = self.steps_over_time
        return d


def score(scenario: Scenario, answers: Answers, standards: Standards) -> Result:
    outcomes = []
    for c in scenario.checkpoints:
        did = answers.choices.get(c.id)
        correct = did == c.expected
        outcomes.append(
            CheckpointOutcome(
                id=c.id,
                step=c.step,
                did=did,
                expected=c.expected,
                correct=correct,
                points=c.points,
                earned=c.points if correct else 0,
                rule=c.rule,
                costly=c.costly.get(did) if did is not None else None,
            )
        )
    times = []
    for step in scenario.steps:
        took = answers.step_seconds.get(step)
        limit = standards.limit(step)
        times.append(
            StepTime(step, took, limit, took is not None and limit is not None and took > limit)
        )
    points = sum(o.earned for o in outcomes)
    costly = sum(1 for o in outcomes if o.costly is not None)
    passed = costly == 0 and points * 100 >= standards.pass_mark_percent * scenario.max_points
    return Result(
        scenario=scenario.id,
        level=scenario.level,
        version=scenario.version,
        points=points,
        max_points=scenario.max_points,
        checkpoints=outcomes,
        times=times,
        costly_mistakes=costly,
        passed=passed,
        actions=answers.actions,
    )
