"""`chudan quote` as scripts use it, in-process: a fresh data dir prices with the bundled table
(no store is opened)."""

from __future__ import annotations

import json

from cli.launcher import main as chudan
from tests.support.examples import QUOTE_REQUEST_FILE as EXAMPLE


def test_quote_json_has_the_documented_keys(chudan_home, capsys):
    assert chudan(["quote", str(EXAMPLE), "--json"]) == 0
    q = json.loads(capsys.readouterr().out)
    assert {
        "ctpl",
        "commercial",
        "vehicle_tax",
        "total",
        "lines",
        "worksheet",
        "underwriting",
        "rate_table_version",
    } <= set(q)
    assert q["ctpl"]["base_premium"] == "950.00" and q["ctpl"]["float_rate"] == "-0.15"
    assert q["ctpl"]["premium"] == "807.50"  # 950 × (1 − 0.15): Beijing, scheme D, A1
    assert (
        q["total"]
        == f"{sum(float(x) for x in [q['ctpl']['premium'], q['commercial']['total'], q['vehicle_tax']['total']]):.2f}"
    )


def test_quote_text_prints_the_worksheet_in_the_desks_language_only(chudan_home, capsys):
    assert chudan(["quote", str(EXAMPLE)]) == 0  # a new desk speaks Chinese
    out = capsys.readouterr().out
    assert "【交强险】" in out and "交强险保费小计" in out and "示例费率表" in out
    assert "CTPL" not in out and "premium" not in out
    assert chudan(["quote", str(EXAMPLE), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "== Compulsory motor insurance (CTPL) ==" in out and "illustrative" in out
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in out), "no Chinese in the English worksheet"


def test_bad_request_exits_non_zero_naming_the_field(chudan_home, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    data = json.loads(EXAMPLE.read_text())
    data["vehicle"]["usage"] = "Z"
    bad.write_text(json.dumps(data))
    assert chudan(["quote", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chudan: ") and "vehicle.usage" in err and err.count("\n") == 1
