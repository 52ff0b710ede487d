"""The renewal funnel of a period (docs/regulations.md §11): 应续, 已报价, 已续, 流失.

Until the desk keeps a renewal work-list, the funnel is read from the policies themselves:
- 应续: policies whose cover ends in the period (not cancelled, not refused by head office);
- 已续: of those, the ones marked renewed, or whose vehicle (VIN) has a later policy bound here
  that starts no earlier than 90 days before the old one ends;
- 已报价: the renewed ones, and those whose vehicle has a later quote here not (yet) bound;
- 流失: not renewed and already ended (the reason is not recorded without the work-list);
- still open: not renewed and not ended yet.
Renewal rate = 已续 ÷ 应续 by count and by the expiring policies' premium."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.figures.outcomes import Funnel
from app.figures.period import Period

LOST_WITHOUT_REASON = "reason not recorded / 未记录原因"
UNBOUND_QUOTES = ("quoted", "referred", "approved", "signed", "paid")

_STAGES = """
SELECT f.policy_id, f.ctpl_fen + f.commercial_fen, f.ends_on,
  (f.state = 'renewed' OR EXISTS (
      SELECT 1 FROM policy_fact g WHERE g.vin = f.vin AND g.policy_id != f.policy_id
      AND g.bound_at > f.bound_at AND g.state != 'rejected'
      AND g.starts_on >= date(f.ends_on, '-90 days'))) AS renewed,
  EXISTS (
      SELECT 1 FROM vehicle v JOIN policy p ON p.vehicle_id = v.id
      WHERE v.vin = f.vin AND p.bound_at IS NULL AND p.created_at > f.bound_at
      AND p.state IN ('quoted', 'referred', 'approved', 'signed', 'paid')) AS quoted
FROM policy_fact f
WHERE f.ends_on BETWEEN :start AND :end AND f.state NOT IN ('rejected', 'cancelled')
"""


def _stages(
    s: Session, period: Period, clerk: int | None
) -> list[tuple[str, int, str, bool, bool]]:
    q = _STAGES + (" AND f.clerk_id = :clerk" if clerk is not None else "")
    rows = s.execute(
        text(q), {"start": period.start.isoformat(), "end": period.end.isoformat(), "clerk": clerk}
    )
    return [(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in rows]


def funnel(s: Session, period: Period, clerk: int | None, today: date) -> Funnel:
    rows = _stages(s, period, clerk)
    renewed = [r for r in rows if r[3]]
    lost = [r for r in rows if not r[3] and date.fromisoformat(r[2]) < today]
    return Funnel(
        expiring=len(rows),
        expiring_premium_fen=sum(r[1] for r in rows),
        quoted=sum(1 for r in rows if r[3] or r[4]),
        renewed=len(renewed),
        renewed_premium_fen=sum(r[1] for r in renewed),
        lost=len(lost),
        lost_reasons={LOST_WITHOUT_REASON: len(lost)} if lost else {},
        source="policies",
    )


def funnel_policy_ids(
    s: Session, period: Period, clerk: int | None, today: date, stage: str
) -> list[str]:
    """The expiring policies at one stage: expiring | quoted | renewed | lost | open."""
    rows = _stages(s, period, clerk)
    keep = {
        "expiring": lambda r: True,
        "quoted": lambda r: r[3] or r[4],
        "renewed": lambda r: r[3],
        "lost": lambda r: not r[3] and date.fromisoformat(r[2]) < today,
        "open": lambda r: not r[3] and date.fromisoformat(r[2]) >= today,
    }.get(stage)
    if keep is None:
        return []
    return [r[0] for r in rows if keep(r)]
