"""What the reports read from the renewal work-list, as an interface: the funnel (应续, 已联系,
已报价, 已续, 流失, still open), the policies behind each of its figures, and the recommendations
taken. The definitions live once in app.renewals (funnel.py, recommendations.py; docs/renewals.md);
app.renewals sits above the reports, so the desk hands ReportService the implementation
(app.renewals.report_figures.RenewalReportFigures, wired in app.desk.context)."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Protocol

from sqlalchemy.orm import Session

from app.figures.outcomes import Funnel, Recommendations


class RenewalFigures(Protocol):
    def refresh(self) -> None:
        """Bring the book up to date with what was issued, cancelled or rejected (a write only
        when something happened)."""

    def funnel(self, s: Session, start: date, end: date, clerk: int | None) -> Funnel: ...

    def policy_ids(
        self, s: Session, start: date, end: date, clerk: int | None, stage: str
    ) -> list[str]:
        """stage: expiring | contacted | quoted | renewed | lost | open."""

    def recommendations(
        self, s: Session, start: date, end: date, clerk: int | None, tz: tzinfo | None
    ) -> Recommendations: ...


# Where no work-list is wired (a store opened for its figures alone): nothing is counted, and
# the report says the funnel is not kept rather than showing zeros as if measured.
NOT_KEPT = Funnel(source="not kept")

__all__ = ["NOT_KEPT", "RenewalFigures"]
