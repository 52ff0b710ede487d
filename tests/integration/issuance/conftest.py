"""The issuance tests' desk: the demo set-up on the test's store, and its clerk logged in."""

from __future__ import annotations

import pytest

from tests.support.clock import MovableClock


@pytest.fixture
def desk(seeded_home):
    """(ctx, clerk): the demo desk (outlet DEMO01 in 北京, where cover starts at 00:00 the day
    after issue at the earliest; its users; the bundled table), on a clock the test can move
    (`ctx.test_clock`: a policy a year ahead is issued at renewal time)."""
    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo

    clock = MovableClock()
    ctx = AppContext.open(seeded_home, clock=clock)
    ctx.test_clock = clock
    set_up_demo(ctx)
    yield ctx, ctx.auth.login("clerk", "demo-clerk-2026")
    ctx.close()
