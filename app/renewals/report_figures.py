"""The renewal figures the reports (报表) show, read from the work-list: the funnel as
app.renewals.funnel defines it and the recommendations as app.renewals.recommendations counts
them, so the 续保 page, `chudan renewals funnel` and the reports print the same numbers. The
reports sit below the renewals (app.reports cannot import app.renewals): the desk hands this
object to ReportService (app.desk.context), which sees it as app.reports.renewal.RenewalFigures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo

from sqlalchemy.orm import Session

from app.figures.outcomes import Funnel, Recommendations
from app.renewals import recommendations
from app.renewals.funnel import renewal_funnel, stage_policy_ids
from app.renewals.states import LOST_REASON_NAMES, LostReason


def _reason(code: str) -> str:
    try:
        zh, en = LOST_REASON_NAMES[LostReason(code)]
    except ValueError:
        return code
    return f"{en} / {zh}"


class RenewalReportFigures:
    def __init__(self, refresh: Callable[[], object]) -> None:
        self._refresh = refresh  # RenewalService.refresh: fold the latest issues into the book

    def refresh(self) -> None:
        self._refresh()

    def funnel(self, s: Session, start: date, end: date, clerk: int | None) -> Funnel:
        f = renewal_funnel(s, start, end, assigned_to=clerk)
        return Funnel(
            expiring=f.due,
            expiring_premium_fen=int(f.due_premium * 100),
            contacted=f.contacted,
            quoted=f.quoted,
            renewed=f.renewed,
            renewed_premium_fen=int(f.renewed_premium * 100),
            lost=f.lost,
            lost_reasons={_reason(k): n for k, n in sorted(f.lost_by_reason.items())},
            source="work-list",
        )

    def policy_ids(
        self, s: Session, start: date, end: date, clerk: int | None, stage: str
    ) -> list[str]:
        return stage_policy_ids(s, start, end, stage, assigned_to=clerk)

    def recommendations(
        self, s: Session, start: date, end: date, clerk: int | None, tz: tzinfo | None
    ) -> Recommendations:
        c = recommendations.counts(s, start, end, shown_by=clerk, tz=tz)
        return Recommendations(
            offered=sum(c.values()), taken=c["taken"], changed=c["changed"], ignored=c["ignored"]
        )


__all__ = ["RenewalReportFigures"]
