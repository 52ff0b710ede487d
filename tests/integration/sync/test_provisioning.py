"""Provisioning a desk online (code), offline (signed file) and over TLS pinned to head office's
CA, through `chudan sync provision`; the CLI's status and run."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import ChudanError
from app.rating.installed import InstalledTables
from hq import devices
from hq import provisioning_file as hq_file
from local_db.models import Document
from sync.client import HqClient, check_url
from sync.outbox import LinkDown
from sync.state import ca_path, device_token, load_device, public_key_path
from tests.support.hq_server import RestartableHq
from tests.support.outlet import OUTLET, demo_clerk, enrolment_code, issue_real
from tests.support.paths import REPO
from tests.support.tls_certs import make_ca, make_server_cert


def chudan_sync(argv: list[str]) -> int:
    """What `chudan sync …` does once the launcher lists cli.sync (same dispatch and error line).
    Provisioning is an administrator's: as the demo's `admin`, password on stdin."""
    import io

    from cli.sync import register

    stdin = sys.stdin
    if argv[0] == "provision":
        argv = [*argv, "--as", "admin"]
        sys.stdin = io.StringIO("demo-admin-2026\n")
    parser = argparse.ArgumentParser(prog="chudan")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sync", *argv])
    try:
        return int(args.func(args))
    except ChudanError as exc:
        sys.stderr.write(f"chudan: {exc}\n")
        return 1
    finally:
        sys.stdin = stdin


def _files_contain(home: Path, secret: str) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_online_provisioning_stores_identity_keys_and_pulls_tables(app_ctx, link, capsys):
    demo_clerk(app_ctx)
    InstalledTables(
        app_ctx.home
    ).ensure_bundled()  # the desk quoted in demo mode: bundled v2, demo key
    _, code = enrolment_code(link.engine)
    assert chudan_sync(["provision", "--url", link.proxy.url, "--code", code, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["provisioned"]["outlet_code"] == OUTLET and out["first_sync"]["ok"]
    # The demo-key table is set aside, so head office's own version 1 is not taken for a rollback.
    assert "set aside: v2" in " ".join(out["provisioned"]["notes"])
    assert (app_ctx.home / "rates" / "retired" / "v2.json").exists()
    assert out["first_sync"]["rates"]["installed"] == [1]
    device = load_device(app_ctx.store)
    assert device.hq_url == link.proxy.url and device.device_id == out["provisioned"]["device_id"]
    token = device_token(app_ctx.store)
    assert (
        len(token) > 20 and _files_contain(app_ctx.home, token) == []
    )  # only inside the encrypted store
    assert public_key_path(app_ctx.home).read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert InstalledTables(app_ctx.home).newest().version == 1

    # Once is enough: a second provisioning needs --force, and the code is spent anyway.
    assert chudan_sync(["provision", "--url", link.proxy.url, "--code", code]) == 1
    assert "already provisioned" in capsys.readouterr().err
    assert chudan_sync(["provision", "--url", link.proxy.url, "--code", code, "--force"]) == 1
    assert "enrolment code" in capsys.readouterr().err
    assert load_device(app_ctx.store).device_id == device.device_id


def test_status_and_run_from_the_command_line(desk, link, capsys):
    issue_real(desk, 1)
    assert chudan_sync(["status", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["policies_waiting"] == 1 and before["provisioned"]
    assert before["last_success"] is None and before["state"] == "never"
    assert chudan_sync(["run"]) == 0
    text = capsys.readouterr().out
    assert "1 accepted" in text and "head office: online" in text
    # Confirmed: the formal policy is rendered by the command line's run too (into the store:
    # the print folder is emptied when a command ends).
    assert desk.formal_policies.pending() == []
    with desk.store.read() as s:
        assert s.execute(select(Document.id).where(Document.kind == "policy")).first()
    assert chudan_sync(["status", "--json"]) == 0
    synced = json.loads(capsys.readouterr().out)
    assert synced["last_success"] and synced["queue_length"] == 0
    link.proxy.set_down(True)
    assert chudan_sync(["run", "--json"]) == 1
    after = json.loads(capsys.readouterr().out)
    assert (
        after["status"]["state"] == "offline"
        and "cannot be reached" in after["status"]["last_error"]
    )
    assert (
        after["status"]["last_success"] == synced["last_success"]
    )  # the last success is still shown


def test_status_in_a_real_subprocess_survives_a_restart(desk, link):
    issue_real(desk, 1)
    link.proxy.set_down(True)
    assert chudan_sync(["run"]) == 1
    env = {**os.environ, "CHUDAN_HOME": str(desk.home)}
    desk.close()
    script = (
        "import sys; from cli.launcher import main; import cli.launcher as l; "
        "l.COMMAND_MODULES.append('cli.sync') if 'cli.sync' not in l.COMMAND_MODULES else None; "
        "sys.exit(main(['sync', 'status', '--json']))"
    )
    r = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    assert (
        j["state"] == "offline"
        and j["policies_waiting"] == 1
        and "cannot be reached" in j["last_error"]
    )


def _provisioning_file(link, tmp_path: Path, url: str) -> tuple[Path, str]:
    with Session(link.engine) as s:
        device_id, token = devices.create_with_token(s, OUTLET)
        s.commit()
    path = tmp_path / "desk.chudan-provisioning.json"
    hq_file.write(path, hq_file.build(link.key, device_id, OUTLET, token, hq_url=url))
    return path, device_id


def test_offline_provisioning_file_is_verified_then_used(app_ctx, link, tmp_path, capsys):
    demo_clerk(app_ctx)
    path, device_id = _provisioning_file(link, tmp_path, link.proxy.url)
    tampered = tmp_path / "tampered.json"
    doc = json.loads(path.read_text())
    doc["payload"]["outlet_code"] = "EVIL01"
    tampered.write_text(json.dumps(doc))
    assert chudan_sync(["provision", "--file", str(tampered)]) == 1
    assert "altered or damaged" in capsys.readouterr().err and load_device(app_ctx.store) is None

    assert chudan_sync(["provision", "--file", str(path), "--fingerprint", "00" * 16]) == 1
    assert "fingerprint" in capsys.readouterr().err and load_device(app_ctx.store) is None

    assert chudan_sync(["provision", "--file", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["provisioned"]["method"] == "file" and out["first_sync"]["ok"]
    assert load_device(app_ctx.store).device_id == device_id
    issue_real(app_ctx, 1)
    assert chudan_sync(["run"]) == 0 and "1 accepted" in capsys.readouterr().out


@pytest.mark.live  # a TLS head office on loopback
def test_https_is_checked_against_the_provisioned_ca(app_ctx, link, tmp_path, capsys):
    ca = make_ca()
    files = make_server_cert(ca, tmp_path / "tls")
    tls_hq = RestartableHq(link.engine, link.key, tls=files).start()
    try:
        demo_clerk(app_ctx)
        _, code = enrolment_code(link.engine)
        assert (
            chudan_sync(
                ["provision", "--url", tls_hq.url, "--code", code, "--ca", str(files.ca), "--json"]
            )
            == 0
        )
        out = json.loads(capsys.readouterr().out)
        assert out["provisioned"]["ca_installed"] and out["first_sync"]["ok"]
        assert ca_path(app_ctx.home).read_bytes() == files.ca.read_bytes()
        issue_real(app_ctx, 1)
        assert chudan_sync(["run"]) == 0 and "1 accepted" in capsys.readouterr().out

        other = make_server_cert(make_ca("someone else"), tmp_path / "other")
        stranger = HqClient(
            tls_hq.url, token=device_token(app_ctx.store), ca_file=other.ca, attempts=1
        )
        with pytest.raises(LinkDown, match="does not verify"):
            stranger.health()
        stranger.close()
    finally:
        tls_hq.stop()


def test_plain_http_only_to_this_machine():
    assert check_url("http://127.0.0.1:8443/") == "http://127.0.0.1:8443"
    assert check_url("https://hq.example.cn:8443") == "https://hq.example.cn:8443"
    with pytest.raises(ChudanError, match="must be reached over https"):
        check_url("http://10.1.2.3:8443")
    with pytest.raises(ChudanError, match="not a head-office address"):
        check_url("ftp://hq.example.cn")


def test_a_file_signed_by_another_key_needs_force_and_its_fingerprint(desk, link, tmp_path, capsys):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sync.provisioning import fingerprint

    stranger = Ed25519PrivateKey.generate()
    with Session(link.engine) as s:
        device_id, token = devices.create_with_token(s, OUTLET)
        s.commit()
    path = tmp_path / "other-key.json"
    hq_file.write(path, hq_file.build(stranger, device_id, OUTLET, token, hq_url=link.proxy.url))
    trusted = public_key_path(desk.home).read_bytes()

    assert chudan_sync(["provision", "--file", str(path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert chudan_sync(["provision", "--file", str(path), "--force"]) == 1
    assert "different head-office key" in capsys.readouterr().err
    assert (
        public_key_path(desk.home).read_bytes() == trusted
        and load_device(desk.store).device_id != device_id
    )

    from cryptography.hazmat.primitives import serialization

    raw = stranger.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    assert (
        chudan_sync(
            ["provision", "--file", str(path), "--force", "--fingerprint", fingerprint(raw)[:16]]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        public_key_path(desk.home).read_bytes() != trusted
        and load_device(desk.store).device_id == device_id
    )
    # Head office's tables were signed by the old key: set aside, not trusted under the new one.
    assert (desk.home / "rates" / "retired" / "v1.json").exists() and InstalledTables(
        desk.home
    ).versions() == []
