"""`chudan rates` as support staff use it (installing a table is audited in the store), and
`chudan quote` in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cli.launcher import main as chudan
from tests.support.examples import QUOTE_REQUEST_FILE as EXAMPLE
from tests.support.paths import REPO


def test_rates_sign_verify_install_round_trip(seeded_home, tmp_path, capsys):
    key = Ed25519PrivateKey.generate()
    key_file = tmp_path / "hq.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (seeded_home / "keys").mkdir()
    (seeded_home / "keys" / "hq_public.pem").write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    source = json.loads((REPO / "resources" / "rates" / "demo-table.json").read_text())
    source["version"] = 7
    src = tmp_path / "v7.json"
    src.write_text(json.dumps(source, ensure_ascii=False))
    signed = tmp_path / "v7.signed.json"
    assert chudan(["rates", "sign", str(src), "--key", str(key_file), "--out", str(signed)]) == 0
    assert chudan(["rates", "verify", str(signed), "--json"]) == 0
    assert '"valid": true' in capsys.readouterr().out
    assert chudan(["rates", "install", str(signed)]) == 0
    capsys.readouterr()
    assert chudan(["audit", "show", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert [e for e in events if e["action"] == "rates.install" and e["object"] == "rate_table:7"]
    assert chudan(["rates", "install", str(signed)]) == 1
    assert "not newer" in capsys.readouterr().err
    assert chudan(["rates", "show", "--json"]) == 0
    assert '"version": 7' in capsys.readouterr().out
    assert (
        chudan(["rates", "verify", str(REPO / "resources" / "rates" / "default.json")]) == 1
    )  # demo key no longer trusted


@pytest.mark.live  # `chudan` in a process of its own
def test_quote_cli_in_a_real_process(chudan_home):
    env = {**os.environ, "CHUDAN_HOME": str(chudan_home)}
    r = subprocess.run(
        [sys.executable, "-m", "cli.launcher", "quote", str(EXAMPLE), "--json"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["rate_table_version"] == 2


def test_quote_without_a_start_date_prices_from_the_earliest_start(chudan_home, capsys):
    """The example names no start: in 北京 (no immediate inception) cover starts tomorrow."""
    from datetime import date, timedelta

    assert chudan(["quote", str(EXAMPLE), "--json"]) == 0
    q = json.loads(capsys.readouterr().out)
    tomorrow = date.today() + timedelta(days=1)
    assert q["start_date"] == tomorrow.isoformat() and q["warnings"] == []


def test_quote_of_a_back_dated_start_is_priced_with_a_warning(chudan_home, tmp_path, capsys):
    from datetime import date, timedelta

    past = tmp_path / "past.json"
    data = json.loads(EXAMPLE.read_text()) | {
        "start_date": (date.today() - timedelta(days=5)).isoformat()
    }
    past.write_text(json.dumps(data))
    assert chudan(["quote", str(past), "--json"]) == 0
    q = json.loads(capsys.readouterr().out)
    (warning,) = q["warnings"]
    assert "back-dating" in warning["en"] and "倒签" in warning["zh"]
    assert chudan(["quote", str(past)]) == 0
    assert "注意：" in capsys.readouterr().out  # the desk's language: 简体中文 by default


def test_a_quote_request_with_several_problems_names_them_all_on_one_line(
    chudan_home, tmp_path, capsys
):
    bad = tmp_path / "bad.json"
    data = json.loads(EXAMPLE.read_text())
    data["vehicle"]["usage"] = "Z"
    data["vehicle"]["seats"] = 0
    data["coverages"].append({"code": "sunroof"})
    bad.write_text(json.dumps(data))
    assert chudan(["quote", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "vehicle.usage" in err and "vehicle.seats" in err and err.count("\n") == 1
