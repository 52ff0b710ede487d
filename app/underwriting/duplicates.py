"""Duplicate insurance (docs/regulations.md): the same kind of cover — CTPL, or commercial —
cannot be bought twice for the same vehicle on any of the same days. One rule for the desk (its
own policies and head office's answer about other outlets') and for head office (the policies its
outlets uploaded): a CTPL-only policy does not stop commercial cover for the same days, nor the
other way round."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

CTPL, COMMERCIAL = "ctpl", "commercial"


def cover_kinds(coverage_codes: Iterable[str | None]) -> set[str]:
    """The kinds a policy's covers make up: CTPL if it has the ctpl cover, commercial if any other."""
    codes = {c for c in coverage_codes if c}
    return ({CTPL} if CTPL in codes else set()) | ({COMMERCIAL} if codes - {CTPL} else set())


def overlaps(start: date, end: date, other_start: date, other_end: date) -> bool:
    return other_start <= end and start <= other_end


def overlapping(
    prior: Iterable[dict[str, Any]], start: date, end: date, kinds: set[str]
) -> list[dict[str, Any]]:
    """Of `prior` policies on the vehicle (each with "coverage", "start", "end" as ISO dates),
    those that cover one of `kinds` on any of the days from `start` to `end`."""
    out = []
    for p in prior or []:
        try:
            p_start, p_end = date.fromisoformat(str(p["start"])), date.fromisoformat(str(p["end"]))
        except (KeyError, ValueError):
            continue
        if p.get("coverage") in kinds and overlaps(start, end, p_start, p_end):
            out.append(p)
    return out
