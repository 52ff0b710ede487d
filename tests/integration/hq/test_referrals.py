"""Referrals: an outlet submits, head office decides on the command line, the outlet polls."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import requests

from hq.cli import main
from sync.protocol import Paths, ReferralStatus
from tests.support.hq_data import enrol, example_quote_request
from tests.support.hq_server import LiveHq


def _submit(url: str, token: str, rid: str) -> requests.Response:
    body: dict[str, Any] = {
        "referral_id": rid,
        "draft_id": "D-20261201-0007",
        "reasons": ["pricing coefficient 0.50 below outlet minimum"],
        "quote_request": example_quote_request(),
        "quote_summary": {"total": "4120.33", "rate_version": 1},
    }
    return requests.post(
        url + Paths.REFERRALS, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def _poll(url: str, token: str, rid: str) -> requests.Response:
    return requests.get(
        url + Paths.REFERRAL.format(referral_id=rid),
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def test_submit_decide_and_poll(
    live: LiveHq, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, token = enrol(live.url, live.engine, "OUT03")
    rid = str(uuid.uuid4())
    made = ReferralStatus.model_validate(_submit(live.url, token, rid).json())
    assert str(made.referral_id) == rid and made.status == "pending"
    # A resend (the outlet lost the answer) is the same referral, not a second one.
    assert _submit(live.url, token, rid).json()["status"] == "pending"

    assert main(["referrals", "list", "--status", "pending", "--db", db_url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["referral_id"], r["outlet_code"], r["draft_id"]) for r in listed] == [
        (rid, "OUT03", "D-20261201-0007")
    ]
    assert listed[0]["quote_summary"]["total"] == "4120.33"

    assert (
        main(
            [
                "decide",
                rid,
                "--decline",
                "--note",
                "Coefficient too low for this vehicle",
                "--db",
                db_url,
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["status"] == "declined"
    polled = ReferralStatus.model_validate(_poll(live.url, token, rid).json())
    assert polled.status == "declined" and polled.note == "Coefficient too low for this vehicle"
    assert polled.decided_at is not None

    # A decision is final.
    assert main(["decide", rid, "--approve", "--note", "changed my mind", "--db", db_url]) == 1
    assert "already declined" in capsys.readouterr().err
    assert _poll(live.url, token, rid).json()["status"] == "declined"
    assert main(["referrals", "list", "--status", "pending", "--db", db_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_device_sees_only_its_own_referrals(
    live: LiveHq, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, mine = enrol(live.url, live.engine, "OUT01")
    _, theirs = enrol(live.url, live.engine, "OUT02")
    rid = str(uuid.uuid4())
    assert _submit(live.url, mine, rid).status_code == 200
    assert _poll(live.url, theirs, rid).status_code == 404
    assert _poll(live.url, "nobody", rid).status_code == 401
    assert main(["decide", str(uuid.uuid4()), "--approve", "--note", "ok", "--db", db_url]) == 1
    assert "referrals list" in capsys.readouterr().err
    assert main(["decide", rid, "--approve", "--note", "Within appetite", "--db", db_url]) == 0
    assert _poll(live.url, mine, rid).json()["status"] == "approved"


def test_referrals_sent_at_once_are_each_stored(live: LiveHq, db_url: str) -> None:
    """Outlets at the busy hour: twelve referrals (one resent) arrive together. Each is answered and
    held once; none fails because another request wrote between its read and its write."""
    from concurrent.futures import ThreadPoolExecutor

    _, token = enrol(live.url, live.engine, "OUT04")
    ids = [str(uuid.uuid4()) for _ in range(11)]
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda rid: _submit(live.url, token, rid), [*ids, ids[0]]))
    assert [a.status_code for a in answers] == [200] * 12
    for rid in ids:
        assert _poll(live.url, token, rid).json()["status"] == "pending"
