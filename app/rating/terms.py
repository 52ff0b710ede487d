"""The period of cover: when it ends, how many months it spans (a part month counts as a whole one)
and how many days it covers. docs/regulations.md §1.6 (short-term CTPL by the month table) and
§9.2 (commercial cover kept pro rata by day)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from app.core.problems import Problem

ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last (31 Jan + 1 → 28 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Built on every quote, with its own __init__ (app.rating.commercial.Factor says why).
@dataclass(slots=True, init=False)
class Term:
    start: date
    end: date  # the last day of cover (to 24:00); with immediate inception, the day it ends at the start's hour
    immediate: bool
    months: int  # months spanned, a part month counting as one; 12 for a full year
    days: int  # days covered
    full_year: bool

    def __init__(
        self, start: date, end: date, immediate: bool, months: int, days: int, full_year: bool
    ) -> None:
        self.start = start
        self.end = end
        self.immediate = immediate
        self.months = months
        self.days = days
        self.full_year = full_year

    @property
    def short(self) -> bool:
        return not self.full_year


def _stop(end: date, immediate: bool) -> date:
    """The first moment after cover, as a day: 00:00 after the last day, or the end day itself
    when cover started (and so ends) at the moment of issue."""
    return end if immediate else end + ONE_DAY


def full_year_end(start: date, immediate: bool) -> date:
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = date(start.year + 1, 2, 28)
    return anniversary if immediate else anniversary - ONE_DAY


def last_day_range(start: date, immediate: bool) -> tuple[date, date]:
    """The first and last day a short term from `start` may end on, as `term_of` takes them: the
    start itself (cover to 24:00 that day), or the next day when cover starts at the moment of
    issue (it ends at that hour, so not on the start day); up to the day before a full year would
    end (that day is a full year, not a short term). The wizard's last-day picker keeps to it."""
    first = start + ONE_DAY if immediate else start
    return first, full_year_end(start, immediate) - ONE_DAY


def months_spanned(start: date, stop: date) -> int:
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if add_months(start, months) > stop:
        months -= 1
    if add_months(start, months) < stop:
        months += 1  # a part month counts as a month
    return months


def term_of(
    start: date, end_date: date | None, short_term_months: int | None, immediate: bool
) -> tuple[Term | None, list[Problem]]:
    """The term a request asks for, or the problems that make it impossible."""
    last = full_year_end(start, immediate)
    if end_date is None and short_term_months is None:  # a year: the usual case, made quickly
        return Term(start, last, immediate, 12, (_stop(last, immediate) - start).days, True), []
    problems: list[Problem] = []
    if end_date is None:
        if short_term_months is None:
            end = last
        else:
            end = add_months(start, short_term_months) - (timedelta(0) if immediate else ONE_DAY)
    else:
        end = end_date
        if _stop(end, immediate) <= start:
            problems.append(
                Problem(
                    "end_date",
                    f"the cover would end ({end}) before it starts ({start}); the end date is the last day of cover",
                    f"终保日期 {end} 早于起保日期 {start}，请填写保险期间的最后一天",
                )
            )
            return None, problems
        if end > last:
            problems.append(
                Problem(
                    "end_date",
                    f"a term is at most one year: from {start} cover ends on {last} at the latest",
                    f"保险期间最长一年：自 {start} 起最迟于 {last} 终止",
                )
            )
            return None, problems
    stop = _stop(end, immediate)
    months = months_spanned(start, stop)
    if end_date is not None and short_term_months is not None and months != short_term_months:
        problems.append(
            Problem(
                "short_term_months",
                f"{short_term_months} month(s) contradicts the period {start} to {end}, which spans "
                f"{months} month(s) (a part month counts as one); give one or make them agree",
                f"短期月数 {short_term_months} 与保险期间 {start} 至 {end}（共 {months} 个月，不足一月按一月计）"
                "不符，请只填一项或使二者一致",
            )
        )
        return None, problems
    full = end >= last
    return Term(start, end, immediate, 12 if full else months, (stop - start).days, full), []
