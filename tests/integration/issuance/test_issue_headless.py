"""`chudan policy issue`: the headless issuance drives the same services as the wizard, and a
refused request leaves nothing behind (the headless path)."""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import InvalidInput
from app.core.money import fmt_amount
from cli.launcher import main as chudan
from local_db.models import Customer, Document, OutboxItem, Payment, Policy, WorkItem
from tests.support.examples import POLICY_REQUEST


def _counts(ctx) -> dict[str, int]:
    with ctx.store.read() as s:
        return {
            m.__name__: s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Policy, Customer, Payment, OutboxItem, Document)
        }


def test_example_issues_as_it_is_with_pdf_outbox_and_audit(desk):
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    assert r.state == "bound" and r.policy_number.startswith("DEMO0101") and r.pdf_path.exists()
    text = subprocess.run(
        ["pdftotext", str(r.pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert r.policy_number in text and "暂保单" in text and fmt_amount(r.total) in text
    assert "110***********1238" in text and "110105198507231238" not in text
    assert "示例费率表" in text  # the illustrative rate table says so in the footer
    assert "非营运（A）" in text  # usage nature as the 行驶证 prints it, with its code
    fonts = subprocess.run(
        ["pdffonts", str(r.pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    assert "WenQuanYiMicroHei" in fonts and " yes yes " in fonts.split("WenQuanYiMicroHei")[1]
    rows = fonts.strip().splitlines()[2:]  # after the header and its rule
    # only the bundled font, embedded (subsets of 256 glyphs each): nothing left to the viewer
    assert rows and all("WenQuanYiMicroHei" in r and " yes yes " in r for r in rows)
    with ctx.store.read() as s:
        p = s.get(Policy, r.policy_id)
        assert [(x.method, str(x.amount), x.status) for x in p.payments] == [
            ("card", "3000.00", "failed"),
            ("card", "3000.00", "succeeded"),
            ("qr", f"{r.total - 3000:.2f}", "succeeded"),
        ]
        (ob,) = s.execute(select(OutboxItem)).scalars()
        assert ob.idempotency_key == p.id and len(ob.payload["content_hash"]) == 64
        assert s.execute(select(WorkItem.kind)).scalar_one() == "payment_failed"
        assert "registry_lookup_pending" in p.flags
    actions = [e.action for e in reversed(ctx.audit.recent(12))]
    assert actions[-1] == "policy.bind" and "policy.sign" in actions and "consent.given" in actions
    assert ctx.audit.verify().ok


def test_refused_request_names_every_bad_field_and_stores_nothing(desk):
    ctx, clerk = desk
    before = _counts(ctx)
    bad = copy.deepcopy(POLICY_REQUEST)
    bad["policyholder"]["id_number"] = "110105198507231239"
    bad["vehicle"]["vin"] = "LSVCC6A4OPN123456"
    with pytest.raises(InvalidInput) as err:
        ctx.issuance.issue(clerk, bad)
    assert "policyholder.id_number" in str(err.value) and "vehicle.vin" in str(err.value)
    assert "the check character should be 8" in str(err.value)
    assert _counts(ctx) == before


def test_declined_by_underwriting_issues_nothing(desk):
    ctx, clerk = desk
    before = _counts(ctx)
    req = copy.deepcopy(POLICY_REQUEST)
    req["history"]["drunk_driving"] = 3
    with pytest.raises(InvalidInput, match="declines"):
        ctx.issuance.issue(clerk, req)
    assert _counts(ctx) == before


def _people(ctx):
    admin = ctx.auth.login("admin", "demo-admin-2026")
    return admin, ctx.auth.login("supervisor", "demo-super-2026")


def test_referral_waits_for_a_supervisor(desk):
    ctx, clerk = desk
    req = copy.deepcopy(POLICY_REQUEST)
    req["history"]["drunk_driving"] = 1
    r = ctx.issuance.issue(clerk, req)
    assert r.state == "referred" and r.policy_number is None and r.pdf_path is None
    (item,) = ctx.work_items.list_items(clerk)
    assert item.kind == "referral" and "醉酒" in item.reason
    # Sent again before anyone decided: still the one referred policy, no second item.
    again = ctx.issuance.issue(clerk, copy.deepcopy(req))
    assert again.state == "referred" and again.policy_id == r.policy_id
    assert len(ctx.work_items.list_items(clerk)) == 1 and _counts(ctx)["Policy"] == 1


def _referred_and_decided(desk, approve: bool, note: str):
    """A headless request underwriting refers (a drunk-driving record), decided by a supervisor."""
    ctx, clerk = desk
    _admin, sup = _people(ctx)
    req = copy.deepcopy(POLICY_REQUEST)
    req["history"]["drunk_driving"] = 1
    referred = ctx.issuance.issue(clerk, req)
    (item,) = ctx.work_items.list_items(sup)
    ctx.referrals.decide(sup, item.id, approve, note)
    return ctx, clerk, req, referred


def test_a_headless_referral_approved_by_a_supervisor_issues_when_sent_again(desk):
    ctx, clerk, req, referred = _referred_and_decided(
        desk, True, "driver's record checked with the customer"
    )
    with ctx.store.read() as s:
        assert s.get(Policy, referred.policy_id).state == "approved"  # the referred row moved on
    done = ctx.issuance.issue(clerk, copy.deepcopy(req))
    assert done.state == "bound" and done.policy_id == referred.policy_id and done.pdf_path.exists()
    assert _counts(ctx)["Policy"] == 1
    actions = [e.action for e in reversed(ctx.audit.recent(30))]
    assert (
        actions.index("policy.approve")
        < actions.index("policy.sign")
        < actions.index("policy.bind")
    )


def test_a_headless_referral_declined_is_refused_when_sent_again(desk):
    ctx, clerk, req, referred = _referred_and_decided(
        desk, False, "drink-driving record too recent"
    )
    with pytest.raises(InvalidInput, match="drink-driving record too recent"):
        ctx.issuance.issue(clerk, copy.deepcopy(req))
    with ctx.store.read() as s:
        assert s.get(Policy, referred.policy_id).state == "declined"
    assert _counts(ctx)["Policy"] == 1


def test_a_short_payment_stores_nothing_and_a_full_retry_issues(desk):
    ctx, clerk = desk
    before = _counts(ctx)
    req = copy.deepcopy(POLICY_REQUEST)
    req["payments"] = [{"method": "cash", "amount": "1000.00"}]
    r = ctx.issuance.issue(clerk, req)
    assert r.state == "unpaid" and r.policy_id is None and r.policy_number is None
    assert r.outstanding == r.total - 1000 and "still due" in r.message
    assert _counts(ctx) == before  # nothing that could block the retry as a duplicate
    retry = ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    assert retry.state == "bound" and retry.policy_number


def test_cli_underpaid_request_prints_what_is_due_and_exits_1(seeded_home, capsys, tmp_path):
    assert chudan(["demo"]) == 0
    capsys.readouterr()
    req = tmp_path / "req.json"
    short = dict(POLICY_REQUEST, payments=[{"method": "cash", "amount": "1000.00"}])
    req.write_text(json.dumps(short, ensure_ascii=False), encoding="utf-8")
    assert chudan(["policy", "issue", str(req), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["state"] == "unpaid" and out["policy_id"] is None and out["policy_number"] is None
    assert out["pdf"] is None and out["outstanding"] == f"{float(out['total']) - 1000:.2f}"
    assert "未出单" in out["message_zh"] and "still due" in out["message"]
    req.write_text(json.dumps(POLICY_REQUEST, ensure_ascii=False), encoding="utf-8")
    assert chudan(["policy", "issue", str(req), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "bound"


def test_duplicate_insurance_on_the_same_vehicle_is_refused(desk):
    ctx, clerk = desk
    first = ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    again = copy.deepcopy(POLICY_REQUEST)
    again["start_date"] = (ctx.test_clock.tomorrow() + timedelta(days=60)).isoformat()
    with pytest.raises(InvalidInput, match="already has a policy"):
        ctx.issuance.issue(clerk, again)

    def blocks():
        return [i for i in ctx.work_items.list_items(clerk) if i.kind == "duplicate_insurance"]

    (item,) = blocks()  # the block waits in the clerk's 待处理 queue
    assert "不能重复投保" in item.reason and item.created_by == "clerk"
    with pytest.raises(
        InvalidInput, match="already has a policy"
    ):  # sent again: the same item, not a second
        ctx.issuance.issue(clerk, copy.deepcopy(again))
    assert len(blocks()) == 1
    with ctx.store.read() as s:
        ends = s.get(Policy, first.policy_id).end_date
    ctx.test_clock.advance(days=330)  # renewal time: cover may start at most 90 days ahead
    later = copy.deepcopy(POLICY_REQUEST)
    later["start_date"] = (ends + timedelta(days=1)).isoformat()  # after the first one ends
    assert ctx.issuance.issue(clerk, later).state == "bound"


def test_a_duplicate_found_while_quoting_a_draft_waits_in_the_clerks_queue(desk):
    ctx, clerk = desk
    ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    draft = ctx.drafts.create(clerk)
    request = copy.deepcopy(POLICY_REQUEST) | {
        "draft_id": draft,
        "start_date": (ctx.test_clock.tomorrow() + timedelta(days=60)).isoformat(),
        "payments": [],
    }
    noted = []
    for _ in range(3):  # re-quoted on every change: one item for the draft, not one per quote
        found = ctx.issuance.preview(request).duplicate
        assert "already has a policy" in found.message
        # The preview only reads (the window runs it on its pool); noting it is a write.
        noted.append(ctx.issuance.note_duplicate(clerk, draft, found).work_items)
    assert noted == [True, False, False]  # the 待处理 page redraws once
    (item,) = [i for i in ctx.work_items.list_items(clerk) if i.kind == "duplicate_insurance"]
    assert "already has a policy" in item.reason_text("en") and "重复投保" in item.reason_text("zh")
    assert item.draft_id == draft and item.created_by == "clerk"
    with pytest.raises(InvalidInput, match="already has a policy"):  # nor can the customer sign it
        ctx.issuance.sign(clerk, request)
    assert (
        len([i for i in ctx.work_items.list_items(clerk) if i.kind == "duplicate_insurance"]) == 1
    )


def test_cli_issue_and_show(seeded_home, capsys, tmp_path):
    assert chudan(["demo"]) == 0
    capsys.readouterr()
    req = tmp_path / "req.json"
    req.write_text(json.dumps(POLICY_REQUEST, ensure_ascii=False), encoding="utf-8")
    pdf_copy = tmp_path / "cover-note.pdf"
    assert chudan(["policy", "issue", str(req), "--json", "--pdf", str(pdf_copy)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["state"] == "bound" and out["pdf"] == str(pdf_copy)
    text = subprocess.run(
        ["pdftotext", str(pdf_copy), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert out["policy_number"] in text and "暂保单" in text
    # The plain copy in <data>/print went when the command ended: only the one asked for stays.
    assert list((seeded_home / "print").glob("*.pdf")) == []
    assert chudan(["policy", "show", out["policy_number"]]) == 0
    assert "bound" in capsys.readouterr().out
    bad = dict(POLICY_REQUEST, consent={"given": False})
    req.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    assert chudan(["policy", "issue", str(req)]) == 1
    assert "consent" in capsys.readouterr().err
