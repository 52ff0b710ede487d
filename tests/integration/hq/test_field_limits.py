"""Every field head office takes has a size and a range, as at the outlet: money that is not a
small non-negative amount of fen ("1e999999", "NaN", "-5"), over-long or invisible-character text,
an oversized policy or batch, a deep or huge free-form part. A policy breaking them is refused on
its own, naming the field (never its value), and the rest of the batch is accepted; any other
request breaking them is a 422 naming the field. Never a 500. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq.models import Policy, Referral
from sync.protocol import MAX_CONTENT_BYTES, Paths
from tests.support.hq_data import enrol, example_quote_request, item_of, policy_item
from tests.support.hq_server import LiveHq


def _post(url: str, path: str, token: str, body: Any) -> requests.Response:
    return requests.post(
        url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
    )


def _with(item: dict, path: str, value: Any) -> dict:
    """The item with one field of its content replaced (and hashed again, as an outlet would)."""
    content = json.loads(json.dumps(item["content"]))
    *parents, last = path.split(".")
    node = content
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value
    return item_of(content, item["policy_id"])


BAD_FIELDS = [
    ("premium.ctpl", "1e999999"),
    ("premium.total", "1e308"),
    ("premium.commercial", "NaN"),
    ("premium.vehicle_tax", "-5.00"),
    ("premium.total", "Infinity"),
    ("premium.ctpl", "950.001"),
    ("vehicle.purchase_price", "1e999999"),
    ("vehicle.seats", 10**30),
    ("vehicle.displacement_l", "1e999999"),
    ("covers.2.limit", "-1"),
    ("customer.name", "张" * 300),
    ("customer.name", "张\x00伟"),
    ("customer.address", "北京市\u202e88号"),
    ("customer.id_number", "1101051985\n07231238"),
    ("vehicle.vin", "LSVCC6A45PN12345'"),
    ("period.1", "9999-99-99"),
    ("rate_version", 10**30),
    ("quote_request.history", json.loads("[" * 50 + "]" * 50)),
    ("issued_at", "not a time"),
]


@pytest.mark.parametrize(("path", "value"), BAD_FIELDS, ids=[p for p, _ in BAD_FIELDS])
def test_a_field_out_of_range_refuses_that_policy_alone_naming_the_field(
    live: LiveHq, path: str, value: Any
) -> None:
    _, token = enrol(live.url, live.engine)
    good = policy_item("GOOD")
    bad = _with(policy_item("BAD"), path, value)
    r = _post(live.url, Paths.POLICIES, token, {"items": [bad, good]})
    assert r.status_code == 200, r.text
    refused, accepted = r.json()["results"]
    assert accepted["outcome"] == "accepted"
    assert refused["outcome"] == "rejected" and refused["reason_code"] == "invalid_content"
    field = path.split(".")[0]
    assert field in refused["reason"], refused["reason"]
    if isinstance(value, str) and len(value) > 3:
        assert value not in refused["reason"]  # the value itself is never echoed
    with Session(live.engine) as s:
        assert s.scalar(select(func.count()).select_from(Policy)) == 1


def test_a_policy_larger_than_the_limit_is_refused_alone(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    # Each value within its own limits, the whole policy not.
    big = _with(policy_item("BIG"), "notes", ["x" * 900 for _ in range(30)])
    assert len(json.dumps(big["content"])) > MAX_CONTENT_BYTES
    result = _post(live.url, Paths.POLICIES, token, {"items": [big]}).json()["results"][0]
    assert result["reason_code"] == "invalid_content" and "at most 16,384" in result["reason"]


def test_a_batch_of_two_hundred_fifty_kilobyte_items_is_refused_whole(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    item = policy_item("HUGE")
    item["content"]["padding"] = "x" * 50_000
    r = _post(live.url, Paths.POLICIES, token, {"items": [item] * 200})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    with Session(live.engine) as s:
        assert s.scalar(select(func.count()).select_from(Policy)) == 0


def test_other_requests_out_of_range_are_a_422_naming_the_field(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    referral = {
        "referral_id": str(uuid.uuid4()),
        "reasons": ["high value"],
        "quote_request": example_quote_request(),
    }
    for field, value in (
        ("note", "备注" * 1000),
        ("reasons", ["r"] * 21),
        ("draft_id", "d" * 65),
        ("policy_number", "\u202eP1"),
        ("quote_summary", {"total": "1e999999", "deep": json.loads("[" * 40 + "]" * 40)}),
    ):
        r = _post(live.url, Paths.REFERRALS, token, referral | {field: value})
        assert r.status_code == 422, (field, r.text)
        assert field in r.json()["message"]
    headers = {"Authorization": f"Bearer {token}"}
    for path in (
        Paths.VEHICLE_LOOKUP + "?vin=" + "L" * 1000,
        Paths.VIOLATIONS_LOOKUP + "?plate=" + "京" * 100,
        Paths.RATE_TABLE.format(version=10**30),
        Paths.RATE_TABLE.format(version=-1),
        Paths.REFERRAL.format(referral_id="../../etc/passwd"),
        Paths.QR_PAYMENT.format(reference="R" * 200),
    ):
        r = requests.get(live.url + path, headers=headers, timeout=30)
        assert r.status_code in (404, 422), (path, r.status_code, r.text)
        assert r.json()["error"] in ("invalid_request", "not_found")
    with Session(live.engine) as s:
        assert s.scalar(select(func.count()).select_from(Referral)) == 0
