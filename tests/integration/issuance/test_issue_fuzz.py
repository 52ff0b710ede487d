"""Hypothesis over the issuance request against a real store: `IssuanceService.issue` either
issues (or refers, or reports a short payment) or refuses with a one-line ChudanError, and a
refusal leaves no policy, customer or payment behind."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from app.desk.demo import set_up_demo
from local_db.models import Customer, Payment, Policy
from tests.support.request_fuzz import policy_requests, refused_well, shown


def _rows(ctx) -> tuple[int, ...]:
    with ctx.store.read() as s:
        return tuple(
            s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Policy, Customer, Payment)
        )


@pytest.mark.slow
def test_issuing_any_request_issues_or_refuses_in_one_line_and_stores_nothing(app_ctx):
    set_up_demo(app_ctx)
    clerk = app_ctx.auth.login("clerk", "demo-clerk-2026")

    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(policy_requests)
    def issue(data):
        before = _rows(app_ctx)
        try:
            app_ctx.issuance.issue(clerk, data)
        except Exception as exc:  # noqa: BLE001  (the property is about which exceptions)
            assert refused_well(exc), f"{type(exc).__name__}: {exc!s:.300} for {shown(data)}"
            assert _rows(app_ctx) == before, f"a refusal stored something: {shown(data)}"

    issue()
