"""Provisioning, device auth and idempotent intake over real HTTP against a live server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy.orm import Session

from hq import devices
from hq.models import Base, Policy, make_engine
from sync.protocol import Paths, content_hash
from tests.hq.live_server import running
from tests.hq.pg_server import throwaway_postgres, unavailable_reason


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
        pytest.skip(reason)
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def hq(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, object]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    if request.param == "postgresql":
        # One cluster per module: start each test from empty tables.
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
    with running(engine) as base:
        yield base, engine
    engine.dispose()


def _provision(url: str, engine: object) -> tuple[str, str]:
    with Session(engine) as s:  # type: ignore[arg-type]
        _, code = devices.create_enrolment(s, "OUT01")
        s.commit()
    r = requests.post(url + Paths.PROVISION, json={"code": code}, timeout=10)
    assert r.status_code == 200
    body = r.json()
    # The code is one-time: a second use is refused.
    again = requests.post(url + Paths.PROVISION, json={"code": code}, timeout=10)
    assert again.status_code == 401
    return body["device_id"], body["token"]


def _item(number: str, total: str = "950.00", pid: str | None = None) -> dict:
    content = {"policy_number": number, "rate_version": 1, "quote_request": {"seats": 5},
               "premium": {"total": total}}
    return {"policy_id": pid or str(uuid.uuid4()), "content_hash": content_hash(content), "content": content}


def _upload(url: str, token: str, items: list[dict]) -> requests.Response:
    return requests.post(url + Paths.POLICIES, json={"items": items},
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_resend_is_duplicate_and_changed_resend_is_rejected(hq: tuple[str, object]) -> None:
    url, engine = hq
    _, token = _provision(url, engine)
    first = _item("P-1")
    r = _upload(url, token, [first])
    assert r.status_code == 200
    accepted = r.json()["results"][0]
    assert accepted["outcome"] == "accepted" and accepted["confirmation_code"]

    again = _upload(url, token, [first]).json()["results"][0]
    assert again["outcome"] == "duplicate"
    assert again["confirmation_code"] == accepted["confirmation_code"]

    changed = _item("P-1", total="950.01", pid=first["policy_id"])
    rejected = _upload(url, token, [changed]).json()["results"][0]
    assert rejected["outcome"] == "rejected" and rejected["reason_code"] == "changed_content"
    with Session(engine) as s:  # type: ignore[arg-type]
        assert s.query(Policy).count() == 1
        assert s.get(Policy, first["policy_id"]).content_hash == first["content_hash"]


def test_each_item_gets_its_own_result(hq: tuple[str, object]) -> None:
    url, engine = hq
    _, token = _provision(url, engine)
    good_a, good_b = _item("P-A"), _item("P-B")
    bad = _item("P-X")
    bad["content_hash"] = "0" * 64
    results = _upload(url, token, [good_a, bad, good_b]).json()["results"]
    assert [r["outcome"] for r in results] == ["accepted", "rejected", "accepted"]
    assert results[1]["reason_code"] == "hash_mismatch"


def test_unknown_and_revoked_devices_get_401_with_a_reason(hq: tuple[str, object]) -> None:
    url, engine = hq
    device_id, token = _provision(url, engine)
    assert _upload(url, "not-a-token", [_item("P-1")]).status_code == 401
    assert _upload(url, token, [_item("P-1")]).status_code == 200
    with Session(engine) as s:  # type: ignore[arg-type]
        assert devices.revoke(s, device_id)
        s.commit()
    r = _upload(url, token, [_item("P-2")])
    assert r.status_code == 401
    assert r.json()["error"] == "unauthorized" and "revoked" in r.json()["message"]


def test_a_gzipped_batch_is_taken_like_a_plain_one(hq: tuple[str, object]) -> None:
    import gzip
    import json

    url, engine = hq
    _, token = _provision(url, engine)
    body = gzip.compress(json.dumps({"items": [_item("P-Z")]}, ensure_ascii=False).encode())
    r = requests.post(url + Paths.POLICIES, data=body, timeout=10,
                      headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                               "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["outcome"] == "accepted"
