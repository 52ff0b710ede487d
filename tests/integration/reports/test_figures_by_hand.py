"""Every figure of the crafted November (tests/support/report_month.py) against the sums done by
hand. The month, as the outlet in Beijing sees it:

| tag | clerk | bound (local)    | CTPL    | commercial | tax | covers                          | then            |
|-----|-------|------------------|---------|-----------|-----|----------------------------------|-----------------|
| P8  | A     | 2026-10-31 16:00 | 950     | 3,000     | 420 | own damage, TP 1M                | (October)       |
| P1  | A     | 2026-11-02 10:00 | 950     | 4,000     | 420 | own damage, TP 1M, scratch        | endorsed 11-25  |
| P2  | A     | 2026-11-02 15:00 | 665     | 0         | 300 | —                                |                 |
| P3  | B     | 2026-11-09 11:00 | 950     | 6,000     | 420 | own damage, TP 2M, driver, pass.  |                 |
| P4  | B     | 2026-11-16 14:00 | —       | 3,000     | 0   | TP 1M (car price 600,000)         |                 |
| P5  | A     | 2026-11-20 10:00 | 1,100   | 2,500     | 480 | own damage, TP 1M, wheel          | rejected 11-21  |
| P6  | A     | 2026-11-30 23:30 | 950     | 3,500     | 420 | own damage, TP 2M                 | cancelled 11-30 |
| P7  | B     | 2026-12-01 00:30 | 950     | 2,000     | 420 | TP 1M                             | (December)      |

In force in November: P1, P2, P3, P4, P6 (P5 refused by head office, P7 is December's).
- policies 5; with CTPL 4 (P1 P2 P3 P6); with commercial 4 (P1 P3 P4 P6); both 3.
- CTPL 950 + 665 + 950 + 950 = 3,515.00; commercial 4,000 + 6,000 + 3,000 + 3,500 = 16,500.00;
  tax 420 + 300 + 420 + 0 + 420 = 1,560.00; premium 20,015.00; average 20,015 / 5 = 4,003.00.
- 交商套单率 3 / 4 = 0.7500; 车损险投保率 3 / 4 = 0.7500; commercial share 16,500 / 20,015 =
  0.82438… → 0.8244; high value (commercial ≥ 5,000 or price ≥ 500,000): P3, P4 → 2 / 5 = 0.4000.
- TP limits: 1,000,000 × 2 (P1 P4), 2,000,000 × 2 (P3 P6). Covers: own damage 3, TP 4, driver 1,
  passenger 1, scratch 1, wheel 0 (only on P5).
- by clerk: A 3 policies, 950 + 4,000 + 665 + 950 + 3,500 = 10,065.00; B 2, 950 + 6,000 + 3,000 =
  9,950.00. By day: 11-02 two, 11-09, 11-16, 11-30 one each.
- October: P8 alone, 1 policy, 3,950.00: policies +400 %.
- quality: issued 6 (P5 counts here); endorsed 1, cancelled 1, rejected 1: each 1 / 6 = 0.1667.
- renewals, from the work-list (app.renewals.funnel, the 续保 page's own definition): R1 (A, ends
  11-04, 3,950), R2 (B, 11-10, 2,000), R3 (A, 11-28, 1,500) expire. R1 renewed by P1 (same VIN,
  found by the book), R2 marked lost (转保) by B, R3 given a price (Q3) by A and not bound: 应续 3,
  已联系 2 (R1, R3), 已报价 2 (R1, R3), 已续 1, 流失 1 (R2, switched), still open 1 (R3); rate
  1 / 3 = 0.3333, by premium 3,950 / 7,450 = 0.5302. No recommendation was decided: 0 offered.
- complaints: C1 (about P3, 11-10, resolved 11-12 10:00: 58 hours), C2 (the outlet, 11-20, open);
  October's C0 is not counted. Per 10,000 policies 2 × 10,000 / 5 = 4,000.00; per 100 million yuan
  2 × 100,000,000 / 20,015 = 9,992.505… → 9,992.51.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.core.errors import PermissionDenied
from app.figures.period import Grain, Period
from app.figures.report import Drill

NOVEMBER = Period.month(2026, 11)
TODAY = date(2026, 12, 2)
D = Decimal


def _report(service, user, clerk_id=None, period=NOVEMBER):
    return service.report(user, period, clerk_id, today=TODAY)


def test_volume_and_premium(month_ctx):
    _ctx, m, service = month_ctx
    t = _report(service, m.supervisor).volume.totals
    assert (t.policies, t.with_ctpl, t.with_commercial, t.with_both) == (5, 4, 4, 3)
    assert (t.ctpl, t.commercial, t.tax) == (D("3515.00"), D("16500.00"), D("1560.00"))
    assert t.premium == D("20015.00") and t.average_premium == D("4003.00")


def test_shares(month_ctx):
    _ctx, m, service = month_ctx
    t = _report(service, m.supervisor).volume.totals
    assert t.ctpl_with_commercial == D("0.7500")
    assert t.own_damage_rate == D("0.7500")
    assert t.commercial_share == D("0.8244")
    assert (t.high_value, t.high_value_share) == (2, D("0.4000"))


def test_covers_and_third_party_limits(month_ctx):
    _ctx, m, service = month_ctx
    v = _report(service, m.supervisor).volume
    assert v.third_party_limits == {D("1000000.00"): 2, D("2000000.00"): 2}
    assert {k: n for k, n in v.covers.items() if n} == {
        "vehicle_damage": 3,
        "third_party": 4,
        "driver": 1,
        "passenger": 1,
        "scratch": 1,
    }
    assert v.rejected == 1


def test_by_clerk_and_by_day(month_ctx):
    _ctx, m, service = month_ctx
    r = _report(service, m.supervisor)
    a, b = str(m.clerk_a.user_id), str(m.clerk_b.user_id)
    assert {who: (t.policies, t.premium) for who, t in r.volume.by_who.items()} == {
        a: (3, D("10065.00")),
        b: (2, D("9950.00")),
    }
    days = {k: t.policies for k, t in r.volume.by_bucket.items() if t.policies}
    assert days == {"2026-11-02": 2, "2026-11-09": 1, "2026-11-16": 1, "2026-11-30": 1}
    assert len(r.volume.by_bucket) == 30  # every day shown, empty ones too
    assert r.volume.by_channel.keys() == {"command_line"}  # written without a draft


def test_weeks_cut_at_the_month(month_ctx):
    _ctx, m, service = month_ctx
    r = _report(service, m.supervisor, period=Period.month(2026, 11, Grain.WEEK))
    weeks = {k: t.policies for k, t in r.volume.by_bucket.items()}
    # 11-02 is the Monday of ISO week 45; 11-30 the Monday of week 49; 11-01 a Sunday of week 44.
    assert weeks == {
        "2026-W44": 0,
        "2026-W45": 2,
        "2026-W46": 1,
        "2026-W47": 1,
        "2026-W48": 0,
        "2026-W49": 1,
    }


def test_previous_period_and_change(month_ctx):
    _ctx, m, service = month_ctx
    r = _report(service, m.supervisor)
    assert r.previous is not None and r.previous.period == Period.month(2026, 10)
    assert (r.previous.totals.policies, r.previous.totals.premium) == (1, D("3950.00"))
    summary = {row[0]: row for row in r.headline()}
    assert summary["policies"][1:3] == (5, 1)
    section = r.sections("en")[0]
    policies_row = next(row for row in section.rows if row[0] == "policies")
    assert policies_row[3] == D("4.0000")  # +400 %


def test_quality(month_ctx):
    _ctx, m, service = month_ctx
    q = _report(service, m.supervisor).quality
    assert (q.issued, q.endorsed, q.cancelled, q.rejected) == (6, 1, 1, 1)
    assert q.endorsement_rate == q.cancellation_rate == q.rejection_rate == D("0.1667")
    assert q.rejection_reasons == {"commercial premium # on the policy, # by head office": 1}
    assert q.recommendations is not None and q.recommendations.offered == 0
    assert q.recommendations.taken_rate is None  # shown "—", never 0 %


def test_renewal_funnel(month_ctx):
    _ctx, m, service = month_ctx
    f = _report(service, m.supervisor).renewal
    assert (f.expiring, f.contacted, f.quoted, f.renewed, f.lost, f.still_open) == (
        3,
        2,
        2,
        1,
        1,
        1,
    )
    assert (f.expiring_premium, f.renewed_premium) == (D("7450.00"), D("3950.00"))
    assert (f.rate, f.premium_rate) == (D("0.3333"), D("0.5302"))
    assert f.lost_reasons == {"renewed with another insurer / 转保": 1}
    assert f.source == "work-list"


def test_complaints_and_the_regulators_measures(month_ctx):
    _ctx, m, service = month_ctx
    c = _report(service, m.supervisor).complaints
    assert (c.received, c.resolved, c.open) == (2, 1, 1)
    assert c.per_10k_policies == D("4000.00")
    assert c.per_100m_premium == D("9992.51")
    assert c.time_to_resolve.median_s == 58 * 3600
    assert c.by_category == {"premium": 1, "service": 1}


def test_complaint_description_is_stored_masked(month_ctx):
    ctx, m, _service = month_ctx
    listed = ctx.complaints.list(m.supervisor, NOVEMBER)
    assert [c.received_on for c in listed] == [date(2026, 11, 20), date(2026, 11, 10)]
    assert "13812345678" not in listed[1].description and "138****5678" in listed[1].description


def test_a_clerk_sees_their_own_figures_only(month_ctx):
    _ctx, m, service = month_ctx
    r = _report(service, m.clerk_a)
    assert r.scope == "clerk"
    assert (r.volume.totals.policies, r.volume.totals.premium) == (3, D("10065.00"))
    assert r.complaints.received == 0  # C1 is about clerk B's policy
    assert r.renewal.expiring == 2  # R1 and R3 are A's
    with pytest.raises(PermissionDenied):
        _report(service, m.clerk_a, clerk_id=m.clerk_b.user_id)
    # A supervisor may look at one clerk.
    b = _report(service, m.supervisor, clerk_id=m.clerk_b.user_id)
    assert (b.volume.totals.policies, b.complaints.received) == (2, 1)


@pytest.mark.parametrize(
    ("drill", "tags"),
    [
        (Drill("issued"), {"P1", "P2", "P3", "P4", "P6"}),
        (Drill("issued_all"), {"P1", "P2", "P3", "P4", "P5", "P6"}),
        (Drill("with_both"), {"P1", "P3", "P6"}),
        (Drill("high_value"), {"P3", "P4"}),
        (Drill("cover", "scratch"), {"P1"}),
        (Drill("cover", "vehicle_damage"), {"P1", "P3", "P6"}),
        (Drill("tp_limit", "2000000.00"), {"P3", "P6"}),
        (Drill("bucket", "2026-11-02"), {"P1", "P2"}),
        (Drill("endorsed"), {"P1"}),
        (Drill("cancelled"), {"P6"}),
        (Drill("rejected"), {"P5"}),
        (Drill("renewal", "renewed"), {"R1"}),
        (Drill("renewal", "lost"), {"R2"}),
        (Drill("renewal", "open"), {"R3"}),
        (Drill("renewal", "expiring"), {"R1", "R2", "R3"}),
        (Drill("renewal", "quoted"), {"R1", "R3"}),
        (Drill("complaints"), {"P3"}),
    ],
)
def test_drill_down_lists_the_policies_behind_the_figure(month_ctx, drill, tags):
    _ctx, m, service = month_ctx
    lines = service.drill(m.supervisor, NOVEMBER, drill, today=TODAY)
    assert {ln.policy_number for ln in lines} == {m.numbers[t] for t in tags}
    assert all(ln.policyholder == "张*" for ln in lines)  # masked


def test_drill_by_clerk(month_ctx):
    _ctx, m, service = month_ctx
    lines = service.drill(m.supervisor, NOVEMBER, Drill("who", str(m.clerk_b.user_id)))
    assert {ln.policy_number for ln in lines} == {m.numbers["P3"], m.numbers["P4"]}


def test_the_high_value_threshold_is_an_outlet_setting(month_ctx):
    ctx, m, service = month_ctx
    admin = ctx.auth.login("admin", "demo-admin-2026")
    with pytest.raises(PermissionDenied):
        service.set_high_value_rule(m.supervisor, "3500", "")
    rule = service.set_high_value_rule(admin, "3,500", "")
    assert rule.describe("en") == "commercial premium ≥ 3,500.00"
    # commercial ≥ 3,500: P1 (4,000), P3 (6,000), P6 (3,500); P4's price no longer counts.
    assert _report(service, m.supervisor).volume.totals.high_value == 3
    assert ctx.audit.recent(1)[0].action == "settings.change"


def test_recommendations_taken_are_the_work_lists_counts(month_ctx):
    """Three recommendations decided in November (two shown to A: taken, ignored; one to B:
    changed) and one in October: the outlet's report counts November's three, A's their two."""
    import uuid
    from datetime import UTC, datetime

    from local_db.models import Draft, Recommendation

    ctx, m, service = month_ctx
    with ctx.store.write() as s:
        for who, outcome, decided in (
            (m.clerk_a, "taken", datetime(2026, 11, 3, 2, tzinfo=UTC)),
            (m.clerk_a, "ignored", datetime(2026, 11, 30, 15, tzinfo=UTC)),  # 23:00 in Beijing
            (m.clerk_b, "changed", datetime(2026, 11, 10, 2, tzinfo=UTC)),
            (
                m.clerk_b,
                "taken",
                datetime(2026, 10, 31, 15, tzinfo=UTC),
            ),  # 31 Oct 23:00 in Beijing: October
        ):
            draft = Draft(id=str(uuid.uuid4()), created_by=who.user_id, step="coverage")
            s.add(draft)
            s.flush()
            s.add(
                Recommendation(
                    draft_id=draft.id,
                    table_version=1,
                    rules_version="test",
                    covers=[],
                    reasons=[],
                    shown_by=who.user_id,
                    outcome=outcome,
                    decided_at=decided,
                )
            )
    r = _report(service, m.supervisor).quality.recommendations
    assert r is not None and (r.offered, r.taken, r.changed, r.ignored) == (3, 1, 1, 1)
    assert r.taken_rate == D("0.3333")
    a = _report(service, m.clerk_a).quality.recommendations
    assert a is not None and (a.offered, a.taken) == (2, 1) and a.taken_rate == D("0.5")
