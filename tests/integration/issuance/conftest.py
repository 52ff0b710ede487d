"""The demo desk (outlet DEMO01 in 北京, no immediate inception) on a clock the test can move."""

from __future__ import annotations

import pytest

from app.desk.demo import set_up_demo
from tests.support.clock import MovableClock


@pytest.fixture
def demo_desk(seeded_home):
    from app.desk.context import AppContext

    clock = MovableClock()
    ctx = AppContext.open(seeded_home, clock=clock)
    ctx.test_clock = clock
    set_up_demo(ctx)
    yield ctx, ctx.auth.login("clerk", "demo-clerk-2026")
    ctx.close()
