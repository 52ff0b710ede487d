"""The renewal work-list: the outlet's window, grouped by due date; clerks see theirs and the
unassigned ones, supervisors all; hand-overs, notes and call outcomes kept with time and user; a
lost renewal kept with its reason; issued policies join the book and renew it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.renewals.settings import RenewalSettings
from app.renewals.states import RenewalState
from local_db.models import AuditEvent, BookPolicy, Policy
from tests.support.book import book_row, csv_bytes, issue_request, vin


def _import(desk, rows) -> None:
    report = desk.ctx.renewals.import_content(desk.supervisor, csv_bytes(rows), "book.csv")
    assert report.refused_rows == 0, report.refused


def test_window_is_the_outlets_setting_and_rows_are_grouped_by_due_date(desk):
    today = desk.clock.today()
    _import(
        desk,
        [
            book_row(1, today + timedelta(days=5)),
            book_row(2, today + timedelta(days=5)),
            book_row(3, today + timedelta(days=45)),
            book_row(4, today + timedelta(days=75)),
            book_row(5, today + timedelta(days=200)),  # beyond any window
            book_row(6, today - timedelta(days=10)),  # ended, not renewed: late, still listed
        ],
    )
    wl = desk.ctx.renewals.work_list(desk.supervisor)  # the default window: 90 days
    assert [(g.end_date - today).days for g in wl.groups] == [-10, 5, 45, 75]
    assert [g.count for g in wl.groups] == [1, 2, 1, 1]
    assert [r.days_left for r in wl.rows] == [-10, 5, 5, 45, 75]
    admin = desk.ctx.auth.login("admin", "demo-admin-2026")
    desk.ctx.renewals.save_settings(admin, RenewalSettings(window_days=30))
    assert desk.ctx.renewals.work_list(desk.supervisor).total == 3
    assert desk.ctx.renewals.work_list(desk.supervisor, due_within=60).total == 4


def test_clerks_see_their_own_and_unassigned_renewals_supervisors_see_all(desk):
    today = desk.clock.today()
    _import(desk, [book_row(i, today + timedelta(days=10 + i)) for i in range(1, 5)])
    ids = [r.id for r in desk.ctx.renewals.work_list(desk.supervisor).rows]
    desk.ctx.users.add_user(desk.supervisor, "clerk2", "clerk2-pass-2026", "clerk", "出单员二")
    other = desk.ctx.auth.login("clerk2", "clerk2-pass-2026")
    desk.ctx.renewals.assign(desk.supervisor, ids[:2], "clerk")
    desk.ctx.renewals.assign(desk.supervisor, ids[2:3], "clerk2")
    mine = {r.id for r in desk.ctx.renewals.work_list(desk.clerk).rows}
    assert mine == {ids[0], ids[1], ids[3]}  # the fourth is nobody's yet
    assert {r.id for r in desk.ctx.renewals.work_list(other).rows} == {ids[2], ids[3]}
    assert len(desk.ctx.renewals.work_list(desk.supervisor).rows) == 4
    assert [r.assigned_to for r in desk.ctx.renewals.work_list(desk.supervisor).rows] == [
        "clerk",
        "clerk",
        "clerk2",
        None,
    ]
    # a clerk takes an unassigned one, but neither hands nor takes another clerk's
    desk.ctx.renewals.assign(desk.clerk, [ids[3]], "clerk")
    with pytest.raises(PermissionDenied):
        desk.ctx.renewals.assign(desk.clerk, [ids[0]], "clerk2")
    with pytest.raises(NotFound):
        desk.ctx.renewals.detail(desk.clerk, ids[2])


def test_notes_and_call_outcomes_are_kept_with_time_and_user(desk):
    today = desk.clock.today()
    _import(desk, [book_row(1, today + timedelta(days=20))])
    row = desk.ctx.renewals.work_list(desk.clerk).rows[0]
    desk.ctx.renewals.note(desk.clerk, row.id, "", call="no_answer")
    assert desk.ctx.renewals.detail(desk.clerk, row.id).state == "due"  # not reached yet
    desk.clock.now += timedelta(hours=3)
    desk.ctx.renewals.note(desk.clerk, row.id, "客户下周到店", call="reached")
    detail = desk.ctx.renewals.detail(desk.clerk, row.id)
    assert detail.state == "contacted" and detail.state_zh == "已联系"
    calls = [(e.actor, e.kind, e.outcome, e.text) for e in detail.events if e.kind == "call"]
    assert calls == [
        ("clerk", "call", "no_answer", ""),
        ("clerk", "call", "reached", "客户下周到店"),
    ]
    reached = next(e for e in detail.events if e.outcome == "reached")
    assert reached.at == desk.clock.now
    with desk.ctx.store.read() as s:
        actions = set(s.execute(select(AuditEvent.action)).scalars())
    assert {"renewal.call"} <= actions


def test_lost_with_a_reason_stays_in_the_book_and_only_a_supervisor_reopens_it(desk):
    today = desk.clock.today()
    _import(desk, [book_row(1, today + timedelta(days=20))])
    row = desk.ctx.renewals.work_list(desk.clerk).rows[0]
    with pytest.raises(InvalidInput) as exc:
        desk.ctx.renewals.mark_lost(desk.clerk, row.id, "went fishing")
    assert "switched" in str(exc.value)
    desk.ctx.renewals.mark_lost(desk.clerk, row.id, "转保", "人保给了更低的价格")
    detail = desk.ctx.renewals.detail(desk.clerk, row.id)
    assert (detail.state, detail.lost_reason) == ("lost", "switched")
    assert desk.ctx.renewals.work_list(desk.clerk).total == 0  # off the list to work …
    everything = desk.ctx.renewals.work_list(desk.clerk, states=tuple(RenewalState))
    assert everything.rows[0].state == "lost"  # … but kept
    with pytest.raises(PermissionDenied):
        desk.ctx.renewals.reopen(desk.clerk, row.id, "客户回来了")
    desk.ctx.renewals.reopen(desk.supervisor, row.id, "客户回来了")
    assert desk.ctx.renewals.detail(desk.clerk, row.id).state == "due"


def test_the_customers_number_is_shown_only_to_whoever_calls_and_audited(desk):
    today = desk.clock.today()
    _import(desk, [book_row(1, today + timedelta(days=20), holder_phone="13912345678")])
    row = desk.ctx.renewals.work_list(desk.clerk).rows[0]
    assert desk.ctx.renewals.detail(desk.clerk, row.id).phone == "139****5678"
    with pytest.raises(PermissionDenied):
        desk.ctx.renewals.contact_details(desk.clerk, row.id)  # not handed to them yet
    desk.ctx.renewals.assign(desk.clerk, [row.id], "clerk")
    assert desk.ctx.renewals.contact_details(desk.clerk, row.id)["phone"] == "13912345678"
    with desk.ctx.store.read() as s:
        shown = s.execute(
            select(AuditEvent).where(AuditEvent.action == "renewal.contact_shown")
        ).scalar_one()
    assert shown.actor == "clerk" and "13912345678" not in shown.summary


def test_an_issued_policy_joins_the_book_and_its_renewal_is_found(desk):
    today = desk.clock.today()
    first = desk.ctx.issuance.issue(desk.clerk, issue_request(vin(900), today + timedelta(days=1)))
    assert first.state == "bound"
    wl = desk.ctx.renewals.work_list(desk.supervisor, due_within=366)
    assert [(r.policy_number, r.source, r.assigned_to) for r in wl.rows] == [
        (first.policy_number, "issued", "clerk")
    ]
    old = wl.rows[0]
    assert old.end_date == today + timedelta(days=365) or old.end_date == today + timedelta(
        days=366
    )  # a leap day in between
    # a year on, a policy for the same vehicle starting the day after renews it
    desk.clock.set_day(old.end_date - timedelta(days=20))
    second = desk.ctx.issuance.issue(
        desk.clerk, issue_request(vin(900), old.end_date + timedelta(days=1))
    )
    detail = desk.ctx.renewals.detail(desk.supervisor, old.id)
    assert detail.state == "renewed" and detail.renewed_policy_id == second.policy_id
    with desk.ctx.store.read() as s:
        rows = s.execute(select(BookPolicy.policy_number, BookPolicy.state)).all()
        # the old policy's lifecycle moves on only from confirmed; bound here, it stays bound
        assert s.get(Policy, first.policy_id).state == "bound"
    assert sorted(rows) == sorted([(first.policy_number, "renewed"), (second.policy_number, "due")])


def test_a_policy_for_another_vehicle_renews_nothing(desk):
    today = desk.clock.today()
    _import(desk, [book_row(1, today + timedelta(days=20))])
    desk.ctx.issuance.issue(desk.clerk, issue_request(vin(901), today + timedelta(days=21)))
    desk.ctx.renewals.refresh()
    with desk.ctx.store.read() as s:
        rows = s.execute(select(BookPolicy.source, BookPolicy.state)).all()
    assert sorted(rows) == [("imported", "due"), ("issued", "due")]
