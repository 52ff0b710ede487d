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
    assert json.loads(r.stdout)["rate_table_version"] == 1
