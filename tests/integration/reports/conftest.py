"""A desk with the crafted month of tests/support/report_month.py, and its report service read
in Beijing time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.desk.context import AppContext
from app.renewals.report_figures import RenewalReportFigures
from app.reports.service import ReportService
from tests.support.report_month import BEIJING, Clock, craft_november


@pytest.fixture
def month_ctx(seeded_home):
    ctx = AppContext.open(seeded_home, clock=Clock(datetime(2026, 11, 1, tzinfo=UTC)))
    month = craft_november(ctx)
    yield (
        ctx,
        month,
        ReportService(
            ctx.store,
            ctx.audit,
            ctx.clock,
            tz=BEIJING,
            renewals=RenewalReportFigures(ctx.renewals.refresh),
        ),
    )
    ctx.close()
