"""The change tests' desk: the demo set-up on the test's store, opened with a clock the test moves
(tests.support.changes.MovableClock), and its clerk and supervisor logged in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.support.changes import MovableClock

TODAY = date(2026, 12, 2)


@dataclass
class Desk:
    ctx: Any
    clock: MovableClock
    clerk: Any
    supervisor: Any


@pytest.fixture
def desk(seeded_home):
    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo

    clock = MovableClock(TODAY)
    ctx = AppContext.open(seeded_home, clock=clock)
    set_up_demo(ctx)
    yield Desk(
        ctx,
        clock,
        ctx.auth.login("clerk", "demo-clerk-2026"),
        ctx.auth.login("supervisor", "demo-super-2026"),
    )
    ctx.close()
