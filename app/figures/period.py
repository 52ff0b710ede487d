"""Report periods: a span of calendar days (the desk's local dates), cut into days, ISO weeks or
months, and the period before it for comparison."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.core.errors import InvalidInput


class Grain(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class Bucket:
    key: str  # "2026-11-03", "2026-W45", "2026-11"
    start: date
    end: date  # inclusive


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def bucket_of(d: date, grain: Grain) -> Bucket:
    if grain == Grain.DAY:
        return Bucket(d.isoformat(), d, d)
    if grain == Grain.WEEK:
        year, week, weekday = d.isocalendar()
        monday = d - timedelta(days=weekday - 1)
        return Bucket(f"{year}-W{week:02d}", monday, monday + timedelta(days=6))
    first = d.replace(day=1)
    return Bucket(f"{d.year}-{d.month:02d}", first, _month_end(d))


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included, read in `grain` buckets."""

    start: date
    end: date
    grain: Grain = Grain.DAY

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(
                f"The period ends ({self.end}) before it starts ({self.start}); choose the dates again.",
                zh=f"统计期间的结束日（{self.end}）早于开始日（{self.start}），请重新选择。",
            )
        if (self.end - self.start).days > 3 * 366:
            raise InvalidInput(
                "A report covers at most three years; choose a shorter period.",
                zh="报表期间最长三年，请缩短期间。",
            )

    @classmethod
    def month(cls, year: int, month: int, grain: Grain = Grain.DAY) -> Period:
        first = date(year, month, 1)
        return cls(first, _month_end(first), grain)

    @classmethod
    def parse_month(cls, text: str, grain: Grain = Grain.DAY) -> Period:
        """'2026-11' → November 2026; anything else is refused with what to type."""
        m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2099:
            raise InvalidInput(
                f"{text[:20]!r} is not a month; write it as YYYY-MM, e.g. 2026-11.",
                zh=f"“{text[:20]}”不是有效月份，请按 YYYY-MM 填写，例如 2026-11。",
            )
        return cls.month(int(m.group(1)), int(m.group(2)), grain)

    @classmethod
    def year(cls, year: int, grain: Grain = Grain.MONTH) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), grain)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_calendar_month(self) -> bool:
        return self.start.day == 1 and self.end == _month_end(self.start)

    def previous(self) -> Period:
        """The period just before, for comparison: the previous calendar month for a month (or a
        run of whole months), else the same number of days ending the day before."""
        if self.start.day == 1 and self.end == _month_end(self.end):
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            y, m = self.start.year, self.start.month - months
            while m < 1:
                y, m = y - 1, m + 12
            first = date(y, m, 1)
            return Period(first, self.start - timedelta(days=1), self.grain)
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, self.grain)

    def buckets(self) -> list[Bucket]:
        """Every bucket the period touches, in order, clipped to the period (a week that starts
        before it counts only its days inside)."""
        out: list[Bucket] = []
        d = self.start
        while d <= self.end:
            b = bucket_of(d, self.grain)
            clipped = Bucket(b.key, max(b.start, self.start), min(b.end, self.end))
            out.append(clipped)
            d = b.end + timedelta(days=1)
        return out

    def key_of(self, d: date) -> str:
        return bucket_of(d, self.grain).key

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def label(self) -> str:
        if self.is_calendar_month:
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"
