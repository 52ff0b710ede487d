"""The funnel for a crafted month, worked by hand (docs/regulations.md §11: 续保率 = 已续 ÷ 应续,
by count and by premium; never ÷ 已报价), and what leaves it (a cancelled or rejected policy)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.access.permissions import system_actor
from app.issuance.lifecycle import Event, Lifecycle
from local_db.models import Policy
from tests.support.book import book_row, csv_bytes, issue_request, vin

JAN = (date(2027, 1, 1), date(2027, 1, 31))


def _ids(desk) -> dict[str, int]:
    wl = desk.ctx.renewals.work_list(desk.supervisor, due_within=366)
    return {r.policy_number: r.id for r in wl.rows}


def test_funnel_of_a_crafted_month_matches_the_hand_count(desk):
    desk.clock.set_day(date(2026, 12, 2))
    rows = [
        book_row(1, date(2027, 1, 5)),  # 950 + 3,050: quoted, then renewed
        book_row(2, date(2027, 1, 10), premium_ctpl="1000.00", premium_commercial="2000.00"),
        book_row(3, date(2027, 1, 15), premium_commercial="1050.00"),  # reached, then lost: 转保
        book_row(4, date(2027, 1, 20), coverage="ctpl", premium_commercial="", covers="ctpl"),
        book_row(5, date(2027, 1, 25), premium_ctpl="1100.00", premium_commercial="3900.00"),
        book_row(6, date(2027, 1, 31), premium_ctpl="1200.00", premium_commercial="4800.00"),
        book_row(7, date(2027, 1, 31), premium_ctpl="", premium_commercial=""),  # no premium known
        book_row(8, date(2026, 12, 31)),  # outside the month
        book_row(9, date(2027, 2, 1)),  # outside the month
    ]
    report = desk.ctx.renewals.import_content(desk.supervisor, csv_bytes(rows), "jan.csv")
    assert report.added == 9
    ids = _ids(desk)
    n = [r["policy_number"] for r in rows]
    r = desk.ctx.renewals
    r.mark_quoted(desk.clerk, ids[n[0]], "4100.00")
    r.note(desk.clerk, ids[n[2]], "考虑中", call="reached")
    r.mark_lost(desk.clerk, ids[n[2]], "switched")
    r.mark_lost(desk.clerk, ids[n[3]], "sold")
    r.note(desk.clerk, ids[n[4]], "", call="reached")
    r.mark_quoted(desk.clerk, ids[n[5]])
    renewals = []
    for i, end in ((1, date(2027, 1, 5)), (2, date(2027, 1, 10))):
        issued = desk.ctx.issuance.issue(desk.clerk, issue_request(vin(i), end + timedelta(days=1)))
        renewals.append(issued.policy_id)

    f = r.funnel(desk.supervisor, *JAN)
    # 应续 7 (rows 1–7); 已联系 5 (1 and 2 renewed, 3 reached before it was lost, 5, 6 quoted);
    # 已报价 3 (1, 2: a renewal issued was quoted; 6); 已续 2; 流失 2; still open 3 (5, 6, 7)
    assert (f.due, f.contacted, f.quoted, f.renewed, f.lost, f.open) == (7, 5, 3, 2, 2, 3)
    assert f.lost_by_reason == {"switched": 1, "sold": 1}
    # premiums: 4,000 + 3,000 + 2,000 + 950 + 5,000 + 6,000 + 0 = 20,950 due;
    # quoted 4,000 + 3,000 + 6,000 = 13,000; renewed 7,000; lost 2,000 + 950 = 2,950
    assert f.due_premium == Decimal("20950.00")
    assert f.quoted_premium == Decimal("13000.00")
    assert (f.renewed_premium, f.lost_premium) == (Decimal("7000.00"), Decimal("2950.00"))
    assert f.premium_unknown == 1
    # 续保率 2 ÷ 7 = 0.2857 by count, 7,000 ÷ 20,950 = 0.3341 by premium (not 2 ÷ 3 of those quoted)
    assert f.renewal_rate == Decimal("0.2857")
    assert f.renewal_rate_premium == Decimal("0.3341")
    with desk.ctx.store.read() as s:
        new = [s.get(Policy, pid) for pid in renewals]
    assert f.renewals_premium == sum(p.premium_ctpl + p.premium_commercial for p in new)
    # one clerk's view: the rows are nobody's yet, so the clerk's own funnel is empty
    assert r.funnel(desk.clerk, *JAN).due == 0
    assert r.funnel(desk.supervisor, *JAN, clerk="clerk").due == 0


def test_a_rejected_renewal_reopens_the_old_one_and_a_rejected_policy_leaves_the_funnel(desk):
    desk.clock.set_day(date(2026, 12, 2))
    row = book_row(1, date(2027, 1, 5))
    desk.ctx.renewals.import_content(desk.supervisor, csv_bytes([row]), "b.csv")
    issued = desk.ctx.issuance.issue(desk.clerk, issue_request(vin(1), date(2027, 1, 6)))
    assert desk.ctx.renewals.funnel(desk.supervisor, *JAN).renewed == 1
    with desk.ctx.store.write() as s:
        policy = s.get(Policy, issued.policy_id)
        Lifecycle(desk.ctx.audit).apply(s, policy, Event.REJECT, system_actor("sync"), "test")
    f = desk.ctx.renewals.funnel(desk.supervisor, *JAN)
    assert (f.due, f.renewed, f.quoted) == (1, 0, 1)  # it was quoted: a policy had been issued
    # the rejected policy itself does not fall due next year
    nxt = desk.ctx.renewals.funnel(desk.supervisor, date(2028, 1, 1), date(2028, 1, 31))
    assert nxt.due == 0
    with desk.ctx.store.read() as s:
        assert (
            s.execute(select(Policy.state).where(Policy.id == issued.policy_id)).scalar()
            == "rejected"
        )
