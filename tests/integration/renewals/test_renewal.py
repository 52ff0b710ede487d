"""One-click renewal: the draft pre-filled from the expiring policy, the start the day after the
old end (never overlapping), the NCD level moved on by the claims, the premium explained beside
last year's, and the renewal found in the book once issued (docs/renewals.md)."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Decimal

import pytest

from app.core.errors import InvalidInput
from app.core.money import fmt_amount
from tests.support.book import book_row, csv_bytes, issue_request, vin
from tests.support.examples import POLICY_REQUEST

ANSWERS = {
    "consent": {"given": True},
    "signature": POLICY_REQUEST["signature"],
    "payments": [{"method": "card", "amount": "rest", "reference": "T0002"}],
}


def _issued_a_year_ago(desk, i: int, **changes):
    """A policy issued here today, and the clock moved on to 20 days before it ends."""
    today = desk.clock.today()
    first = desk.ctx.issuance.issue(
        desk.clerk, issue_request(vin(i), today + timedelta(days=1), **changes)
    )
    row = desk.ctx.renewals.work_list(desk.supervisor, due_within=366).rows[0]
    desk.clock.set_day(row.end_date - timedelta(days=20))
    return first, row


def _preview(desk, row_id, **answers):
    req = desk.ctx.renewals.renewal_request(desk.clerk, row_id, {**ANSWERS, **answers})
    return req, desk.ctx.issuance.preview(req).quote


def test_a_claim_free_year_moves_ncd_one_level_and_the_premium_by_the_lines_shown(desk):
    first, row = _issued_a_year_ago(desk, 910, history={"ncd_level": 0})
    req, quote = _preview(desk, row.id, claims=0)
    # starts at 00:00 the day after the old cover ends: the two CTPL periods never overlap
    assert req["start_date"] == (row.end_date + timedelta(days=1)).isoformat()
    assert quote.start_date == row.end_date + timedelta(days=1)
    assert req["history"] == {"ncd_level": -1, "ctpl_claim_free_years": 1}
    # the same vehicle and covers at last year's level 0: each commercial line is 1.0 ÷ 0.8 of it
    same = copy.deepcopy(req)
    same["history"] = {"ncd_level": 0, "ctpl_claim_free_years": 1}
    at_zero = desk.ctx.issuance.preview(same).quote
    for now, before in zip(quote.lines, at_zero.lines, strict=True):
        assert now.code == before.code
        assert abs(now.premium - before.premium * Decimal("0.8")) <= Decimal("0.01")
    lines = desk.ctx.renewals.explain(None, quote)
    assert lines == []  # no renewal draft: a new policy explains nothing
    draft_id = desk.ctx.renewals.start_renewal(desk.clerk, row.id, claims=0)
    en = [e for _zh, e in desk.ctx.renewals.explain(draft_id, quote)]
    zh = [z for z, _en in desk.ctx.renewals.explain(draft_id, quote)]
    old_total = Decimal(row.premium)
    new_total = quote.ctpl.premium + quote.commercial_total
    assert en[0] == (
        f"Premium (tax not included): last year {fmt_amount(old_total)}, this year "
        f"{fmt_amount(new_total)} ({'+' if new_total > old_total else '−'}"
        f"{fmt_amount(abs(new_total - old_total))})"
    )
    assert "NCD moved from level 0 (coefficient 1.0) to -1 (coefficient 0.8)" in en
    assert any(line.startswith("Depreciation: the vehicle's actual value went from") for line in en)
    assert "无赔款优待等级由 0（系数 1.0）调整为 -1（系数 0.8）" in zh
    assert any("platform's NCD level is binding" in line for line in en)  # an estimate: verify

    issued = desk.ctx.issuance.issue(desk.clerk, req)
    assert issued.state == "bound"
    detail = desk.ctx.renewals.detail(desk.supervisor, row.id)
    assert detail.state == "renewed" and detail.renewed_policy_id == issued.policy_id
    with pytest.raises(InvalidInput, match="renewed already"):
        desk.ctx.renewals.start_renewal(desk.clerk, row.id)


def test_two_claims_move_the_level_up(desk):
    _first, row = _issued_a_year_ago(desk, 911, history={"ncd_level": -1})
    req, quote = _preview(desk, row.id, claims=2)
    assert req["history"] == {"ncd_level": 0, "ctpl_at_fault_claims_last_year": 2}
    assert quote.request.history.ncd_level == 0


def test_unknown_claims_keep_last_years_level_to_be_verified(desk):
    _first, row = _issued_a_year_ago(desk, 912, history={"ncd_level": -2})
    req, _quote = _preview(desk, row.id)
    assert req["history"] == {"ncd_level": -2}


def test_the_renewal_draft_carries_parties_vehicle_and_covers_and_is_made_once(desk):
    today = desk.clock.today()
    desk.ctx.renewals.import_content(
        desk.supervisor,
        csv_bytes([book_row(5, today + timedelta(days=20), ncd_level="0", plate="京N8C2T6")]),
        "one.csv",
    )
    row = desk.ctx.renewals.work_list(desk.clerk).rows[0]
    draft_id = desk.ctx.renewals.start_renewal(desk.clerk, row.id)
    assert desk.ctx.renewals.start_renewal(desk.clerk, row.id) == draft_id
    step, data = desk.ctx.drafts.load(desk.clerk, draft_id)
    assert step == "customer"
    holder = data["policyholder"]
    assert holder["id_number"] == book_row(5, today)["holder_id_number"]
    assert holder["consent"] is False  # the customer consents again; never assumed
    assert data["vehicle"]["vin"] == vin(5) and data["vehicle"]["plate"] == "京N8C2T6"
    assert data["vehicle"]["purchase_price"] == "150000.00"
    assert data["plan"] == "custom"
    assert [c["code"] for c in data["coverages"]] == [
        "ctpl",
        "vehicle_damage",
        "third_party",
        "driver",
    ]
    assert data["start_date"] == (row.end_date + timedelta(days=1)).isoformat()
    detail = desk.ctx.renewals.detail(desk.supervisor, row.id)
    assert detail.renewal_draft_id == draft_id and detail.assigned_to == "clerk"
    assert detail.events[-1].kind == "renewal" and detail.events[-1].actor == "clerk"


def test_a_renewal_too_early_for_the_rate_table_is_refused_with_the_first_day(desk):
    today = desk.clock.today()
    lead = desk.ctx.renewals.lead_days()
    end = today + timedelta(days=lead + 10)
    desk.ctx.renewals.import_content(desk.supervisor, csv_bytes([book_row(6, end)]), "far.csv")
    row = desk.ctx.renewals.work_list(desk.clerk, due_within=366).rows[0]
    first_day = end + timedelta(days=1) - timedelta(days=lead)
    with pytest.raises(InvalidInput, match=f"may be renewed from {first_day}"):
        desk.ctx.renewals.start_renewal(desk.clerk, row.id)
    desk.clock.set_day(first_day)
    assert desk.ctx.renewals.start_renewal(desk.clerk, row.id)


def test_a_late_renewal_starts_tomorrow_never_in_the_past(desk):
    today = desk.clock.today()
    desk.ctx.renewals.import_content(
        desk.supervisor, csv_bytes([book_row(7, today - timedelta(days=10))]), "late.csv"
    )
    row = desk.ctx.renewals.work_list(desk.clerk).rows[0]
    req = desk.ctx.renewals.renewal_request(desk.clerk, row.id, ANSWERS)
    assert req["start_date"] == (today + timedelta(days=1)).isoformat()
