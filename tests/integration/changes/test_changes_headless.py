"""Endorsements and cancellations at the desk, headless (`ChangeService.endorse` / `cancel`, what
`chudan policy endorse|cancel` runs): hand-worked examples on a real store, the rules each kind
brings, and that a refused change stores nothing. Head office's answer is applied as the sync
applies it (tests.support.changes.confirm); the live tests send it to a real head office."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app.core.errors import InvalidInput, PermissionDenied
from app.rating.refunds import refund
from local_db.models import (
    Customer,
    OutboxItem,
    Payment,
    Policy,
    PolicyChange,
    PolicyVersion,
    Vehicle,
)
from tests.support.changes import card_payment, confirm, policy_request, reject
from tests.support.paths import EXAMPLES

START = date(2026, 12, 10)  # a year to 2027-12-09: 365 days
DAY_101 = START + timedelta(days=100)  # 100 days covered before it, 265 from it


def _issue(d, start: date = START, **changes):
    return d.ctx.issuance.issue(d.clerk, policy_request(start, **changes))


def _counts(ctx) -> dict[str, int]:
    with ctx.store.read() as s:
        return {
            m.__name__: s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (PolicyChange, PolicyVersion, Payment, OutboxItem)
        }


def _as_issued(d, policy_id: str) -> Policy:
    with d.ctx.store.read() as s:
        p = s.get(Policy, policy_id)
        s.expunge(p)
        return p


def _rider_request() -> dict:
    return json.loads((EXAMPLES / "endorsement-request.json").read_text(encoding="utf-8"))


def test_the_example_endorsement_adds_a_rider_on_day_101_charged_for_265_days(desk):
    """附加车身划痕损失险 2,000 on the example car: 570.00 a year; from day 101, 265 of 365 days:
    570.00 × 265 / 365 = 413.8356… → 413.84, collected before the 批单 is issued (见费出单)."""
    r = _issue(desk)
    issued = _as_issued(desk, r.policy_id)
    desk.clock.set(DAY_101 - timedelta(days=1))
    v = desk.ctx.changes.endorse(desk.clerk, r.policy_number, _rider_request())
    assert (v.state, v.effective_date, v.difference) == ("bound", DAY_101, D("413.84"))
    assert (v.priced["days_left"], v.priced["days_total"]) == (265, 365)
    assert v.number.startswith("DEMO0101" + (DAY_101 - timedelta(days=1)).strftime("%Y%m%d") + "E")
    assert v.changed[0]["after"] == "投保（限额 2,000.00）"
    # The English window and `chudan policy history` say it in English (the 批单 in Chinese).
    assert (v.changed[0]["label_en"], v.changed[0]["before_en"], v.changed[0]["after_en"]) == (
        "body scratches",
        "not insured",
        "insured (limit 2,000.00)",
    )
    with desk.ctx.store.read() as s:
        paid = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars().all()
        assert [(p.amount, p.status) for p in paid] == [(D("413.84"), "succeeded")]
        p = s.get(Policy, r.policy_id)
        assert p.premium_commercial == issued.premium_commercial + D("570.00")
        row = s.execute(select(OutboxItem).where(OutboxItem.idempotency_key == v.id)).scalar_one()
        assert row.kind == "endorsement" and row.payload["base_version"] == 0
    h = desk.ctx.changes.history(desk.clerk, r.policy_number)
    assert [x["state"] for x in h["versions"]] == ["issued", "provisional"]
    assert h["money"]["changes"] == "413.84"


def test_adding_the_plate_costs_nothing_and_needs_no_signature(desk):
    """A fact, not cover: true from the day it is recorded (not from tomorrow as cover is)."""
    r = _issue(desk, vehicle_plate=None)
    desk.clock.set(DAY_101)
    v = desk.ctx.changes.endorse(
        desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A67890"}
    )
    assert (v.state, v.difference, v.needs_signature) == ("bound", D("0.00"), False)
    assert v.effective_date == desk.clock().astimezone().date()
    with desk.ctx.store.read() as s:
        p = s.get(Policy, r.policy_id)
        assert s.get(Vehicle, p.vehicle_id).plate == "京A67890" and "no_plate_yet" not in (
            p.flags or []
        )
    with pytest.raises(InvalidInput, match="already has a plate"):
        # one change at a time is not the reason: it is bound, and the plate is there now
        confirm(desk.ctx, v.id)
        desk.ctx.changes.endorse(
            desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A11111"}
        )


def test_one_open_change_per_policy(desk):
    r = _issue(desk, vehicle_plate=None)
    desk.ctx.changes.endorse(desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A67890"})
    with pytest.raises(InvalidInput, match="waiting for head office"):
        desk.ctx.changes.endorse(desk.clerk, r.policy_number, _rider_request())


def test_a_refused_change_stores_nothing(desk):
    r = _issue(desk)
    before = _counts(desk.ctx)
    no_money = _rider_request()
    no_money["payments"] = []
    with pytest.raises(InvalidInput, match="is due for this change"):
        desk.ctx.changes.endorse(desk.clerk, r.policy_number, no_money)
    bad = {"kind": "covers", "add": [{"code": "scratch", "limit": "2000"}], "plate": "x"}
    with pytest.raises(InvalidInput, match="plate"):
        desk.ctx.changes.endorse(desk.clerk, r.policy_number, bad)
    back_dated = {**_rider_request(), "effective_date": "2026-12-01"}
    with pytest.raises(InvalidInput, match="never takes effect in the past"):
        desk.ctx.changes.endorse(desk.clerk, r.policy_number, back_dated)
    assert _counts(desk.ctx) == before


def test_owner_change_keeps_ctpl_and_reprices_commercial_with_the_new_owners_ncd(desk):
    r = _issue(desk, history={"ncd_level": -1})
    issued = _as_issued(desk, r.policy_id)
    desk.clock.set(DAY_101 - timedelta(days=1))
    request = {
        "kind": "owner",
        "owner": {
            "kind": "person",
            "name": "李娜",
            "id_type": "resident_id",
            "id_number": "110105199003070025",
        },
        "commercial": "reprice",
        "ncd_level": 0,
        "payments": card_payment(),
    }
    v = desk.ctx.changes.endorse(desk.clerk, r.policy_number, request)
    assert {ln["section"] for ln in v.priced["lines"]} == {"commercial"}
    assert v.difference > 0
    assert all("110105199003070025" not in str(c) for c in v.changed)  # masked where shown
    with desk.ctx.store.read() as s:
        p = s.get(Policy, r.policy_id)
        assert p.premium_ctpl == issued.premium_ctpl
        assert s.get(Customer, p.insured_id).name == "李娜"


def test_cancellation_needs_a_supervisor_and_refunds_to_the_payers_card(desk):
    r = _issue(desk)
    desk.clock.set(DAY_101 - timedelta(days=1))
    data = {
        "reason": "deregistered",
        "effective_date": DAY_101.isoformat(),
        "documents": [{"kind": "deregistration_certificate", "reference": "BJ2027-0012"}],
    }
    with pytest.raises(InvalidInput, match="supervisor"):
        desk.ctx.changes.cancel(desk.clerk, r.policy_number, data)
    with pytest.raises(PermissionDenied):
        desk.ctx.changes.cancel(desk.supervisor, r.policy_number, data, desk.supervisor)
    v = desk.ctx.changes.cancel(desk.clerk, r.policy_number, data, desk.supervisor)
    issued = _as_issued(desk, r.policy_id)
    ctpl, commercial = issued.premium_ctpl, issued.premium_commercial
    table = desk.ctx.changes.tables.load(issued.rate_table_version)
    expected = refund(ctpl, START, START + timedelta(days=364), DAY_101, table.refunds) + refund(
        commercial, START, START + timedelta(days=364), DAY_101, table.refunds
    )
    assert v.difference == -expected and v.priced["days_left"] == 265
    (part,) = v.refunds
    assert part["status"] == "awaiting_check" and part["reference"].endswith("9001")
    assert "9001" in part["reference"] and "T88009001" not in json.dumps(v.to_json())
    confirm(desk.ctx, v.id, refund=str(expected), total_losses=[])
    with desk.ctx.store.read() as s:
        (pay,) = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars()
        assert pay.status == "requested" and pay.amount == -expected
    h = desk.ctx.changes.history(desk.clerk, r.policy_number)
    assert h["versions"][-1]["cover_ends"] == (DAY_101 - timedelta(days=1)).isoformat()


def test_ctpl_is_cancelled_only_in_the_statutory_cases_and_commercial_alone_at_request(desk):
    r = _issue(desk)
    before = _counts(desk.ctx)
    ask = {"reason": "customer_request", "effective_date": "2026-12-20"}
    with pytest.raises(InvalidInput, match="CTPL may be cancelled only") as err:
        desk.ctx.changes.cancel(desk.clerk, r.policy_number, ask, desk.supervisor)
    assert "交强险仅在" in err.value.zh
    assert _counts(desk.ctx) == before
    v = desk.ctx.changes.cancel(
        desk.clerk, r.policy_number, {**ask, "scope": "commercial"}, desk.supervisor
    )
    assert [ln["section"] for ln in v.priced["lines"]] == ["commercial"] * len(v.priced["lines"])


def test_cancelled_before_cover_starts_returns_ctpl_whole_and_commercial_less_the_fee(desk):
    r = _issue(desk)
    issued = _as_issued(desk, r.policy_id)
    data = {
        "reason": "laid_up",
        "effective_date": "2026-12-05",
        "documents": [{"kind": "lay_up_certificate", "reference": "TS-0099"}],
    }
    v = desk.ctx.changes.cancel(desk.clerk, r.policy_number, data, desk.supervisor)
    by = {ln["code"]: D(ln["amount"]) for ln in v.priced["lines"]}
    assert by["ctpl"] == -issued.premium_ctpl
    fee = desk.ctx.changes.tables.load(issued.rate_table_version).refunds.before_start_fee
    assert fee > 0  # the demo table keeps a fee, so the test can tell the two apart
    commercial = sum(v for k, v in by.items() if k != "ctpl")
    assert -commercial < issued.premium_commercial
    assert abs(-commercial - issued.premium_commercial * (1 - fee)) <= D("0.01") * len(by)
    assert "未承保任何一天" in v.priced["worksheet"][0]["zh"]


def test_a_change_bound_on_a_stale_version_is_refused_and_nothing_moves(desk):
    """Two steps of the window (each its own transaction): a change is priced on version 0,
    then another is bound before it; binding the first is refused with the reason."""
    r = _issue(desk, vehicle_plate=None)
    first = desk.ctx.changes.start(desk.clerk, r.policy_number, "contact")
    desk.ctx.changes.edit(
        desk.clerk, first.id, {"kind": "contact", "policyholder": {"phone": "13900001111"}}
    )
    with desk.ctx.store.write() as s:  # another change bound meanwhile (e.g. head office's)
        c = s.get(PolicyChange, first.id)
        c.base_version = -1
    with pytest.raises(InvalidInput, match="changed since this change was priced"):
        desk.ctx.changes.bind(desk.clerk, first.id)
    assert desk.ctx.changes.view(desk.clerk, first.id).state == "quoted"


def test_contact_change_is_free_unsigned_and_masked(desk):
    r = _issue(desk)
    v = desk.ctx.changes.endorse(
        desk.clerk,
        r.policy_number,
        {
            "kind": "contact",
            "policyholder": {"phone": "13900001111", "address": "北京市朝阳区建国路99号"},
        },
    )
    assert (v.difference, v.needs_signature) == (D("0.00"), False)
    shown = json.dumps(v.to_json(), ensure_ascii=False)
    assert "13900001111" not in shown and "建国路99号" not in shown
    assert "139****1111" in shown


def test_the_policy_history_sums_to_what_the_customer_paid(desk):
    r = _issue(desk, vehicle_plate=None)
    desk.ctx.changes.endorse(desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A67890"})
    with desk.ctx.store.read() as s:
        first = s.execute(select(PolicyChange.id)).scalar_one()
    confirm(desk.ctx, first)
    desk.clock.set(DAY_101 - timedelta(days=1))
    rider = desk.ctx.changes.endorse(desk.clerk, r.policy_number, _rider_request())
    confirm(desk.ctx, rider.id)
    h = desk.ctx.changes.history(desk.clerk, r.policy_number)
    m = {k: D(v) for k, v in h["money"].items()}
    assert m["charged"] == m["paid"] == r.total + rider.difference
    assert [t["state"] for t in h["transactions"]] == ["confirmed", "confirmed"]


def test_a_rejected_cancellation_puts_the_policy_back_and_pays_no_refund(desk):
    r = _issue(desk)
    issued = _as_issued(desk, r.policy_id)
    desk.clock.set(DAY_101 - timedelta(days=1))
    data = {
        "reason": "lost",
        "effective_date": DAY_101.isoformat(),
        "documents": [{"kind": "police_loss_certificate", "reference": "GA-77"}],
    }
    v = desk.ctx.changes.cancel(desk.clerk, r.policy_number, data, desk.supervisor)
    with desk.ctx.store.read() as s:
        assert s.get(Policy, r.policy_id).end_date == DAY_101 - timedelta(days=1)
    reject(desk.ctx, v.id, "the certificate does not match the vehicle")
    with desk.ctx.store.read() as s:
        p = s.get(Policy, r.policy_id)
        assert (p.end_date, p.premium_total) == (issued.end_date, issued.premium_total)
        (part,) = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars()
        assert part.status == "failed"
    h = desk.ctx.changes.history(desk.clerk, r.policy_number)
    assert [x["state"] for x in h["versions"]] == ["issued", "void"]
    assert h["transactions"][0]["hq_reason"] == "the certificate does not match the vehicle"
    # The policy is free again: a new change may be made on it.
    assert desk.ctx.changes.start(desk.clerk, r.policy_number, "contact").state == "draft"


def test_a_lost_document_is_reprinted_from_the_store_counted_and_audited(desk, tmp_path):
    r = _issue(desk, vehicle_plate=None)
    v = desk.ctx.changes.endorse(
        desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A67890"}
    )
    pdf, name = desk.ctx.changes.reprint(
        desk.clerk, r.policy_number, "endorsement", "客户遗失", v.number
    )
    assert name == f"{v.number}.pdf" and pdf == desk.ctx.changes.note_pdf(desk.clerk, v.id)
    cover, _ = desk.ctx.changes.reprint(desk.clerk, r.policy_number, "cover_note", "损毁")
    assert cover == r.pdf_path.read_bytes()
    with pytest.raises(InvalidInput, match="why"):
        desk.ctx.changes.reprint(desk.clerk, r.policy_number, "cover_note", "  ")
    h = desk.ctx.changes.history(desk.clerk, r.policy_number)
    assert [(x["document"], x["count"], x["reason"]) for x in h["reprints"]] == [
        ("endorsement", 1, "客户遗失"),
        ("cover_note", 2, "损毁"),
    ]
    actions = [e.action for e in desk.ctx.audit.recent(10)]
    assert actions.count("policy.reprint") == 2 and desk.ctx.audit.verify().ok


def test_a_rejected_change_is_made_again_on_the_current_version(desk):
    r = _issue(desk)
    desk.clock.set(DAY_101 - timedelta(days=1))
    first = desk.ctx.changes.endorse(desk.clerk, r.policy_number, _rider_request())
    reject(desk.ctx, first.id, "stale", reason_code="stale_version")
    assert desk.ctx.changes.last_rejected(desk.clerk, r.policy_number).id == first.id
    desk.clock.advance(1)  # a day later: one day fewer on the new terms
    again = desk.ctx.changes.redo(desk.clerk, first.id)
    assert (again.state, again.base_version, again.change_kind) == ("quoted", 0, "covers")
    assert again.priced["days_left"] == 264 and again.difference < first.difference
    with pytest.raises(InvalidInput, match="Only a change head office rejected"):
        desk.ctx.changes.redo(desk.clerk, again.id)
    assert desk.ctx.changes.last_rejected(desk.clerk, r.policy_number) is None
