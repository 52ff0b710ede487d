"""Underwriting (核保): the table's declarative rules evaluated over the request and the quote.
Decline if any decline rule fires, else refer if any refer rule fires, else pass; every rule
that fired is listed with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.rating.table import Condition, RateTable


@dataclass(frozen=True)
class Fired:
    code: str
    outcome: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class Decision:
    outcome: str  # pass | refer | decline
    fired: tuple[Fired, ...]

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.outcome,
                "reasons": [{"code": f.code, "outcome": f.outcome, "message_zh": f.message_zh,
                             "message_en": f.message_en} for f in self.fired]}


def _cmp(a: Any, op: str, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, (int, float, str)) and not isinstance(b, bool):
        b = Decimal(str(b))
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "in":
        return a in b or (isinstance(a, list) and any(x in b for x in a))
    if op == "not_in":
        return a not in b
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]


def holds(cond: Condition, facts: dict[str, Any]) -> bool:
    if cond.all is not None:
        return all(holds(c, facts) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, facts) for c in cond.any)
    assert cond.field is not None and cond.op is not None
    if cond.field not in facts:
        raise KeyError(f"underwriting rule reads unknown field {cond.field!r}")
    return _cmp(facts[cond.field], cond.op, cond.value)


def underwrite(facts: dict[str, Any], table: RateTable) -> Decision:
    fired = tuple(Fired(r.code, r.outcome, r.message_zh, r.message_en) for r in table.underwriting if holds(r.when, facts))
    outcome = "decline" if any(f.outcome == "decline" for f in fired) else ("refer" if fired else "pass")
    return Decision(outcome, fired)
