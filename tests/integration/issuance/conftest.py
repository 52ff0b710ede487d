"""The issuance tests' desk: the demo set-up on the test's store, and its clerk logged in."""

from __future__ import annotations

import pytest


@pytest.fixture
def desk(app_ctx):
    """(ctx, clerk): the demo desk (outlet DEMO01, its users, the bundled table)."""
    from app.desk.demo import set_up_demo

    set_up_demo(app_ctx)
    return app_ctx, app_ctx.auth.login("clerk", "demo-clerk-2026")
