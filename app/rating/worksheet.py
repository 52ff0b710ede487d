"""The worksheet: one line per step, Chinese and English, each with the formula that produced
its figure from figures above it, so a person (or a test) can recompute every fen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache


@dataclass(frozen=True)
class WorksheetLine:
    zh: str
    en: str
    value: Decimal
    formula: str = ""  # numbers and × ÷ + − ( ) only; empty for figures read from the table
    money: bool = True  # rounded to the fen (app.core.money.round_fen); rates are exact
    # "figure": a step of the calculation; "note": a statement with no figure of its own (the
    # clause set, the rounding rule), whose value is 0 and is not shown; "period": the period of
    # cover, whose value is its number of days.
    kind: str = "figure"

    def to_json(self) -> dict:
        v = f"{self.value:.2f}" if self.money else str(self.value)
        return {
            "zh": self.zh,
            "en": self.en,
            "value": v,
            "formula": self.formula,
            "money": self.money,
            "kind": self.kind,
        }


@lru_cache(maxsize=8192)  # the same rates and figures recur in every quote
def num(x: Decimal) -> str:
    """A figure as it appears in formulas: plain, no exponent, no trailing zeros beyond the fen."""
    s = format(x, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s or "0"


def signed(x: Decimal) -> str:
    """'+ 0.1' or '− 0.15', for formulas that add a rate to 1."""
    return f"− {num(-x)}" if x < 0 else f"+ {num(x)}"


# The engine appends lines, or functions that build them: the text of a line is only formatted
# when someone reads the worksheet, so re-pricing (head office, every keystroke in the wizard)
# does not pay for prose it does not show. Figures are the same either way.
Worksheet = list[WorksheetLine | Callable[[], WorksheetLine]]


def materialize(ws: Worksheet) -> list[WorksheetLine]:
    return [w if isinstance(w, WorksheetLine) else w() for w in ws]
