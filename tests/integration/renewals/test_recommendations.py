"""精准推荐 at the desk: the plan for a draft is kept with its reasons, and when the draft's policy is
bound the desk records whether the clerk took it, changed it or ignored it (for the reports)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from local_db.models import Recommendation
from tests.support.book import book_row, csv_bytes, issue_request, vin


def _issue_from_draft(desk, request):
    draft_id = desk.ctx.drafts.create(desk.clerk)
    request = {**request, "draft_id": draft_id}
    return draft_id, request


def test_taken_changed_and_ignored_are_recorded_at_bind(desk):
    r = desk.ctx.renewals
    today = desk.clock.today()
    results = {}
    for i, how in ((41, "taken"), (42, "changed"), (43, "ignored")):
        req = issue_request(vin(i), today + timedelta(days=1))
        draft_id, req = _issue_from_draft(desk, req)
        plan = r.recommend(desk.clerk, req, draft_id)
        assert plan is not None and plan.reasons  # a 2022 car: own damage, with its reason
        assert any(x.rule == "own_damage_young_car" for x in plan.reasons)
        req.pop("plan", None)
        if how == "taken":
            r.recommendation_applied(desk.clerk, draft_id)
            req["coverages"] = plan.covers
        elif how == "changed":
            r.recommendation_applied(desk.clerk, draft_id)
            req["coverages"] = [c for c in plan.covers if c["code"] != "passenger"]
        else:
            req["coverages"] = [{"code": "ctpl"}]
        desk.ctx.issuance.sign(desk.clerk, req)
        issued = desk.ctx.issuance.issue(desk.clerk, req)
        assert issued.state == "bound"
        results[how] = draft_id
    assert r.recommendation_counts(desk.supervisor, today, today) == {
        "taken": 1,
        "changed": 1,
        "ignored": 1,
    }
    with desk.ctx.store.read() as s:
        rows = {x.draft_id: x for x in s.execute(select(Recommendation)).scalars()}
    for how, draft_id in results.items():
        row = rows[draft_id]
        assert row.outcome == how and row.policy_id and row.rules_version == "demo-2026-1"
        assert row.reasons and all(x["zh"] and x["en"] for x in row.reasons)


def test_a_renewal_is_recommended_last_years_covers_first(desk):
    today = desk.clock.today()
    desk.ctx.renewals.import_content(
        desk.supervisor,
        csv_bytes([book_row(44, today + timedelta(days=20), covers="ctpl;third_party:1500000")]),
        "one.csv",
    )
    row = desk.ctx.renewals.work_list(desk.clerk).rows[0]
    draft_id = desk.ctx.renewals.start_renewal(desk.clerk, row.id)
    req = desk.ctx.renewals.renewal_request(desk.clerk, row.id, {})
    plan = desk.ctx.renewals.recommend(desk.clerk, req, draft_id)
    # last year's covers first; a car registered in 2021 is young enough for own damage, and the
    # demo outlet is in Beijing, where the table advises a 2 million third-party limit
    assert [x.rule for x in plan.reasons] == [
        "keep_last_year",
        "own_damage_young_car",
        "third_party_high_award_regions",
    ]
    assert {c["code"]: c.get("limit") for c in plan.covers} == {
        "ctpl": None,
        "third_party": "2000000.00",
        "vehicle_damage": None,
    }
    # shown again for the same draft: still one recommendation
    desk.ctx.renewals.recommend(desk.clerk, req, draft_id)
    with desk.ctx.store.read() as s:
        assert len(s.execute(select(Recommendation.id)).all()) == 1
