"""When cover may start (docs/regulations.md §8.6): never before the moment of issue (no
back-dating, 倒签); at the moment of issue (即时生效) only where the region's setting allows it,
otherwise from 00:00 of the next day; and no further ahead than the table's renewal lead time.

Pure: the moment of issue is given (local time at the desk), never read from a clock here. The
wizard's date picker asks `earliest_start` for its minimum and `latest_start` for its maximum."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from app.core.problems import Problem
from app.rating.regions import lookup_optional
from app.rating.table import InceptionRules, RateTable


class StartWindow(NamedTuple):
    """When cover may start for a policy issued now: from `first` to `last`; `immediate` says a
    start on `first` is immediate inception (即时生效: `first` is the issue day itself)."""

    first: date
    last: date
    immediate: bool


def allows_immediate(region: str, rules: InceptionRules) -> bool:
    by_region = lookup_optional(region, rules.immediate_by_region)
    return rules.immediate if by_region is None else by_region


def earliest_start(region: str, at: datetime, table: RateTable) -> datetime:
    """The earliest moment cover may start for a policy issued in `region` at `at`: `at` itself
    where immediate inception is allowed, else 00:00 of the next day (in `at`'s time zone)."""
    if allows_immediate(region, table.inception):
        return at
    return datetime.combine(at.date() + timedelta(days=1), time(0), tzinfo=at.tzinfo)


def latest_start(region: str, at: datetime, table: RateTable) -> date:
    """The last start date the table's renewal lead time allows for a policy issued at `at`."""
    return at.date() + timedelta(days=table.inception.max_days_ahead)


def default_start(region: str, at: datetime, table: RateTable) -> tuple[date, bool]:
    """(start date, immediate) for a request that names no start: the earliest allowed."""
    first = earliest_start(region, at, table)
    return first.date(), first.date() == at.date()


def start_window(region: str, at: datetime, table: RateTable) -> StartWindow:
    first, immediate = default_start(region, at, table)
    return StartWindow(first, latest_start(region, at, table), immediate)


def check_start(
    start: date, region: str, at: datetime, table: RateTable
) -> tuple[bool, list[Problem]]:
    """(immediate, problems) for a policy starting on `start`, issued at `at`. A start on the
    issue day is immediate inception, allowed only where the region allows it."""
    first = earliest_start(region, at, table)
    last = latest_start(region, at, table)
    today = at.date()
    when = "即时生效" if first.date() == today else f"{first.date()} 0时"
    when_en = (
        "the moment of issue (immediate inception)"
        if first.date() == today
        else f"00:00 on {first.date()}"
    )
    if start < first.date():
        past = start < today
        return False, [
            Problem(
                "start_date",
                (
                    f"cover cannot start in the past ({start}; back-dating is not allowed)"
                    if past
                    else "cover cannot start on the day of issue in this region (no immediate inception)"
                )
                + f"; the earliest start is {when_en}",
                ("起保日期不能早于出单时间（不得倒签）" if past else "该地区不支持即时生效")
                + f"，最早可于{when}起保",
            )
        ]
    if start > last:
        return False, [
            Problem(
                "start_date",
                f"cover may start at most {table.inception.max_days_ahead} days after issue, i.e. by {last}; "
                "issue the policy nearer its start",
                f"起保日期最多可在出单后 {table.inception.max_days_ahead} 天内（即 {last} 前），请临近起保时再出单",
            )
        ]
    return start == today, []
