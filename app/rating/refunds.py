"""Money by the day: what an endorsement adds or returns and what a cancellation refunds
(docs/regulations.md §1.8, §9.2; docs/changes.md). Pure; rounded by the engine's one rule
(app.core.money.round_fen), each amount once.

Days, said plainly (the worksheet shows them):

- a term runs from 0:00 of its first day to 24:00 of its last, both days counted;
- an endorsement's effective date is the **first day under the new terms**: the days from it to
  the end of the term, both counted, are charged or returned at the new premium;
- a cancellation's effective date is the **first day without cover**: cover ends at 24:00 the
  day before. The days from it to the end of the term are refunded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.core.money import ZERO, round_fen
from app.rating.table import RefundRules


def term_days(start: date, end: date) -> int:
    """Days of cover in a term, the first and the last both counted."""
    return (end - start).days + 1


def days_left(start: date, end: date, effective: date) -> int:
    """Days of the term from `effective` (counted) to `end`: the whole term when it has not
    started by then, none after it ended."""
    if effective <= start:
        return term_days(start, end)
    return max(0, (end - effective).days + 1)


def pro_rata(amount: Decimal, start: date, end: date, effective: date) -> Decimal:
    """`amount` (a year's premium, or the difference between two) for the days left from
    `effective`, rounded once. Negative amounts round as their positive counterparts do
    (half away from zero), so a change and its reversal on the same day cancel to the fen."""
    total = term_days(start, end)
    left = days_left(start, end, effective)
    if left == total:
        return round_fen(amount)
    return round_fen(amount * Decimal(left) / Decimal(total))


def refund(
    premium: Decimal,
    start: date,
    end: date,
    cancelled_on: date,
    rules: RefundRules,
    *,
    ctpl: bool = False,
) -> Decimal:
    """The premium returned. `end` is the last day of cover; day `cancelled_on` is the first day
    not covered. Before cover starts the table's fee is kept from commercial premium; CTPL keeps
    only the days covered, so before it starts it is returned whole."""
    if cancelled_on <= start:
        return round_fen(premium if ctpl else premium * (1 - rules.before_start_fee))
    if days_left(start, end, cancelled_on) == 0:
        return ZERO
    return pro_rata(premium, start, end, cancelled_on)
