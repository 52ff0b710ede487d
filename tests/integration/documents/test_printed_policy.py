"""What a printed CTPL policy carries, read back from real PDFs issued on a real store
(pdftotext): the statutory limits in figures from the rate table, the vehicle tax as the
withholding certificate, the insurer and its claims hotline, the float notice, amounts with
thousands separators; and the QR code's signed token, checked by `chudan policy verify`."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from app.access.permissions import system_actor
from app.core.policy_tokens import parse_token, sign_token
from app.documents.policy_pdf import PolicySchedule, render_policy_pdf
from app.documents.qr import read_qr_codes
from app.issuance.device_key import current_key
from app.issuance.lifecycle import Event, Lifecycle
from app.issuance.policy_numbers import provisioned
from app.issuance.schedule import build_schedule
from app.rating import quote
from app.vehicle import vin_check_digit
from cli.launcher import main as chudan
from local_db.models import Device, Policy
from tests.support.examples import POLICY_REQUEST as EXAMPLE
from tests.support.outlet import demo_clerk
from tests.support.rating import request, table


@pytest.fixture
def desk(app_ctx):
    return app_ctx, demo_clerk(app_ctx)


def _text(pdf: Path | bytes, tmp_path: Path) -> str:
    if isinstance(pdf, bytes):
        (tmp_path / "doc.pdf").write_bytes(pdf)
        pdf = tmp_path / "doc.pdf"
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(text: str) -> list[str]:
    return text.split("\f")


def test_the_clause_set_the_commercial_cover_was_priced_under_is_printed(desk, tmp_path):
    """A petrol car's commercial cover is under the 2020 model clauses; the same car as a
    battery-electric one under the NEV clauses (illustrative in the demo table), and its cover
    note says so: a customer's NEV cover is not the ordinary clauses' (docs/regulations.md)."""
    ctx, clerk = desk
    petrol = _text(ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE)).pdf_path, tmp_path)
    assert "商业险适用条款 Commercial clauses：机动车商业保险示范条款（2020版）" in petrol
    nev = copy.deepcopy(EXAMPLE)
    nev["vehicle"] |= {"fuel": "bev", "displacement_l": None, "vin": "LSVCC6A47PN123457"}
    nev["vehicle"]["vin"] = (
        nev["vehicle"]["vin"][:8]
        + vin_check_digit(nev["vehicle"]["vin"])
        + (nev["vehicle"]["vin"][9:])
    )
    nev["vehicle"]["plate"] = "京AD12345"
    text = _text(ctx.issuance.issue(clerk, nev).pdf_path, tmp_path)
    assert "商业险适用条款 Commercial clauses：新能源汽车商业保险专属条款" in text
    assert "机动车商业保险示范条款（2020版）" not in text
    ctpl_only = copy.deepcopy(EXAMPLE) | {
        "plan": "ctpl_only",
        "payments": [{"method": "card", "amount": "rest", "reference": "T88001234"}],
    }
    ctpl_only["vehicle"] |= {"vin": "LSVCC6A49PN123458", "plate": "京A54321"}
    ctpl_only["vehicle"]["vin"] = (
        ctpl_only["vehicle"]["vin"][:8]
        + vin_check_digit(ctpl_only["vehicle"]["vin"])
        + ctpl_only["vehicle"]["vin"][9:]
    )
    assert "Commercial clauses" not in _text(
        ctx.issuance.issue(clerk, ctpl_only).pdf_path, tmp_path
    )


def test_the_cover_note_prints_what_ctpl_requires(desk, tmp_path):
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    first, notice = _pages(_text(r.pdf_path, tmp_path))[:2]
    # the statutory limits in figures (demo table: the 2020 limits), never "依法定限额"
    assert "依法定限额" not in first
    assert "被保险人有责 at fault" in first and "被保险人无责 not at fault" in first
    for figure in ("180,000.00", "18,000.00", "2,000.00", "1,800.00", "100.00"):
        assert figure in first
    # the vehicle tax as the certificate: 1.5 L in Beijing, the full year 2026
    assert (
        "代收车船税（完税凭证）" in first
        and "税款所属期 Tax period：2026-01-01 至 2026-12-31" in first
    )
    assert "排量 1.5 升，属 1.0 升以上至 1.6 升（含）档" in first and "年税额 420.00" in first
    assert (
        "纳税人 Taxpayer：张伟" in first and "扣缴义务人 Withheld by：示例保险股份有限公司" in first
    )
    # the insurer and its hotline: the demo table's, marked as made up
    assert "承保公司 Insurer：示例保险股份有限公司（示例 illustrative）" in first
    assert "000-0000-0000（示例号码，非真实电话" in first
    # amounts with thousands separators
    assert "4,960.70" in first and "101,400.00" in first and "4960.70" not in first
    # the float notice, its own page: Beijing is scheme D, A1 (one claim-free year) is −15%
    assert "机动车交通事故责任强制保险费率浮动告知单" in notice
    assert "A1 上一年度未发生有责任道路交通事故" in notice and "北京市执行方案 D" in notice
    assert "浮动比率 −15%" in notice and "950.00 × (1 − 15%)" in notice and "807.50" in notice
    assert "投保查询码 Query code：未取得" in notice
    assert "第2页/共2页" in notice.replace(" ", "")


def test_limits_come_from_the_rate_table_not_from_constants(desk, tmp_path):
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    # the same policy priced with a table carrying the 2008–2020 limits prints those
    legacy = table(
        ctpl__limits_at_fault={
            "death_disability": "110000",
            "medical": "10000",
            "property": "2000",
        },
        ctpl__limits_no_fault={"death_disability": "11000", "medical": "1000", "property": "100"},
    )
    with ctx.store.write() as s:
        policy = s.get(Policy, r.policy_id)
        stored = dict(policy.quote)
        stored["quote"] = quote(stored["request"], legacy).to_json()
        # what the customer signed (and the paper prints) carries the table's limits too
        stored["schedule"] = {
            **stored["schedule"],
            "covers": {**stored["schedule"]["covers"], "ctpl": stored["quote"]["ctpl"]},
        }
        policy.quote = stored
        pdf = render_policy_pdf(build_schedule(s, policy, "cover_note"))
    text = _pages(_text(pdf, tmp_path))[0]
    assert "110,000.00" in text and "11,000.00" in text and "180,000.00" not in text


def test_a_table_without_a_hotline_says_so_and_invents_none(desk, tmp_path):
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    with ctx.store.write() as s:
        policy = s.get(Policy, r.policy_id)
        policy.quote = {**policy.quote, "insurer": None}  # a table with no insurer block
        pdf = render_policy_pdf(build_schedule(s, policy, "cover_note"))
    text = _text(pdf, tmp_path)
    assert "理赔报案电话 Claims hotline：未载明，请向出单网点查询" in text
    assert "000-0000-0000" not in text
    assert "承保公司 Insurer：示例保险股份有限公司 (illustrative)" in text  # the table's issuer


def test_exemption_arrears_and_no_float_are_printed_as_they_are(desk, tmp_path):
    ctx, clerk = desk
    req = copy.deepcopy(EXAMPLE)
    req["history"] = {"first_ctpl": True}
    r = ctx.issuance.issue(clerk, req)
    with ctx.store.write() as s:
        policy = s.get(Policy, r.policy_id)
        # priced again with tax arrears for 2025, collected on 2026-12-01:
        # 480 × 0.0005 × 334 days = 80.16
        q = dict(policy.quote["request"])
        q["tax"] = {"arrears": [{"year": 2025, "amount": "480"}], "paid_on": "2026-12-01"}
        policy.quote = {**policy.quote, "request": q, "quote": quote(q, table()).to_json()}
        arrears = _text(render_policy_pdf(build_schedule(s, policy, "cover_note")), tmp_path)
        q = {**q, "vehicle": {**q["vehicle"], "fuel": "bev"}, "tax": {}}
        policy.quote = {**policy.quote, "request": q, "quote": quote(q, table()).to_json()}
        exempt = _text(render_policy_pdf(build_schedule(s, policy, "cover_note")), tmp_path)
    assert "往年补缴 Arrears（2025 年）" in arrears and "480.00" in arrears
    assert "滞纳金 Late fee" in arrears and "80.16" in arrears
    assert "减免税 Exemption：纯电动、燃料电池乘用车不属于车船税征税范围" in exempt
    assert "首次投保交强险，不浮动" in exempt  # the float notice says why nothing floated


def test_a_commercial_only_policy_has_no_float_notice(tmp_path):
    q = quote(request(coverages=[{"code": "third_party", "limit": "1000000"}]), table())
    assert q.ctpl is None  # nothing CTPL to print: no limits, tax or notice
    from app.issuance.schedule import float_notice

    assert float_notice({"quote": q.to_json(), "request": {}}) is None


def test_long_schedules_flow_onto_numbered_pages(tmp_path):
    from app.documents.policy_pdf import CoverRow, Party

    covers = [CoverRow(f"附加险 {i}", "10,000.00", "—", Decimal("12.34")) for i in range(60)]
    s = PolicySchedule(
        kind="cover_note",
        policy_number="P1",
        outlet="o",
        issued_at="2026-11-25 08:40",
        period="p",
        parties=[Party("投保人", "张伟", "居民身份证", "110101199003074514")],
        vehicle=[("号牌号码", "京A12345")],
        covers=covers,
        ctpl_premium=Decimal(0),
        commercial_premium=Decimal("740.40"),
        tax=Decimal(0),
        total=Decimal("740.40"),
        rate_table_version=1,
        illustrative=False,
        verification_hash="ab" * 32,
    )
    pages = _pages(_text(render_policy_pdf(s), tmp_path))
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    n = len(pages)
    assert all(f"第{i}页/共{n}页" in p.replace(" ", "") for i, p in enumerate(pages, 1))
    assert "附加险 59" in pages[-1] and "（续页）" in pages[1]


def _verify(token_or_file: str, capsys) -> tuple[int, dict]:
    rc = chudan(["policy", "verify", token_or_file, "--json"])
    out = capsys.readouterr().out
    return rc, json.loads(out) if out.strip() else {}


@pytest.mark.slow  # rasterises pages and reads QR codes back
def test_the_qr_token_verifies_from_the_pdf_and_an_altered_one_does_not(desk, capsys, tmp_path):
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    (token,) = read_qr_codes(r.pdf_path)
    t, _, _ = parse_token(token)
    assert t.policy_number == r.policy_number and t.total == r.total and t.kind == "cover_note"
    assert t.signer.startswith("local-")  # a demo desk: its own key, no head office knows it
    # The paper comes back from the customer: print/ is emptied by every command, so the PDF to
    # check is the customer's copy, not the desk's transient one.
    customers_copy = tmp_path / "customers-copy.pdf"
    shutil.copyfile(r.pdf_path, customers_copy)
    rc, out = _verify(str(customers_copy), capsys)
    assert rc == 0 and out["status"] == "genuine" and out["policy_state"] == "bound"
    assert "not provisioned" in out["message"]
    # the same from a photo of the page, and from the text itself
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(customers_copy),
            str(tmp_path / "photo"),
        ],
        check=True,
    )
    assert _verify(str(tmp_path / "photo.png"), capsys)[0] == 0
    assert _verify(token, capsys)[0] == 0
    # the formal policy after head office's confirmation carries its confirmation code
    with ctx.store.write() as s:
        policy = s.get(Policy, r.policy_id)
        policy.confirmation_code, policy.confirmed_at = "HQ7K2M9Q", ctx.clock()
        Lifecycle(ctx.audit).apply(s, policy, Event.CONFIRM, system_actor("sync"), "HQ7K2M9Q")
    (formal,) = ctx.formal_policies.release([r.policy_id])
    shutil.copyfile(formal, tmp_path / "formal.pdf")
    rc, out = _verify(str(tmp_path / "formal.pdf"), capsys)
    assert rc == 0 and out["token"]["confirmation_code"] == "HQ7K2M9Q"
    assert out["token"]["kind"] == "policy" and out["policy_state"] == "confirmed"
    assert _verify(token, capsys)[0] == 0  # the cover note printed before stays genuine
    # a total changed on the token: the signature no longer matches
    fen = str(int(r.total * 100))
    rc, out = _verify(token.replace(f".{fen}.", f".{int(fen) - 100000}."), capsys)
    assert rc == 1 and out["status"] == "altered"
    # signed with another key under this desk's name: a forgery
    forged = sign_token(t, Ed25519PrivateKey.generate())
    rc, out = _verify(forged, capsys)
    assert rc == 1 and out["status"] == "altered"
    # not a token at all: one line, non-zero
    assert chudan(["policy", "verify", "CD1.nonsense"]) == 1
    assert "not a Chudan policy token" in capsys.readouterr().err


@pytest.mark.slow
def test_provisioning_switches_the_signing_key_and_old_papers_still_verify(desk, capsys):
    ctx, clerk = desk
    old = ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    (old_token,) = read_qr_codes(old.pdf_path)
    with ctx.store.write() as s:  # what provisioning records: head office's device id, number
        device = s.execute(select(Device)).scalars().first()
        device.hq_device_id = "7d0c6b1e-5a4f-4c1e-9d55-0c2f3e6a9b10"
        provisioned(s, device.device_number, ctx.clock())
    req = copy.deepcopy(EXAMPLE)
    body = "LSVCC6A40PN123457"
    req["vehicle"]["vin"] = body[:8] + vin_check_digit(body) + body[9:]
    req["vehicle"]["plate"] = "京A12346"
    new = ctx.issuance.issue(clerk, req)
    (new_token,) = read_qr_codes(new.pdf_path)
    assert parse_token(new_token)[0].signer == "7d0c6b1e-5a4f-4c1e-9d55-0c2f3e6a9b10"
    with ctx.store.read() as s:
        assert current_key(s).provisioned
    assert _verify(new_token, capsys)[1]["status"] == "genuine"
    assert _verify(old_token, capsys)[1]["status"] == "genuine"  # the retired key still checks
    # a token from a device this desk never was: head office checks it, not this desk
    elsewhere = replace(parse_token(new_token)[0], signer="0f1e2d3c-aaaa-bbbb-cccc-111122223333")
    other = sign_token(elsewhere, Ed25519PrivateKey.generate())
    rc, out = _verify(other, capsys)
    assert (
        rc == 1 and out["status"] == "other_signer" and "chudan-hq policy verify" in out["message"]
    )
