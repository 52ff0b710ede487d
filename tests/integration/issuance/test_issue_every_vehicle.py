"""Headless issuance for every vehicle, by the law: the request carries every rating field
(motorcycles, trailers, trucks, tax arrears, terms), cover never starts before the moment of
issue, CTPL is issued alone when commercial cover is declined, the ID card's validity and a
North American VIN's check digit are checked by the service, every problem is listed at once,
and what goes to head office carries the policy's own rating data. Against a real store; figures
worked by hand in comments (北京: scheme D, real tax amounts)."""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.core.errors import InvalidInput
from app.rating import quote
from app.rating.request import request_from_policy
from app.vehicle import vin_check_digit
from cli.launcher import main as chudan
from local_db.models import Customer, OutboxItem, Outlet, Payment, Policy
from sync.client import wire_content
from sync.protocol import PolicyContent
from tests.support.paths import REPO

D = Decimal
EXAMPLE = json.loads(
    (REPO / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8")
)
PAY_ALL = [{"method": "cash", "amount": "rest"}]


def _counts(ctx) -> dict[str, int]:
    with ctx.store.read() as s:
        return {
            m.__name__: s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Policy, Customer, Payment, OutboxItem)
        }


def _request(**changes) -> dict:
    r = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(r.get(key), dict):
            r[key] = {**r[key], **value}
        else:
            r[key] = value
    return r


def _policy(ctx, policy_id) -> Policy:
    with ctx.store.read() as s:
        p = s.get(Policy, policy_id)
        s.expunge(p)
        return p


MOTORCYCLE = {
    "plate": None,
    "class": "motorcycle",
    "vehicle_type": "普通二轮摩托车",
    "brand_model": "五羊-本田牌WH125T",
    "seats": 2,
    "cc": "125",
    "displacement_l": None,
    "purchase_price": "12800",
}
TRAILER = {
    "plate": None,
    "class": "op_truck",
    "vehicle_type": "重型普通半挂车",
    "usage": "F",
    "seats": None,
    "tonnage": "8",
    "curb_weight_t": "7.5",
    "trailer": True,
    "displacement_l": None,
    "purchase_price": "98000",
}

SPECIAL = {
    "plate": None,
    "class": "special_2",
    "vehicle_type": "重型专项作业车",
    "brand_model": "徐工牌XZJ5330JQZ25K",
    "usage": "K",
    "seats": 2,
    "curb_weight_t": "12.5",
    "displacement_l": None,
    "purchase_price": "980000",
}


# -- 2. When cover starts ---------------------------------------------------------------------


def test_the_example_issues_as_it_is_from_00_00_tomorrow(desk):
    """北京 has no immediate inception: a request without a start starts at 00:00 tomorrow and
    runs a year, to 24:00 on the day before its anniversary."""
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    assert r.state == "bound"
    start = ctx.test_clock.tomorrow()
    p = _policy(ctx, r.policy_id)
    assert (p.start_date, p.end_date) == (start, start.replace(year=start.year + 1) - timedelta(1))


@pytest.mark.parametrize(
    "days, said",
    [(-5, "倒签"), (0, "即时生效"), (91, "90 天")],
    ids=["five days back", "today in Beijing", "beyond the lead time"],
)
def test_a_start_the_law_or_the_table_does_not_allow_is_refused_and_nothing_stored(
    desk, days, said
):
    ctx, clerk = desk
    before = _counts(ctx)
    start = ctx.test_clock.today() + timedelta(days=days)
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, _request(start_date=start.isoformat()))
    assert "start_date" in refused.value.message and said in refused.value.zh
    assert _counts(ctx) == before


