"""出单时效 from the events the desk records: the wizard opened, a draft made, saved at each
step, parked and reopened, then issued (docs/reports.md names the events)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from app.desk.context import AppContext
from app.figures.period import Period
from app.figures.report import Drill
from app.issuance.drafts import START_EVENT, new_draft_id
from app.renewals.report_figures import RenewalReportFigures
from app.reports.service import ReportService
from tests.support.outlet import demo_clerk, request_for
from tests.support.report_month import BEIJING, Clock


def test_time_to_issue_leaves_out_the_time_the_draft_sat_parked(seeded_home):
    clock = Clock(datetime(2026, 12, 2, 1, 0, tzinfo=UTC))
    with AppContext.open(seeded_home, clock=clock) as ctx:
        clerk = demo_clerk(ctx)
        drafts = ctx.drafts
        clock.at("2026-12-02 09:00:00")
        draft = drafts.create(clerk)  # the clerk's first edit
        clock.at("2026-12-02 09:01:00")
        drafts.save(clerk, draft, "vehicle", {})
        clock.at("2026-12-02 09:03:00")
        drafts.save(clerk, draft, "coverage", {})
        clock.at("2026-12-02 09:03:20")
        drafts.save(clerk, draft, "coverage", {"typing": 1})  # an autosave: no step change
        clock.at("2026-12-02 10:03:20")  # an hour later the draft is opened again
        drafts.load(clerk, draft)
        clock.at("2026-12-02 10:05:00")
        drafts.save(clerk, draft, "review", {})
        clock.at("2026-12-02 10:06:40")
        drafts.save(clerk, draft, "payment", {})
        clock.at("2026-12-02 10:08:20")
        req = copy.deepcopy(request_for(7))
        req["draft_id"] = draft
        result = ctx.issuance.issue(clerk, req)
        assert result.state == "bound"
        # A policy issued from a request file has no wizard time.
        assert ctx.issuance.issue(clerk, request_for(8)).state == "bound"

        service = ReportService(
            ctx.store,
            ctx.audit,
            ctx.clock,
            tz=BEIJING,
            renewals=RenewalReportFigures(ctx.renewals.refresh),
        )
        supervisor = ctx.auth.login("supervisor", "demo-super-2026")
        report = service.report(supervisor, Period.month(2026, 12))
        t = report.timing
        # 09:00 → 10:08:20 is 4,100 s; parked 09:03:20 → 10:03:20 is 3,600 s.
        assert (t.total.count, t.total.median_s, t.total.p90_s) == (1, 500, 500)
        assert {k: v.median_s for k, v in t.steps.items()} == {
            "customer": 60,
            "vehicle": 120,
            "coverage": 120,
            "review": 100,
            "payment": 100,
        }
        assert report.volume.by_channel.keys() == {"outlet", "command_line"}
        timed = service.drill(supervisor, Period.month(2026, 12), Drill("timed"))
        assert [ln.policy_number for ln in timed] == [result.policy_number]
        # Real quotes: the standard plan's covers and limit are what the facts counted.
        covers = {k: n for k, n in report.volume.covers.items() if n}
        assert covers == {"vehicle_damage": 2, "third_party": 2, "driver": 2, "passenger": 2}
        assert sum(report.volume.third_party_limits.values()) == 2


def test_the_clock_starts_when_the_wizard_opened_a_new_issuance(seeded_home):
    """A: the wizard opened at 09:00:00 (`issuance.start`), its first save 30 s later, vehicle
    from 09:01, parked from its last save at 09:02 to 09:32, payment from 09:33, issued 09:34:
    2,040 − 1,800 = 240 s; customer 60, vehicle 120, payment 60. B: a draft from before the
    opening was recorded (no start event): from its first save at 10:00 to the issue at 10:05,
    300 s; customer 100, vehicle 200. Median of 240 and 300 is 270, P90 300."""
    clock = Clock(datetime(2026, 12, 2, 1, 0, tzinfo=UTC))
    with AppContext.open(seeded_home, clock=clock) as ctx:
        clerk = demo_clerk(ctx)
        drafts = ctx.drafts
        a = new_draft_id()  # as the window makes it, before anything is stored
        clock.at("2026-12-02 09:00:00")
        drafts.start(clerk, a)
        assert (ctx.audit.recent(1)[0].action, ctx.audit.recent(1)[0].object_id) == (
            START_EVENT,
            a,
        )
        clock.at("2026-12-02 09:00:30")
        drafts.save(clerk, a, "customer", {})  # the first save makes the draft
        clock.at("2026-12-02 09:01:00")
        drafts.save(clerk, a, "vehicle", {})
        clock.at("2026-12-02 09:02:00")
        drafts.save(clerk, a, "vehicle", {"typing": 1})
        clock.at("2026-12-02 09:32:00")
        drafts.load(clerk, a)
        clock.at("2026-12-02 09:33:00")
        drafts.save(clerk, a, "payment", {})
        clock.at("2026-12-02 09:34:00")
        req = copy.deepcopy(request_for(7))
        req["draft_id"] = a
        assert ctx.issuance.issue(clerk, req).state == "bound"

        clock.at("2026-12-02 10:00:00")
        b = drafts.create(clerk)  # an older desk's draft: no opening recorded
        clock.at("2026-12-02 10:01:40")
        drafts.save(clerk, b, "vehicle", {})
        clock.at("2026-12-02 10:05:00")
        req = copy.deepcopy(request_for(8))
        req["draft_id"] = b
        assert ctx.issuance.issue(clerk, req).state == "bound"

        service = ReportService(ctx.store, ctx.audit, ctx.clock, tz=BEIJING)
        supervisor = ctx.auth.login("supervisor", "demo-super-2026")
        t = service.report(supervisor, Period.month(2026, 12)).timing
        assert (t.total.count, t.total.median_s, t.total.p90_s) == (2, 270, 300)
        assert {k: v.median_s for k, v in t.steps.items()} == {
            "customer": 80,
            "vehicle": 160,
            "payment": 60,
        }
