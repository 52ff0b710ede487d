"""TLS: head office answers over HTTPS with a certificate from a throwaway CA; a client that pins
that CA gets through, one that trusts another CA does not. `chudan-hq serve` itself is started
as a real process with TLS and a fresh data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hq.cli import main
from sync.protocol import Paths
from tests.support.hq_data import migrated_engine
from tests.support.hq_server import running
from tests.support.ports import free_port
from tests.support.tls_certs import make_ca, make_server_cert

pytestmark = pytest.mark.live  # head office with TLS on loopback, and chudan-hq as a process

CHUDAN_HQ = Path(sys.executable).parent / "chudan-hq"


def test_https_verifies_against_its_ca_and_not_another(tmp_path: Path) -> None:
    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    files = make_server_cert(make_ca(), tmp_path / "tls")
    stranger = tmp_path / "other-ca.pem"
    stranger.write_bytes(make_ca("Someone else's CA").pem)
    with running(engine, Ed25519PrivateKey.generate(), tls=files) as url:
        assert url.startswith("https://")
        ok = requests.get(url + Paths.HEALTH, verify=str(files.ca), timeout=10)
        assert ok.status_code == 200 and ok.json()["status"] == "ok"
        with requests.Session() as client, pytest.raises(requests.exceptions.SSLError):
            client.get(url + Paths.HEALTH, verify=str(stranger), timeout=10)
        with requests.Session() as client, pytest.raises(requests.exceptions.ConnectionError):
            client.get(url.replace("https://", "http://") + Paths.HEALTH, timeout=10)
    engine.dispose()


def test_chudan_hq_serve_with_tls_migrates_hands_out_its_key_and_takes_its_options(
    hq_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "init", "--json"]) == 0
    public_key = json.loads(capsys.readouterr().out)["public_key"]
    files = make_server_cert(make_ca(), tmp_path / "tls")
    port = free_port()
    env = dict(os.environ, CHUDAN_HQ_HOME=str(hq_home))
    proc = subprocess.Popen(
        [
            str(CHUDAN_HQ),
            "serve",
            "--port",
            str(port),
            "--tls-cert",
            str(files.cert),
            "--tls-key",
            str(files.key),
            "--ca-cert",
            str(files.ca),
            "--lookup-outage",
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        # uvicorn announces itself once it listens; reading its log waits exactly that long.
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if "Uvicorn running on" in line:
                break
        assert proc.poll() is None, "".join(seen)
        url = f"https://127.0.0.1:{port}"
        with requests.Session() as client:
            # No keep-alive: the server then has no open connection to wait for when it stops.
            client.headers["Connection"] = "close"
            ca = str(files.ca)  # per request: a Session's own `verify` yields to REQUESTS_CA_BUNDLE
            assert client.get(url + Paths.HEALTH, verify=ca, timeout=10).json()["status"] == "ok"
            # The database was created by the migrations at start; provisioning works against it.
            assert main(["device", "provision", "--outlet", "OUT05", "--json"]) == 0
            code = json.loads(capsys.readouterr().out)["code"]
            answer = client.post(
                url + Paths.PROVISION, json={"code": code}, verify=ca, timeout=10
            ).json()
            assert answer["hq_public_key"] == public_key
            assert answer["ca_cert_pem"] == files.ca.read_text()
            lookup = client.get(
                url + Paths.VIOLATIONS_LOOKUP,
                params={"plate": "京A12345"},
                verify=ca,
                timeout=10,
                headers={"Authorization": f"Bearer {answer['token']}"},
            )
            assert lookup.status_code == 503 and lookup.json()["error"] == "lookup_unavailable"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
