"""`chudan policy issue`: the headless issuance drives the same services as the wizard, and a
refused request leaves nothing behind (issue 6, headless path)."""

from __future__ import annotations

import copy
import json
import subprocess

import pytest
from sqlalchemy import func, select

from app.demo import set_up_demo
from app.errors import InvalidInput
from local_db.models import Customer, Document, ExceptionItem, OutboxItem, Payment, Policy
from tests.conftest import REPO
from ui.launcher import main as chudan

EXAMPLE = json.loads((REPO / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8"))


@pytest.fixture
def desk(app_ctx):
    set_up_demo(app_ctx)
    return app_ctx, app_ctx.auth.login("clerk", "demo-clerk-2026")


def _counts(ctx) -> dict[str, int]:
    with ctx.store.read() as s:
        return {m.__name__: s.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Policy, Customer, Payment, OutboxItem, Document)}


def test_example_issues_as_it_is_with_pdf_outbox_and_audit(desk):
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    assert r.state == "bound" and r.policy_number.startswith("DEMO0101") and r.pdf_path.exists()
    text = subprocess.run(["pdftotext", str(r.pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert r.policy_number in text and "暂保单" in text and f"{r.total:.2f}" in text
    assert "110***********1238" in text and "110105198507231238" not in text
    assert "示例费率表" in text  # the illustrative rate table says so in the footer
    fonts = subprocess.run(["pdffonts", str(r.pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYiMicroHei" in fonts and " yes yes " in fonts.split("WenQuanYiMicroHei")[1]
    assert len(fonts.strip().splitlines()) == 3  # header, rule, the bundled font: nothing left to the viewer
    with ctx.store.read() as s:
        p = s.get(Policy, r.policy_id)
        assert [(x.method, str(x.amount), x.status) for x in p.payments] == [
            ("card", "3000.00", "failed"), ("card", "3000.00", "succeeded"), ("qr", f"{r.total - 3000:.2f}", "succeeded")]
        (ob,) = s.execute(select(OutboxItem)).scalars()
        assert ob.idempotency_key == p.id and len(ob.payload["content_hash"]) == 64
        assert s.execute(select(ExceptionItem.kind)).scalar_one() == "payment_failed"
        assert "registry_lookup_pending" in p.flags
    actions = [e.action for e in reversed(ctx.audit.recent(12))]
    assert actions[-1] == "policy.bind" and "policy.sign" in actions and "consent.given" in actions
    assert ctx.audit.verify().ok


def test_refused_request_names_every_bad_field_and_stores_nothing(desk):
    ctx, clerk = desk
    before = _counts(ctx)
    bad = copy.deepcopy(EXAMPLE)
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
    req = copy.deepcopy(EXAMPLE)
    req["history"]["drunk_driving"] = 3
    with pytest.raises(InvalidInput, match="declines"):
        ctx.issuance.issue(clerk, req)
    assert _counts(ctx) == before


def test_referral_waits_for_a_supervisor(desk):
    ctx, clerk = desk
    req = copy.deepcopy(EXAMPLE)
    req["history"]["drunk_driving"] = 1
    r = ctx.issuance.issue(clerk, req)
    assert r.state == "referred" and r.policy_number is None and r.pdf_path is None
    (item,) = ctx.exceptions.list_items(clerk)
    assert item.kind == "referral" and "醉酒" in item.reason


def test_no_policy_before_the_money(desk):
    ctx, clerk = desk
    req = copy.deepcopy(EXAMPLE)
    req["payments"] = [{"method": "cash", "amount": "1000.00"}]
    r = ctx.issuance.issue(clerk, req)
    assert r.state == "signed" and r.policy_number is None and r.outstanding == r.total - 1000


def test_duplicate_insurance_on_the_same_vehicle_is_refused(desk):
    ctx, clerk = desk
    ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    again = copy.deepcopy(EXAMPLE)
    again["start_date"] = "2027-03-01"
    with pytest.raises(InvalidInput, match="already has a policy"):
        ctx.issuance.issue(clerk, again)
    later = copy.deepcopy(EXAMPLE)
    later["start_date"] = "2027-12-01"  # after the first one ends
    assert ctx.issuance.issue(clerk, later).state == "bound"


def test_cli_issue_and_show(chudan_home, capsys, tmp_path):
    assert chudan(["demo"]) == 0
    capsys.readouterr()
    req = tmp_path / "req.json"
    req.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    assert chudan(["policy", "issue", str(req), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["state"] == "bound" and out["pdf"].endswith("-cover-note.pdf")
    assert chudan(["policy", "show", out["policy_number"]]) == 0
    assert "bound" in capsys.readouterr().out
    bad = dict(EXAMPLE, consent={"given": False})
    req.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    assert chudan(["policy", "issue", str(req)]) == 1
    assert "consent" in capsys.readouterr().err
