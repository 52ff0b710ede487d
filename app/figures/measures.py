"""How a ratio, a rate per N and a time figure are worked out and rounded: one place, so the
window, the exports and head office print the same digits (docs/reports.md)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from app.core.money import round_fen

RATIO_PLACES = Decimal("0.0001")  # a share is kept to 0.01 % (shown to 0.1 %)
RATE_PLACES = Decimal("0.01")  # complaints per 10,000 policies / per 100 million yuan
HUNDRED_MILLION = Decimal(100_000_000)
TEN_THOUSAND = Decimal(10_000)


def fen_to_yuan(fen: int) -> Decimal:
    # Whole fen move the point two places exactly (no rounding needed, and an export converts
    # hundreds of thousands of them); anything else is rounded to the fen by the one rule.
    if type(fen) is int:
        return Decimal(fen).scaleb(-2)
    return round_fen(Decimal(fen) / 100)


def ratio(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part ÷ whole, half-up to 0.0001; None when there is nothing to divide by (shown "—",
    never 0 %: no policies is not a rate of nothing)."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATIO_PLACES, ROUND_HALF_UP)


def per(count: int, base: int | Decimal, unit: Decimal) -> Decimal | None:
    """count per `unit` of `base` (complaints per 10,000 policies, per 100 million yuan)."""
    if not base:
        return None
    return (Decimal(count) * unit / Decimal(base)).quantize(RATE_PLACES, ROUND_HALF_UP)


def change(now: int | Decimal | None, before: int | Decimal | None) -> Decimal | None:
    """Relative change against the previous period (0.25 = +25 %); None without a base."""
    if now is None or not before:
        return None
    return ((Decimal(now) - Decimal(before)) / Decimal(before)).quantize(
        RATIO_PLACES, ROUND_HALF_UP
    )


def median(values: Sequence[float]) -> float | None:
    """The middle value; for an even count the mean of the two middle ones."""
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def p90(values: Sequence[float]) -> float | None:
    """The 90th percentile by nearest rank: the smallest value that at least 90 % of the values
    do not exceed (sorted[ceil(0.9·n) − 1]). Always one of the values, so it can be checked by
    hand against the list."""
    if not values:
        return None
    s = sorted(values)
    return float(s[math.ceil(0.9 * len(s)) - 1])
