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
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, select
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


_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])
STAGES = ("due", "contacted", "quoted", "renewed", "lost", "open")


def stages(state: str, contacted_at: datetime | None, quoted_at: datetime | None) -> list[str]:
    """The funnel's stages a book row counts in: always 应续; 已联系 once the customer was
    reached (a quote or a renewal implies it); 已报价 once given a price (a renewal implies it);
    then exactly one of 已续, 流失 and still open."""
    renewed = state == RenewalState.RENEWED.value
    out = ["due"]
    if (
        contacted_at is not None
        or state in (RenewalState.CONTACTED.value, RenewalState.QUOTED.value)
        or renewed
    ):
        out.append("contacted")
    if quoted_at is not None or state == RenewalState.QUOTED.value or renewed:
        out.append("quoted")
    if renewed:
        out.append("renewed")
    elif state == RenewalState.LOST.value:
        out.append("lost")
    else:
        out.append("open")
    return out


def _due(q: _Q, start: date, end: date, assigned_to: int | None) -> _Q:
    """The book's rows falling due from `start` to `end` (a cancelled or rejected policy does
    not fall due), for the outlet or one clerk's rows."""
    q = q.where(
        BookPolicy.end_date >= start,
        BookPolicy.end_date <= end,
        BookPolicy.state != RenewalState.VOID.value,
    )
    if assigned_to is not None:
        q = q.where(BookPolicy.assigned_to == assigned_to)
    return q


def stage_policy_ids(
    session: Session, start: date, end: date, stage: str, *, assigned_to: int | None = None
) -> list[str]:
    """The policies behind one of the funnel's figures (STAGES; "expiring" is "due"): the ones
    issued here (an imported row has no policy in this store to open), latest ending first."""
    stage = "due" if stage == "expiring" else stage
    q = _due(
        select(
            BookPolicy.policy_id, BookPolicy.state, BookPolicy.contacted_at, BookPolicy.quoted_at
        ).where(BookPolicy.policy_id.is_not(None)),
        start,
        end,
        assigned_to,
    ).order_by(BookPolicy.end_date.desc())
    return [
        str(pid)
        for pid, state, contacted_at, quoted_at in session.execute(q)
        if stage in stages(state, contacted_at, quoted_at)
    ]


def renewal_funnel(
    session: Session, start: date, end: date, *, assigned_to: int | None = None
) -> Funnel:
    """The funnel of the policies whose cover ends from `start` to `end` (both included), for the
    whole outlet or for one clerk's rows. Reads the book as it stands: callers that need the very
    latest issues folded in call `RenewalService.funnel`, which brings the book up to date first."""
    q = _due(
        select(
            BookPolicy.state,
            BookPolicy.premium,
            BookPolicy.contacted_at,
            BookPolicy.quoted_at,
            BookPolicy.lost_reason,
            Policy.premium_ctpl,
            Policy.premium_commercial,
        ).outerjoin(Policy, Policy.id == BookPolicy.renewed_policy_id),
        start,
        end,
        assigned_to,
    )
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
        for stage in stages(state, contacted_at, quoted_at):
            counts[stage] += 1
            if stage in money:
                money[stage] += p
        if state == RenewalState.RENEWED.value:
            money["renewals"] += (new_ctpl or ZERO) + (new_commercial or ZERO)
        elif state == RenewalState.LOST.value:
            reasons[reason or "other"] += 1
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
