"""Head office keeps device tokens and enrolment codes only as SHA-256 (a copy of its database
cannot act as an outlet), and `chudan-hq stats --json` counts what intake answered."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hq.cli import main
from sync.protocol import Paths
from tests.support.hq_data import enrol, migrated_engine, policy_item
from tests.support.hq_server import LiveHq, running


def _cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _upload(url: str, token: str, items: list[dict]) -> list[dict]:
    r = requests.post(
        url + Paths.POLICIES,
        json={"items": items},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    r.raise_for_status()
    return r.json()["results"]


def _database_bytes(db: Path) -> bytes:
    # The main file and whatever SQLite has not yet checkpointed into it.
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


@pytest.mark.live  # head office on loopback
def test_device_tokens_and_enrolment_codes_are_stored_hashed_only(
    hq_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = hq_home / "hq.sqlite3"
    _cli_json(capsys, "keys", "init")
    # Online enrolment: a one-time code, then the token the outlet receives over the API.
    code = _cli_json(capsys, "device", "provision", "--outlet", "OUT01")["code"]
    # Offline: a signed file carrying a live token.
    made = _cli_json(
        capsys, "device", "provision", "--outlet", "OUT02", "--file", str(hq_home / "out02.json")
    )
    file_token = json.loads(Path(made["file"]).read_text(encoding="utf-8"))["payload"]["token"]
    engine = migrated_engine(f"sqlite:///{db}")
    try:
        with running(engine, Ed25519PrivateKey.generate()) as url:
            answer = requests.post(url + Paths.PROVISION, json={"code": code}, timeout=30)
            answer.raise_for_status()
            api_token = answer.json()["token"]
            # Both tokens work, so head office can check them without holding them.
            for token in (api_token, file_token):
                r = requests.get(
                    url + Paths.RATE_INDEX, headers={"Authorization": f"Bearer {token}"}, timeout=30
                )
                assert r.status_code == 200
    finally:
        engine.dispose()
    stored = _database_bytes(db)
    for secret in (api_token, file_token, code):
        assert secret.encode() not in stored
    for token in (api_token, file_token):
        assert (
            hashlib.sha256(token.encode()).hexdigest().encode() in stored
        )  # the right file was read


def test_stats_json_counts_duplicates_answered(
    live: LiveHq, capsys: pytest.CaptureFixture[str]
) -> None:
    _, token = enrol(live.url, live.engine)
    a, b = policy_item("P-S1"), policy_item("P-S2")
    assert [r["outcome"] for r in _upload(live.url, token, [a, b])] == ["accepted", "accepted"]
    assert [r["outcome"] for r in _upload(live.url, token, [a, b])] == ["duplicate", "duplicate"]
    assert [r["outcome"] for r in _upload(live.url, token, [a])] == ["duplicate"]
    stats = _cli_json(
        capsys, "stats", "--db", live.engine.url.render_as_string(hide_password=False)
    )
    assert (
        stats["policies_accepted"] == 2
        and stats["duplicates_answered"] == 3
        and stats["rejected"] == 0
    )
    assert stats["rate_table_versions"] == [live.rate_version]
