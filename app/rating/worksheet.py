"""The worksheet: one line per step, Chinese and English, each with the formula that produced
its figure from figures above it, so a person (or a test) can recompute every fen.

The engine appends lines (or functions that build them) and section markers; the lines after a
marker belong to that section (交强险, 商业险, 代收车船税, 合计), so a line added anywhere in a
section's pricing lands there without knowing about sections. How a worksheet reads is
app/rating/worksheet_text.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from app.core.money import fmt_amount


@dataclass(frozen=True)
class WorksheetLine:
    zh: str
    en: str
    value: Decimal
    formula: str = ""  # numbers and × ÷ + − ( ) only; empty for figures read from the table
    money: bool = True  # rounded to the fen (app.core.money.round_fen); rates are exact
    percent: bool = False  # a rate people read as a percentage (−15%, +30%), not a factor
    section: str = ""  # set from the marker it follows when the worksheet is materialised
    # "figure": a step of the calculation; "note": a statement with no figure of its own (the
    # clause set, the rounding rule), whose value is 0 and is not shown.
    kind: str = "figure"

    def to_json(self) -> dict:
        v = f"{self.value:.2f}" if self.money else str(self.value)
        return {
            "zh": self.zh,
            "en": self.en,
            "value": v,
            "formula": self.formula,
            "money": self.money,
            "section": self.section,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Section:
    """Marks where a section's lines start."""

    code: str  # ctpl | commercial | tax | total


CTPL = Section("ctpl")
COMMERCIAL = Section("commercial")
TAX = Section("tax")
TOTAL = Section("total")


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


def amount(x: Decimal) -> str:
    """An amount inside a line's words: the one display format (1,045.00)."""
    return fmt_amount(x)


def pct(x: Decimal, *, sign: bool = False) -> str:
    """A rate in words as a percentage: 0.15 → '15%'; with sign, −0.15 → '−15%', 0.3 → '+30%'."""
    text = num(abs(x) * 100) + "%"
    if not sign:
        return ("−" + text) if x < 0 else text
    return ("−" if x < 0 else "+") + text


# The engine appends lines, or functions that build them: the text of a line is only formatted
# when someone reads the worksheet, so re-pricing (head office, every keystroke in the wizard)
# does not pay for prose it does not show. Figures are the same either way.
Worksheet = list[WorksheetLine | Callable[[], WorksheetLine] | Section]


def materialize(ws: Worksheet) -> list[WorksheetLine]:
    out: list[WorksheetLine] = []
    section = ""
    for w in ws:
        if isinstance(w, Section):
            section = w.code
            continue
        line = w if isinstance(w, WorksheetLine) else w()
        if line.section != section:
            line = WorksheetLine(
                line.zh,
                line.en,
                line.value,
                line.formula,
                line.money,
                line.percent,
                section,
                line.kind,
            )
        out.append(line)
    return out