def test_where_the_region_allows_it_cover_starts_at_the_moment_of_issue(desk):
    """江苏 (320100) allows 即时生效: today's start is immediate, and the year ends at the same
    moment on the anniversary."""
    ctx, clerk = desk
    with ctx.store.write() as s:
        s.execute(select(Outlet)).scalar_one().region_code = "320100"
    today = ctx.test_clock.today()
    r = ctx.issuance.issue(clerk, _request(start_date=today.isoformat()))
    p = _policy(ctx, r.policy_id)
    assert (p.start_date, p.end_date) == (today, today.replace(year=today.year + 1))
    assert p.quote["request"]["immediate"] is True and p.quote["quote"]["term"]["immediate"]
    # The cover note prints the moment of binding as the start and the end.
    bound = p.bound_at.astimezone()
    at = f"{bound.hour}时{bound.minute:02d}分"
    text = subprocess.run(
        ["pdftotext", str(r.pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"{today} {at} 至 {today.replace(year=today.year + 1)} {at}" in text
    # Without a start date, the earliest allowed: now.
    other = "LFV2A21K" + "0" + "57123456"  # another car: this one is insured from today
    other = other[:8] + vin_check_digit(other) + other[9:]
    r = ctx.issuance.issue(clerk, _request(vehicle={"vin": other}, payments=PAY_ALL))
    assert _policy(ctx, r.policy_id).start_date == today


# -- 4. Every vehicle -------------------------------------------------------------------------


def test_a_motorcycle_issues(desk):
    """普通二轮摩托车 125 cc: CTPL 120.00 (over 50 up to 250 cc), tax in 北京 120.00: 240.00."""
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, _request(vehicle=MOTORCYCLE, plan="ctpl_only", payments=PAY_ALL))
    assert r.state == "bound" and r.total == D("240.00") and r.pdf_path.exists()
    q = _policy(ctx, r.policy_id).quote
    assert q["request"]["vehicle"]["cc"] == "125" and q["quote"]["ctpl"]["premium"] == "120.00"


def test_a_trailer_issues_at_thirty_percent_of_its_truck_and_half_the_tax(desk):
    """营业货车 8 t: 3,450 × 30% = 1,035.00 base, floated A1 (the example's one claim-free year,
    scheme D): 1,035 × 0.85 = 879.75; tax 7.5 t × 96 × 50% = 360.00: 1,239.75 (issued as its
    tractor it would pay 3,450 × 0.85 = 2,932.50 and 720.00)."""
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, _request(vehicle=TRAILER, plan="ctpl_only", payments=PAY_ALL))
    assert r.state == "bound" and r.total == D("1239.75")
    p = _policy(ctx, r.policy_id)
    assert p.premium_ctpl == D("879.75") and p.vehicle_tax == D("360.00")
    assert p.quote["quote"]["ctpl"]["base_premium"] == "1035.00"


def test_a_special_working_vehicle_issues_taxed_per_tonne(desk):
    """特种车二 (a truck crane, 专用作业车) in Beijing: CTPL 2,430.00 floated A1 (the example's one
    claim-free year, scheme D): 2,430 × 0.85 = 2,065.50; tax 12.5 t × 96 = 1,200.00: 3,265.50."""
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, _request(vehicle=SPECIAL, plan="ctpl_only", payments=PAY_ALL))
    assert r.state == "bound" and r.total == D("3265.50")
    p = _policy(ctx, r.policy_id)
    assert p.premium_ctpl == D("2065.50") and p.vehicle_tax == D("1200.00")
    assert p.quote["quote"]["vehicle_tax"]["category"] == "special"


def test_tax_arrears_are_collected_with_their_late_fee_to_the_issue_day(desk):
    """Last year's 480.00 in arrears, collected today: the late fee runs from 1 January of this
    year to today, 0.05% a day: 480 × 0.0005 × days."""
    ctx, clerk = desk
    today = ctx.test_clock.today()
    last_year = today.year - 1
    days = (today - date(today.year, 1, 1)).days
    r = ctx.issuance.issue(
        clerk,
        _request(
            plan="ctpl_only",
            tax={"arrears": [{"year": last_year, "amount": "480.00"}]},
            payments=PAY_ALL,
        ),
    )
    tax = _policy(ctx, r.policy_id).quote["quote"]["vehicle_tax"]
    fee = (D("480") * D("0.0005") * days).quantize(D("0.01"))
    assert tax["arrears"] == "480.00" and tax["late_fee"] == f"{fee:.2f}"
    assert tax["arrears_by_year"][0]["late_fee_days"] == days


def test_a_tax_day_other_than_the_issue_day_is_refused(desk):
    ctx, clerk = desk
    today = ctx.test_clock.today()
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(
            clerk,
            _request(
                tax={
                    "arrears": [{"year": today.year - 1, "amount": "480.00"}],
                    "paid_on": (today - timedelta(days=30)).isoformat(),
                }
            ),
        )
    assert "tax.paid_on" in refused.value.message and "出单当日" in refused.value.zh


# -- 1. CTPL is never refused -----------------------------------------------------------------


def test_declined_commercial_cover_is_refused_saying_the_ctpl_can_be_issued_alone(desk):
    """A 9-year-old taxi: the table declines commercial cover; the CTPL alone issues: 营业出租
    5 seats 1,800 × 0.85 (A1, scheme D) = 1,530.00 + tax 420.00 (北京 1.5 L) = 1,950.00."""
    ctx, clerk = desk
    taxi = {
        "class": "taxi_rental",
        "usage": "D",
        "first_registration": (ctx.test_clock.today() - timedelta(days=9 * 366)).isoformat(),
    }
    before = _counts(ctx)
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, _request(vehicle=taxi, plan="basic", payments=PAY_ALL))
    e = refused.value
    assert "declines the commercial cover" in e.message and "CTPL may not be refused" in e.message
    assert "交强险不得拒保" in e.zh and "可单独投保" in e.zh
    assert _counts(ctx) == before
    r = ctx.issuance.issue(clerk, _request(vehicle=taxi, plan="ctpl_only", payments=PAY_ALL))
    assert r.state == "bound" and r.total == D("1950.00")
    assert r.underwriting["decision"] == "pass"


