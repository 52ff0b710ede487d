"""Underwriting (核保): the table's declarative rules evaluated over the request and the quote.
Decline if any decline rule fires, else refer if any refer rule fires, else pass; every rule
that fired is listed with its reason."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.underwriting.rules import Condition, UnderwritingRule


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
        return {
            "decision": self.outcome,
            "reasons": [
                {
                    "code": f.code,
                    "outcome": f.outcome,
                    "message_zh": f.message_zh,
                    "message_en": f.message_en,
                }
                for f in self.fired
            ],
        }


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


Predicate = Callable[[dict[str, Any]], bool]
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "in": lambda a, b: a in b or (isinstance(a, list) and any(x in b for x in a)),
    "not_in": lambda a, b: a not in b,
}


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None  # a text value ("family_car"): compared as it is


def _compile(cond: Condition) -> Predicate:
    """The same semantics as `holds`, turned into closures once per table (rules run on every quote)."""
    if cond.all is not None:
        parts = [_compile(c) for c in cond.all]
        return lambda facts: all(p(facts) for p in parts)
    if cond.any is not None:
        parts = [_compile(c) for c in cond.any]
        return lambda facts: any(p(facts) for p in parts)
    field, op, value = cond.field, _OPS[cond.op or "=="], cond.value
    number = _as_number(value)

    def check(facts: dict[str, Any]) -> bool:
        if field not in facts:
            raise KeyError(f"underwriting rule reads unknown field {field!r}")
        a = facts[field]
        return op(a, number if number is not None and isinstance(a, Decimal) else value)

    return check


_compiled: dict[int, tuple[Sequence[UnderwritingRule], list[tuple[Predicate, Fired]]]] = {}


def _rules(rules: Sequence[UnderwritingRule]) -> list[tuple[Predicate, Fired]]:
    hit = _compiled.get(id(rules))
    if hit is None or hit[0] is not rules:
        compiled = [
            (_compile(r.when), Fired(r.code, r.outcome, r.message_zh, r.message_en)) for r in rules
        ]
        if len(_compiled) > 32:
            _compiled.clear()
        _compiled[id(rules)] = hit = (rules, compiled)
    return hit[1]


def underwrite(facts: dict[str, Any], rules: Sequence[UnderwritingRule]) -> Decision:
    """`rules` is a rate table's `underwriting` list (compiled once per table)."""
    fired = tuple(f for pred, f in _rules(rules) if pred(facts))
    outcome = (
        "decline" if any(f.outcome == "decline" for f in fired) else ("refer" if fired else "pass")
    )
    return Decision(outcome, fired)
