"""The renewal tests' desk: the demo outlet on the test's store with a clock the test can move,
its clerk and supervisor logged in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.book import MovableClock


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

    clock = MovableClock()
    ctx = AppContext.open(seeded_home, clock=clock)
    set_up_demo(ctx)
    yield Desk(
        ctx,
        clock,
        ctx.auth.login("clerk", "demo-clerk-2026"),
        ctx.auth.login("supervisor", "demo-super-2026"),
    )
    ctx.close()
