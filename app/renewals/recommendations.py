"""Recommendations shown, and what the clerk did with them (taken, changed, ignored), kept for
the reports. The plan itself comes from the rate table's rules (app.rating.recommend); this
module stores it per draft and decides the outcome when the draft's policy is bound."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.rating.recommend import Recommendation as Plan
from app.rating.recommend import outcome
from local_db.models import Policy, Recommendation

OUTCOMES = ("taken", "changed", "ignored")


def keep(
    s: Session,
    draft_id: str,
    plan: Plan,
    *,
    shown_by: int | None,
    book_policy_id: int | None,
    at: datetime,
) -> int:
    """The draft's undecided recommendation replaced by `plan` (one per draft: the latest shown)."""
    row = s.execute(
        select(Recommendation).where(
            Recommendation.draft_id == draft_id, Recommendation.outcome.is_(None)
        )
    ).scalar_one_or_none()
    data = {
        "table_version": plan.table_version,
        "rules_version": plan.rules_version,
        "covers": plan.covers,
        "reasons": [{"rule": r.rule, "zh": r.zh, "en": r.en} for r in plan.reasons],
    }
    if row is None:
        row = Recommendation(
            draft_id=draft_id,
            book_policy_id=book_policy_id,
            shown_by=shown_by,
            shown_at=at,
            **data,
        )
        s.add(row)
    elif row.covers != plan.covers:
        for k, v in data.items():
            setattr(row, k, v)
        row.shown_at, row.applied_at = at, None
    s.flush()
    return row.id


def decide(s: Session, policy: Policy, at: datetime) -> str | None:
    """At bind: taken, changed or ignored, from the covers the policy was priced with."""
    if not policy.draft_id:
        return None
    row = s.execute(
        select(Recommendation).where(
            Recommendation.draft_id == policy.draft_id, Recommendation.outcome.is_(None)
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    final = list(((policy.quote or {}).get("request") or {}).get("coverages") or [])
    row.outcome = outcome(row.covers, row.applied_at is not None, final)
    row.final_covers = final
    row.policy_id = policy.id
    row.decided_at = at
    return row.outcome


def counts(
    s: Session, start: date, end: date, *, shown_by: int | None = None, tz: tzinfo | None = None
) -> dict[str, int]:
    """How often the recommendations decided from `start` to `end` (local days, both included;
    in `tz`, else the machine's zone) were taken, changed or ignored: the reports' "recommendations
    taken", for the outlet or the ones one clerk was shown."""
    lo = datetime.combine(start, time.min, tz).astimezone()
    hi = datetime.combine(end + timedelta(days=1), time.min, tz).astimezone()
    q = select(Recommendation.outcome).where(
        Recommendation.outcome.is_not(None),
        Recommendation.decided_at >= lo,
        Recommendation.decided_at < hi,
    )
    if shown_by is not None:
        q = q.where(Recommendation.shown_by == shown_by)
    c: Counter[str] = Counter()
    for (o,) in s.execute(q):
        c[str(o)] += 1
    return {k: c.get(k, 0) for k in OUTCOMES}


def for_json(row: Any) -> dict[str, Any]:
    return {"covers": row.covers, "reasons": row.reasons, "outcome": row.outcome}
