"""Head office checks a printed policy's QR token offline (`chudan-hq policy verify`): it learns
each desk's document-signing key from the desk itself — at online provisioning, or at the first
sync of a desk provisioned from a file — and then needs nobody to answer. A real head office
runs on loopback (uvicorn, SQLite); the desks are real encrypted stores."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from app.access.permissions import system_actor
from app.desk.context import AppContext
from app.documents.qr import read_qr_codes
from app.issuance.device_key import current_key
from hq import devices, provisioning_file
from hq.cli import main as chudan_hq
from hq.models import Device as HqDevice
from sync.backoff import Backoff
from sync.client import HqClient, HqRefused
from sync.provisioning import Provisioner
from sync.rates import pull_rates
from sync.state import device_token
from sync.worker import SyncWorker
from tests.support.hq_data import migrated_engine, publish_demo
from tests.support.hq_server import RestartableHq
from tests.support.outlet import OUTLET, provision, request_for
from tests.support.outlet import demo_clerk as clerk
from tests.support.stores import copy_store

pytestmark = [pytest.mark.slow, pytest.mark.live]  # a real head office on loopback


@pytest.fixture
def hq(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = migrated_engine(db)
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    server = RestartableHq(engine, key).start()
    try:
        yield server, db
    finally:
        server.stop()
        engine.dispose()


def _worker(ctx) -> SyncWorker:
    return SyncWorker(
        ctx,
        client_options={
            "attempts": 2,
            "backoff": Backoff(base_s=0.01, cap_s=0.02, rng=random.Random(1)),
        },
        backoff=Backoff(base_s=0.001, cap_s=0.002, rng=random.Random(2)),
    )


def _hq_verify(db: str, token: str, capsys) -> tuple[int, dict]:
    rc = chudan_hq(["policy", "verify", token, "--db", db, "--json"])
    out = capsys.readouterr().out
    return rc, json.loads(out) if out.strip() else {}


def _issue(ctx, i: int) -> str:
    r = ctx.issuance.issue(clerk(ctx), request_for(i))
    (token,) = read_qr_codes(r.pdf_path)
    return token


def test_online_provisioning_registers_the_key_and_head_office_checks_the_paper(
    app_ctx, hq, capsys
):
    server, db = hq
    provision(app_ctx, server.url, server.engine)
    with app_ctx.store.read() as s:
        key = current_key(s)
    with Session(server.engine) as hs:
        device = hs.get(HqDevice, key.signer)
        assert device is not None and device.signing_key == key.public_b64
    assert key.registered_at  # acknowledged: the sync worker stops offering it

    token = _issue(app_ctx, 0)
    rc, out = _hq_verify(db, token, capsys)
    assert rc == 0 and out["status"] == "genuine_not_received" and out["outlet"] == OUTLET

    summary = _worker(app_ctx).run_once()
    assert summary.ok and summary.upload.accepted == 1
    rc, out = _hq_verify(db, token, capsys)
    assert rc == 0 and out["status"] == "genuine" and "confirmation" in out["message"]

    fen = out["token"]["total"].replace(".", "")
    rc, out = _hq_verify(db, token.replace(f".{fen}.", ".100."), capsys)
    assert rc == 1 and out["status"] == "altered"
    assert chudan_hq(["policy", "verify", "not-a-token", "--db", db]) == 1
    assert "not a Chudan policy token" in capsys.readouterr().err

    # the device cannot swap in another key: a stolen token could otherwise re-sign papers
    client = HqClient(server.url, token=device_token(app_ctx.store), attempts=1)
    try:
        other = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
        with pytest.raises(HqRefused, match="409|conflict"):
            client.register_signing_key(other.decode())
    finally:
        client.close()


def test_a_desk_provisioned_from_a_file_registers_at_its_first_sync(
    store_template, tmp_path, monkeypatch, hq, capsys
):
    server, db = hq
    home = tmp_path / "desk-from-file"
    home.mkdir()
    copy_store(store_template, home)
    monkeypatch.setenv("CHUDAN_HOME", str(home))
    ctx = AppContext.open(home)
    try:
        clerk(ctx)
        with Session(server.engine) as hs:
            device_id, token = devices.create_with_token(hs, OUTLET)
            number = hs.get(HqDevice, device_id).device_number  # type: ignore[union-attr]
            doc = provisioning_file.build(
                server.key, device_id, OUTLET, token, device_number=number, hq_url=server.url
            )
            hs.commit()
        path = tmp_path / "desk.provisioning.json"
        provisioning_file.write(path, doc)
        Provisioner(ctx).from_file(system_actor("test"), path)
        client = HqClient(server.url, token=device_token(ctx.store))
        try:  # the rate tables only, as a sync would fetch them, without the rest of a sync
            assert pull_rates(client, ctx.home, ctx.store).installed == [1]
        finally:
            client.close()

        paper = _issue(ctx, 1)  # printed before head office knows the key
        rc, out = _hq_verify(db, paper, capsys)
        assert rc == 1 and out["status"] == "no_key" and "next sync" in out["message"]

        assert _worker(ctx).run_once().ok
        rc, out = _hq_verify(db, paper, capsys)
        assert rc == 0 and out["status"] == "genuine"
    finally:
        ctx.close()


def test_a_demo_desks_paper_is_not_a_policy_of_head_office(app_ctx, hq, capsys):
    _server, db = hq
    token = _issue(app_ctx, 2)  # never provisioned: signed with the desk's own local key
    rc, out = _hq_verify(db, token, capsys)
    assert rc == 1 and out["status"] == "unknown_device" and "never provisioned" in out["message"]
