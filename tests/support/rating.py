"""Helpers for the rating tests: the bundled table, request builders and a formula evaluator
that recomputes worksheet lines from their printed formulas."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.rating.signing import parse_table
from app.rating.table import RateTable
from tests.support.paths import REPO

SOURCE = REPO / "resources" / "rates" / "demo-table.json"


@lru_cache(maxsize=1)
def source_doc() -> dict[str, Any]:
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def table(**changes: Any) -> RateTable:
    """The demo table, optionally with top-level or dotted-path changes (`{"ctpl.drink_driving.combine": "add"}`)."""
    doc = copy.deepcopy(source_doc())
    for path, value in changes.items():
        node = doc
        keys = path.split("__")
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
    return parse_table(doc)


def request(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "start_date": "2026-12-01",
        "region": "320100",
        "vehicle": {
            "class": "family_car",
            "seats": 5,
            "first_registration": "2022-05-10",
            "purchase_price": "150000",
            "displacement_l": "1.5",
            "fuel": "petrol",
            "usage": "A",
        },
        "history": {},
        "coverages": [{"code": "ctpl"}],
        "pricing_coefficient": "1.00",
    }
    for k, v in overrides.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            base[k] = {**base[k], **v}
        else:
            base[k] = v
    return base


_TOKEN = re.compile(r"\s*(-?\d+(?:\.\d+)?|[()×÷+−-])")


def evaluate(formula: str) -> Decimal:
    """Evaluate a worksheet formula: numbers, × ÷ + − and parentheses, left to right with precedence."""
    tokens = [t for t in _TOKEN.findall(formula)]
    assert "".join(tokens).replace(" ", "") == formula.replace(" ", ""), (
        f"unparsed text in {formula!r}"
    )
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def atom() -> Decimal:
        t = take()
        if t == "(":
            v = expr()
            assert take() == ")"
            return v
        return Decimal(t)

    def term() -> Decimal:
        v = atom()
        while peek() in ("×", "÷"):
            v = v * atom() if take() == "×" else v / atom()
        return v

    def expr() -> Decimal:
        v = term()
        while peek() in ("+", "−", "-"):
            v = v + term() if take() == "+" else v - term()
        return v

    result = expr()
    assert pos == len(tokens), f"trailing tokens in {formula!r}"
    return result
