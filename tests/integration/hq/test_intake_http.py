"""Provisioning, device auth, idempotent intake and re-pricing over real HTTP against a live
server, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import threading
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq import devices, intake
from hq.models import IntakeEvent, Policy, PolicyCover, PolicyNumber
from hq.personal_data import DataKey
from hq.stats import collect
from sync.protocol import Paths, PolicyContent, PolicyUploadItem, content_hash
from tests.support.hq_data import add_fen, enrol, policy_item, tomorrow
from tests.support.hq_server import LiveHq


def _upload(url: str, token: str, items: list[dict]) -> requests.Response:
    return requests.post(
        url + Paths.POLICIES,
        json={"items": items},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def test_an_enrolment_code_works_once(live: LiveHq) -> None:
    with Session(live.engine) as s:
        _, code = devices.create_enrolment(s, "OUT01")
        s.commit()
    first = requests.post(live.url + Paths.PROVISION, json={"code": code}, timeout=10)
    assert first.status_code == 200 and first.json()["token"]
    again = requests.post(live.url + Paths.PROVISION, json={"code": code}, timeout=10)
    assert again.status_code == 401 and again.json()["error"] == "unauthorized"


def test_resend_is_duplicate_and_changed_resend_is_rejected(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    first = policy_item("P-1")
    accepted = _upload(live.url, token, [first]).json()["results"][0]
    assert accepted["outcome"] == "accepted" and accepted["confirmation_code"].startswith("QR")

    again = _upload(live.url, token, [first]).json()["results"][0]
    assert again["outcome"] == "duplicate"
    assert again["confirmation_code"] == accepted["confirmation_code"]

    changed = policy_item("P-1-EDITED", pid=first["policy_id"])
    rejected = _upload(live.url, token, [changed]).json()["results"][0]
    assert rejected["outcome"] == "rejected" and rejected["reason_code"] == "changed_content"
    with Session(live.engine) as s:
        assert s.query(Policy).count() == 1
        stored = s.get(Policy, first["policy_id"])
        assert stored is not None and stored.content_hash == first["content_hash"]
        flagged = s.scalar(
            select(func.count())
            .select_from(IntakeEvent)
            .where(IntakeEvent.reason_code == "changed_content")
        )
        assert flagged == 1


def test_a_premium_one_fen_off_is_rejected_naming_both_figures(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    right = policy_item("P-OK")
    premium = dict(right["content"]["premium"])
    premium["commercial"] = add_fen(premium["commercial"])
    premium["total"] = add_fen(premium["total"])
    wrong = policy_item("P-FEN", premium=premium)
    results = _upload(live.url, token, [wrong, right]).json()["results"]
    assert [r["outcome"] for r in results] == ["rejected", "accepted"]
    assert results[0]["reason_code"] == "premium_mismatch"
    reason = results[0]["reason"]
    assert premium["commercial"] in reason and right["content"]["premium"]["commercial"] in reason
    assert "version 1" in reason
    counts = collect(live.engine)
    assert counts["policies_accepted"] == 1 and counts["rejected"] == 1


def test_an_unpublished_rate_version_is_rejected(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    item = policy_item("P-V9", rate_version=9)
    result = _upload(live.url, token, [item]).json()["results"][0]
    assert result["outcome"] == "rejected" and result["reason_code"] == "unknown_rate_version"
    assert "9" in result["reason"]


def test_each_item_gets_its_own_result(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    good_a, good_b = policy_item("P-A"), policy_item("P-B")
    bad = policy_item("P-X")
    bad["content_hash"] = "0" * 64
    unpriceable = policy_item(
        "P-Q", quote_request={"start_date": tomorrow().isoformat()}, premium={"total": "1.00"}
    )
    results = _upload(live.url, token, [good_a, bad, unpriceable, good_b]).json()["results"]
    assert [r["outcome"] for r in results] == ["accepted", "rejected", "rejected", "accepted"]
    assert results[1]["reason_code"] == "hash_mismatch"
    assert results[2]["reason_code"] == "invalid_quote_request"
    with Session(live.engine) as s:
        assert s.query(Policy).count() == 2


def test_the_same_id_twice_in_one_batch_is_stored_once(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    item = policy_item("P-TWICE")
    results = _upload(live.url, token, [item, item]).json()["results"]
    assert [r["outcome"] for r in results] == ["accepted", "duplicate"]
    assert results[0]["confirmation_code"] == results[1]["confirmation_code"]


def test_the_same_batch_sent_twice_at_once_stores_each_policy_once(live: LiveHq) -> None:
    # An outlet's resend racing its first attempt (the answer was slow): each policy is stored
    # once, the loser of each race answered "duplicate" with the winner's code.
    token = enrol(live.url, live.engine)[1]
    items = [policy_item(f"P-R{i}") for i in range(40)]
    answers: list[list[dict]] = [[], []]
    gate = threading.Barrier(2)

    def send(k: int) -> None:
        gate.wait()
        answers[k] = _upload(live.url, token, items).json()["results"]

    threads = [threading.Thread(target=send, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for a, b in zip(*answers, strict=True):
        assert {a["outcome"], b["outcome"]} == {"accepted", "duplicate"}
        assert a["confirmation_code"] == b["confirmation_code"]
    with Session(live.engine) as s:
        assert s.query(Policy).count() == 40


def test_unknown_and_revoked_devices_get_401_with_a_reason(live: LiveHq) -> None:
    device_id, token = enrol(live.url, live.engine)
    assert _upload(live.url, "not-a-token", [policy_item("P-1")]).status_code == 401
    assert _upload(live.url, token, [policy_item("P-1")]).status_code == 200
    with Session(live.engine) as s:
        assert devices.revoke(s, device_id)
        s.commit()
    r = _upload(live.url, token, [policy_item("P-2")])
    assert r.status_code == 401
    assert r.json()["error"] == "unauthorized" and "revoked" in r.json()["message"]


def test_a_gzipped_batch_is_taken_like_a_plain_one(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    body = gzip.compress(json.dumps({"items": [policy_item("P-Z")]}, ensure_ascii=False).encode())
    r = requests.post(
        live.url + Paths.POLICIES,
        data=body,
        timeout=10,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["outcome"] == "accepted"


def test_an_over_long_item_is_rejected_alone_and_the_rest_accepted(live: LiveHq) -> None:
    # Policy numbers are stored in a 64-character column and the cover period as two dates: on
    # PostgreSQL a longer value would be a database error failing the whole batch (HTTP 500).
    _, token = enrol(live.url, live.engine)
    good_a, good_b = policy_item("P-LA"), policy_item("P-LB")
    long_number = policy_item("P-LN", number="P-" + "9" * 80)
    long_period = policy_item("P-LP")
    long_period["content"]["period"] = ["2026-12-01T00:00:00+08:00", "2027-11-30"]
    long_period["content_hash"] = content_hash(long_period["content"])
    r = _upload(live.url, token, [good_a, long_number, long_period, good_b])
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["outcome"] for x in results] == ["accepted", "rejected", "rejected", "accepted"]
    assert (
        results[1]["reason_code"] == "invalid_content" and "policy_number" in results[1]["reason"]
    )
    assert results[2]["reason_code"] == "invalid_content" and "period" in results[2]["reason"]
    with Session(live.engine) as s:
        assert {p.policy_number for p in s.scalars(select(Policy))} == {
            good_a["content"]["policy_number"],
            good_b["content"]["policy_number"],
        }


def test_a_row_the_database_refuses_is_rejected_alone(live: LiveHq) -> None:
    # A value the schema lets through but the column cannot hold (only PostgreSQL enforces
    # VARCHAR lengths; SQLite stores it): the item is rejected on its own, the others stored.
    device_id, _ = enrol(live.url, live.engine)
    items = [PolicyUploadItem.model_validate(policy_item(n)) for n in ("P-DA", "P-DB", "P-DC")]
    judged = [intake._Judged(it, it.parsed()) for it in items]
    judged[1].content = PolicyContent.model_construct(
        **{**judged[1].content.__dict__, "policy_number": "X" * 90}
    )
    uploader = intake.Uploader(device_id, frozenset({("OUT01", 1)}))
    with live.engine.connect().execution_options(hq_writer=True) as conn, conn.begin():
        results = intake._store(conn, uploader, judged, DataKey.generate())
    outcomes = [r.outcome for r in results]
    with Session(live.engine) as s:
        stored = {p.policy_number for p in s.scalars(select(Policy))}
    if live.engine.dialect.name == "postgresql":
        assert outcomes == ["accepted", "rejected", "accepted"]
        assert results[1].reason_code == "invalid_content" and "22001" in results[1].reason
        assert stored == {items[0].content["policy_number"], items[2].content["policy_number"]}
    else:
        assert outcomes == ["accepted"] * 3 and len(stored) == 3


def test_a_batch_is_stored_row_for_row_as_sent(live: LiveHq) -> None:
    # On PostgreSQL a batch's rows travel to the database as one JSON text per table: what is
    # stored must be what was sent, column for column (times with their zone, covers, numbers,
    # the event of a refused item).
    device_id, token = enrol(live.url, live.engine)
    items = [policy_item(f"P-ROW-{n}") for n in range(3)]
    wrong = policy_item("P-ROW-WRONG", premium={"total": "1.00", "ctpl": "1.00"})
    before = datetime.now(UTC)
    results = _upload(live.url, token, [*items, wrong]).json()["results"]
    assert [r["outcome"] for r in results] == ["accepted"] * 3 + ["rejected"]
    with Session(live.engine) as s:
        for item, result in zip(items, results, strict=False):
            row = s.get(Policy, item["policy_id"])
            content = item["content"]
            assert row is not None and row.device_id == device_id
            assert (row.policy_number, row.vin, [row.period_start, row.period_end]) == (
                content["policy_number"],
                content["vehicle"]["vin"],
                content["period"],
            )
            assert row.confirmation_code == result["confirmation_code"]
            assert row.content_hash == item["content_hash"]
            received = row.received_at.replace(tzinfo=row.received_at.tzinfo or UTC)
            assert before - timedelta(minutes=1) <= received <= datetime.now(UTC)
            covers = s.scalars(
                select(PolicyCover.cover).where(PolicyCover.policy_id == item["policy_id"])
            )
            assert sorted(covers) == sorted({c["code"] for c in content["covers"]})
            assert s.get(PolicyNumber, content["policy_number"]).policy_id == item["policy_id"]
        event = s.scalars(
            select(IntakeEvent).where(IntakeEvent.policy_id == wrong["policy_id"])
        ).one()
        assert (event.outcome, event.reason_code, event.device_id) == (
            "rejected",
            "premium_mismatch",
            device_id,
        )
