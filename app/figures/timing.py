"""出单时效: how long the wizard took from its start to the issue, and each step, with the time a
draft sat parked taken out. The events that bound each interval are named in docs/reports.md:

- start: the wizard opened a new issuance (`issuance.start` in the audit log, on the draft id the
  window made); for a draft from before that event existed, the draft's creation, its first save
  (`draft.create`, `Draft.created_at`) — `start_of` is the rule;
- a step starts when the draft is first saved at it (a `step` row of `draft_event`, written by
  DraftService.save when the step it is saved at differs from the stored one);
- parked: from the draft's last save before it was opened again to that reopening (a `resume`
  row of `draft_event`, written by DraftService.load, carries both times);
- end: the policy is bound (`policy.bind` in the audit log, `Policy.bound_at`).

Policies issued without the wizard (the command line, a request file) have no draft and no
issuance time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.figures.measures import median, p90

STEP_ORDER = ("customer", "vehicle", "coverage", "review", "payment")
# Drafts saved by older versions used a finer list of steps: each is counted where it is shown now.
OLD_STEPS = {"underwriting": "coverage", "bind": "payment"}


@dataclass(frozen=True)
class StepEvent:
    at: datetime
    kind: str  # "step" | "resume"
    step: str = ""  # step: the step entered
    from_step: str = ""  # step: the step left
    parked_from: datetime | None = None  # resume: the last save before the draft was reopened


@dataclass(frozen=True)
class DraftTimes:
    """One issuance through the wizard, as its events tell it."""

    started: datetime
    issued: datetime
    first_step: str
    events: Sequence[StepEvent] = ()


@dataclass(frozen=True)
class IssuanceTime:
    total_s: float
    parked_s: float
    steps: dict[str, float] = field(default_factory=dict)


def start_of(opened: datetime | None, created: datetime) -> datetime:
    """When an issuance started: when the wizard opened it, if that was recorded (and is not
    after the draft's first save, which a clock set back could make it), else the draft's first
    save (drafts from before the wizard recorded its opening)."""
    if opened is not None and opened <= created:
        return opened
    return created


def _step(name: str) -> str:
    return OLD_STEPS.get(name, name)


def _merge(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _active(a: datetime, b: datetime, parked: list[tuple[datetime, datetime]]) -> float:
    """Seconds of [a, b) that were not parked."""
    if b <= a:
        return 0.0
    total = (b - a).total_seconds()
    for pa, pb in parked:
        lo, hi = max(a, pa), min(b, pb)
        if hi > lo:
            total -= (hi - lo).total_seconds()
    return max(total, 0.0)


def issuance_time(d: DraftTimes) -> IssuanceTime:
    """Active seconds from start to issue, and per step (a step visited twice adds up)."""
    events = sorted(d.events, key=lambda e: e.at)
    parked = _merge(
        [
            (max(e.parked_from, d.started), min(e.at, d.issued))
            for e in events
            if e.kind == "resume" and e.parked_from is not None and e.parked_from < e.at
        ]
    )
    parked = [(a, b) for a, b in parked if b > a]
    steps: dict[str, float] = defaultdict(float)
    cursor, current = d.started, _step(d.first_step)
    for e in events:
        if e.kind != "step" or e.at < d.started:
            continue
        at = min(e.at, d.issued)
        steps[current] += _active(cursor, at, parked)
        cursor, current = at, _step(e.step)
    steps[current] += _active(cursor, d.issued, parked)
    parked_s = sum((b - a).total_seconds() for a, b in parked)
    total = max((d.issued - d.started).total_seconds() - parked_s, 0.0)
    return IssuanceTime(total, parked_s, {k: v for k, v in steps.items() if v > 0})


@dataclass(frozen=True)
class Spread:
    count: int
    median_s: float | None
    p90_s: float | None


def spread(values: Sequence[float]) -> Spread:
    return Spread(len(values), median(values), p90(values))


@dataclass(frozen=True)
class Timing:
    total: Spread
    steps: dict[str, Spread]  # STEP_ORDER first, only steps someone spent time in
    policy_ids: tuple[str, ...] = ()  # the policies measured (drill-down)


def timing(measured: Iterable[tuple[str, IssuanceTime]]) -> Timing:
    totals: list[float] = []
    per_step: dict[str, list[float]] = defaultdict(list)
    ids: list[str] = []
    for policy_id, t in measured:
        ids.append(policy_id)
        totals.append(t.total_s)
        for step, s in t.steps.items():
            per_step[step].append(s)
    order = [s for s in STEP_ORDER if s in per_step] + sorted(
        s for s in per_step if s not in STEP_ORDER
    )
    return Timing(spread(totals), {s: spread(per_step[s]) for s in order}, tuple(ids))
