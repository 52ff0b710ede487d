"""The renewal funnel, defined once (docs/regulations.md §11; docs/renewals.md), for the work-list,
the command line and the reports:

- 应续 (due): the book's policies whose cover ends in the period (a cancelled or rejected policy
  does not fall due);
- 已联系 (contacted): of those, the customers reached;
- 已报价 (quoted): of those, the ones given a price (a renewal issued was quoted too);
- 已续 (renewed): of those, renewed with us;
- 流失 (lost): of those, lost, with the reason;
- 续保率 = 已续 ÷ 应续, by count and weighted by the expiring policies' premium. Never 已续 ÷ 已报价.

The premium weight is what the expiring policies cost (CTPL and commercial, tax not included), so
both rates stay between 0 and 1; what the renewals themselves cost is given beside it. A policy
imported without a premium weighs nothing; `premium_unknown` counts them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.money import ZERO, fmt_money
from app.renewals.states import RenewalState
from local_db.models import BookPolicy, Policy

RATE_PLACES = Decimal("0.0001")


def _rate(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class Funnel:
    start: date
    end: date
    due: int = 0
    contacted: int = 0
    quoted: int = 0
    renewed: int = 0
    lost: int = 0
    open: int = 0  # still due, contacted or quoted
    due_premium: Decimal = ZERO
    quoted_premium: Decimal = ZERO
    renewed_premium: Decimal = ZERO
    lost_premium: Decimal = ZERO
    renewals_premium: Decimal = ZERO  # what the renewals issued here cost
    premium_unknown: int = 0
    lost_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def renewal_rate(self) -> Decimal | None:
        """已续 ÷ 应续 by count (None when nothing fell due)."""
        return _rate(self.renewed, self.due)

    @property
    def renewal_rate_premium(self) -> Decimal | None:
        """已续 ÷ 应续 weighted by the expiring premium."""
        return _rate(self.renewed_premium, self.due_premium)

    def to_json(self) -> dict[str, Any]:
        def rate(r: Decimal | None) -> str | None:
            return None if r is None else str(r)

        return {
            "period": [self.start.isoformat(), self.end.isoformat()],
            "due": self.due,
            "contacted": self.contacted,
            "quoted": self.quoted,
            "renewed": self.renewed,
            "lost": self.lost,
            "open": self.open,
            "lost_by_reason": dict(self.lost_by_reason),
            "renewal_rate": rate(self.renewal_rate),
            "renewal_rate_premium": rate(self.renewal_rate_premium),
            "due_premium": fmt_money(self.due_premium),
            "quoted_premium": fmt_money(self.quoted_premium),
            "renewed_premium": fmt_money(self.renewed_premium),
            "lost_premium": fmt_money(self.lost_premium),
            "renewals_premium": fmt_money(self.renewals_premium),
            "premium_unknown": self.premium_unknown,
        }


def renewal_funnel(
    session: Session, start: date, end: date, *, assigned_to: int | None = None
) -> Funnel:
    """The funnel of the policies whose cover ends from `start` to `end` (both included), for the
    whole outlet or for one clerk's rows. Reads the book as it stands: callers that need the very
    latest issues folded in call `RenewalService.funnel`, which brings the book up to date first."""
    q = select(
        BookPolicy.state,
        BookPolicy.premium,
        BookPolicy.contacted_at,
        BookPolicy.quoted_at,
        BookPolicy.lost_reason,
        Policy.premium_ctpl,
        Policy.premium_commercial,
    ).outerjoin(Policy, Policy.id == BookPolicy.renewed_policy_id)
    q = q.where(
        BookPolicy.end_date >= start,
        BookPolicy.end_date <= end,
        BookPolicy.state != RenewalState.VOID.value,
    )
    if assigned_to is not None:
        q = q.where(BookPolicy.assigned_to == assigned_to)
    counts: Counter[str] = Counter()
    money: dict[str, Decimal] = dict.fromkeys(
        ("due", "quoted", "renewed", "lost", "renewals"), ZERO
    )
    reasons: Counter[str] = Counter()
    unknown = 0
    for (
        state,
        premium,
        contacted_at,
        quoted_at,
        reason,
        new_ctpl,
        new_commercial,
    ) in session.execute(q):
        p = premium if premium is not None else ZERO
        unknown += premium is None
        counts["due"] += 1
        money["due"] += p
        renewed = state == RenewalState.RENEWED.value
        if (
            contacted_at is not None
            or state
            in (
                RenewalState.CONTACTED.value,
                RenewalState.QUOTED.value,
            )
            or renewed
        ):
            counts["contacted"] += 1
        if quoted_at is not None or state == RenewalState.QUOTED.value or renewed:
            counts["quoted"] += 1
            money["quoted"] += p
        if renewed:
            counts["renewed"] += 1
            money["renewed"] += p
            money["renewals"] += (new_ctpl or ZERO) + (new_commercial or ZERO)
        elif state == RenewalState.LOST.value:
            counts["lost"] += 1
            money["lost"] += p
            reasons[reason or "other"] += 1
        else:
            counts["open"] += 1
    return Funnel(
        start,
        end,
        due=counts["due"],
        contacted=counts["contacted"],
        quoted=counts["quoted"],
        renewed=counts["renewed"],
        lost=counts["lost"],
        open=counts["open"],
        due_premium=money["due"],
        quoted_premium=money["quoted"],
        renewed_premium=money["renewed"],
        lost_premium=money["lost"],
        renewals_premium=money["renewals"],
        premium_unknown=unknown,
        lost_by_reason=dict(reasons),
    )
