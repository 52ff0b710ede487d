"""A clock a test moves by hand, for the services that take one (cover may start at most the
table's lead time after issue, so a policy a year ahead is issued by moving the desk's clock).
It runs with real time, plus whatever the test has moved it by."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from local_db.types import utcnow


class MovableClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utcnow() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)

    def today(self) -> date:
        """The desk's local date (what cover may start from)."""
        return self().astimezone().date()

    def tomorrow(self) -> date:
        """The earliest start where immediate inception is not allowed (北京, the demo outlet)."""
        return self.today() + timedelta(days=1)