# -- 11. The ID card and the VIN, checked by the service ---------------------------------------


def test_an_expired_id_card_is_refused_headless_too(desk):
    ctx, clerk = desk
    holder = {"id_valid_from": "2006.03.07", "id_valid_until": "2026.03.07"}
    before = _counts(ctx)
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, _request(policyholder=holder))
    assert "policyholder.id_valid_until" in refused.value.message
    assert "已于 2026-03-07 过期" in refused.value.zh and _counts(ctx) == before
    valid = {"id_valid_from": "2015.03.07", "id_valid_until": "2035.03.07"}
    assert ctx.issuance.issue(clerk, _request(policyholder=valid)).state == "bound"


def test_a_north_american_vin_with_a_wrong_check_digit_is_refused(desk):
    ctx, clerk = desk
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, _request(vehicle={"vin": "1HGCM82643A004352"}))
    assert "vehicle.vin" in refused.value.message and "should be 3" in refused.value.message


# -- 15. Every problem at once -----------------------------------------------------------------


def test_every_problem_of_a_policy_request_is_listed_at_once(desk):
    ctx, clerk = desk
    bad = _request(
        policyholder={"id_number": "110105198507231239"},
        start_date=(ctx.test_clock.today() - timedelta(days=5)).isoformat(),
        vehicle={"seats": 0, "purchase_price": "150000.005"},
        history={"ctpl_claim_free_years": 2, "ctpl_at_fault_claims_last_year": 1},
    )
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, bad)
    # The request's own form first, every field of it at once.
    assert {p.path for p in refused.value.problems} == {"vehicle.seats", "vehicle.purchase_price"}
    bad["vehicle"] |= {"seats": 5, "purchase_price": "150000"}
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, bad)
    # Then the parties, the start date and the quote's rules, together.
    paths = {p.path for p in refused.value.problems}
    assert {"policyholder.id_number", "start_date", "history"} <= paths
    zh = refused.value.zh
    assert "投保请求有误" in zh and "证件号码（policyholder.id_number）" in zh


# -- 4. What head office receives -------------------------------------------------------------


def test_the_upload_carries_the_policys_own_rating_data_and_reprices_to_the_fen(desk):
    ctx, clerk = desk
    today = ctx.test_clock.today()
    r = ctx.issuance.issue(
        clerk,
        _request(
            vehicle=TRAILER,
            plan="ctpl_only",
            history={"ctpl_claim_free_years": 2},
            tax={"arrears": [{"year": today.year - 1, "amount": "360.00"}]},
            payments=PAY_ALL,
        ),
    )
    with ctx.store.read() as s:
        payload = s.execute(select(OutboxItem)).scalar_one().payload
    content = wire_content(payload)
    parsed = PolicyContent.model_validate(content)  # the protocol accepts the new fields
    v = content["vehicle"]
    assert (v["class"], v["tonnage"], v["curb_weight_t"], v["trailer"]) == (
        "op_truck",
        "8",
        "7.5",
        True,
    )
    assert v["vehicle_type"] == "重型普通半挂车" and content["region"] == "110000"
    assert parsed.term.start_date == content["period"][0] and parsed.term.immediate is False
    assert content["history"]["ctpl_claim_free_years"] == 2
    assert content["tax"]["paid_on"] == today.isoformat()
    assert parsed.pricing.clauses is None  # no commercial cover
    rebuilt = quote(request_from_policy(content), ctx.issuance.tables.load(2))
    assert rebuilt.total == D(content["premium"]["total"]) == r.total
    assert rebuilt.ctpl.premium == D(content["premium"]["ctpl"])


def test_policy_issue_on_the_command_line_issues_a_motorcycle(chudan_home, tmp_path, capsys):
    assert chudan(["demo"]) == 0
    capsys.readouterr()
    path = tmp_path / "moto.json"
    path.write_text(
        json.dumps(
            _request(vehicle=MOTORCYCLE, plan="ctpl_only", payments=PAY_ALL), ensure_ascii=False
        ),
        encoding="utf-8",
    )
    assert chudan(["policy", "issue", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["state"] == "bound" and out["total"] == "240.00"
