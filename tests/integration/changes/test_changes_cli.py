"""`chudan policy endorse | cancel | history` on a real store: the example endorsement applies as
it is to the example policy after `chudan demo`, the 批单 PDF says what changed and that it waits
for head office, a refused cancellation exits non-zero with one line and stores nothing."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from cli.launcher import main as chudan
from tests.support.paths import EXAMPLES

# Whole flows on a store, a few seconds each: with the slow tests, so make test-fast stays short.
pytestmark = pytest.mark.slow


def _json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert chudan([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_example_endorsement_applies_as_it_is_and_prints_its_note(
    seeded_home, capsys, tmp_path
):
    assert chudan(["demo"]) == 0
    issued = _json(capsys, "policy", "issue", str(EXAMPLES / "policy-request.json"))
    number = issued["policy_number"]
    pdf = tmp_path / "note.pdf"
    done = _json(
        capsys,
        "policy",
        "endorse",
        number,
        str(EXAMPLES / "endorsement-request.json"),
        "--pdf",
        str(pdf),
    )
    assert done["state"] == "bound" and done["change_kind"] == "covers"
    assert done["pdf"] == str(pdf) and done["number"].startswith("DEMO01")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "批单（暂）" in text and done["number"] in text and number in text
    assert "附加车身划痕损失险" in text and done["difference"] in text
    assert "待总公司确认" in text
    history = _json(capsys, "policy", "history", number)
    assert [v["state"] for v in history["versions"]] == ["issued", "provisional"]
    assert history["transactions"][0]["number"] == done["number"]


def test_a_ctpl_cancellation_at_the_customers_request_is_refused_in_one_line(seeded_home, capsys):
    assert chudan(["demo"]) == 0
    number = _json(capsys, "policy", "issue", str(EXAMPLES / "policy-request.json"))[
        "policy_number"
    ]
    capsys.readouterr()
    code = chudan(
        ["policy", "cancel", number, "--reason", "customer_request", "--effective", "2099-01-01"]
    )
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert "CTPL may be cancelled only" in err or "交强险仅在" in err
    assert _json(capsys, "policy", "history", number)["transactions"] == []


def test_the_formal_note_carries_head_offices_code(desk, tmp_path):
    """Once head office confirmed the change, the 批单 asked for is the formal one, with the code
    and without the provisional wording; made once, then the same file every time."""
    from tests.support.changes import confirm, policy_request

    r = desk.ctx.issuance.issue(desk.clerk, policy_request(date(2026, 12, 10), vehicle_plate=None))
    v = desk.ctx.changes.endorse(
        desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A67890"}
    )
    confirm(desk.ctx, v.id, code="PG0011223344556677")
    formal = desk.ctx.changes.note_pdf(desk.clerk, v.id)
    pdf = tmp_path / "formal.pdf"
    pdf.write_bytes(formal)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PG0011223344556677" in text and "（暂）" not in text and "京A67890" in text
    assert desk.ctx.changes.note_pdf(desk.clerk, v.id) == formal


def test_a_cancellation_with_the_supervisors_approval_refunds_to_the_payers_account(
    seeded_home, capsys, monkeypatch
):
    import io

    assert chudan(["demo"]) == 0
    number = _json(capsys, "policy", "issue", str(EXAMPLES / "policy-request.json"))[
        "policy_number"
    ]
    history = _json(capsys, "policy", "history", number)
    start = history["versions"][0]["effective_date"]
    args = ["policy", "cancel", number, "--reason", "laid_up", "--effective", start]
    args += ["--document", "lay_up_certificate=TS-2026-01"]
    capsys.readouterr()
    assert chudan(args) != 0  # the table gives cancellations to a supervisor
    assert "--approved-by" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-super-2026\n"))
    done = _json(capsys, *args, "--approved-by", "supervisor")
    assert done["state"] == "bound" and done["kind"] == "cancellation"
    (refund,) = done["refunds"]
    assert refund["status"] == "awaiting_check" and refund["amount"] == done["difference"]
    assert done["approved_by"] == "演示主管"
    assert "起保前" in done["worksheet"][0]["zh"]
