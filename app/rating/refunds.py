"""Refunds on cancellation: kept pro rata by day after cover starts; before it starts, the table's
fee (docs/regulations.md §1.8, §9.2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.core.money import ZERO, round_fen
from app.rating.table import RefundRules


def refund(
    premium: Decimal, start: date, end: date, cancelled_on: date, rules: RefundRules
) -> Decimal:
    """The premium returned. `end` is the last day of cover; day `cancelled_on` is the first day not covered."""
    term_days = (end - start).days + 1
    if cancelled_on <= start:
        return round_fen(premium * (1 - rules.before_start_fee))
    used = min(term_days, (cancelled_on - start).days)
    if used >= term_days:
        return ZERO
    return round_fen(premium * Decimal(term_days - used) / Decimal(term_days))
