"""Security against a real head office: a revoked device is told plainly and loses nothing, a
replayed batch is answered "duplicate", and a rolled-back or tampered rate table is refused
and never installed."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.rating.installed import InstalledTables
from hq import devices
from hq.models import Policy as HqPolicy
from hq.models import RateTableVersion
from hq.rates import publish
from local_db.models import OutboxItem
from sync.client import HqClient, wire_item
from sync.rates import pull_rates, table_status
from sync.state import device_token, load_device
from tests.support.hq_data import demo_table_doc
from tests.support.outlet import fast_worker, issue_real


def _client(desk, link) -> HqClient:
    return HqClient(link.proxy.url, token=device_token(desk.store), attempts=1)


def test_a_revoked_device_is_told_plainly_and_keeps_its_queue(desk, link):
    issue_real(desk, 1)
    with Session(link.engine) as s:
        assert devices.revoke(s, load_device(desk.store).device_id)
        s.commit()
    worker = fast_worker(desk)
    summary = worker.run_once()
    assert not summary.ok
    assert (
        "revoked" in summary.error
        and "provision it again" in summary.error
        and "nothing is lost" in summary.error
    )
    assert "吊销" in summary.error_zh
    status = worker.status()
    assert status["state"] == "revoked" and status["policies_waiting"] == 1
    with desk.store.read() as s:
        assert s.execute(select(OutboxItem.status)).scalar_one() == "pending"


def test_a_replayed_batch_is_answered_as_duplicates(desk, link):
    issue_real(desk, 2)
    worker = fast_worker(desk)
    assert worker.run_once().upload.accepted == 2
    with desk.store.read() as s:
        payloads = list(s.execute(select(OutboxItem.payload)).scalars())
    body = gzip.compress(json.dumps({"items": [wire_item(p) for p in payloads]}).encode())
    client = _client(desk, link)
    first = client.upload_batch(body)
    again = client.upload_batch(body)  # someone replays the captured batch
    client.close()
    assert [o.outcome for o in first.results] == ["duplicate", "duplicate"]
    assert [o.outcome for o in again.results] == ["duplicate", "duplicate"]
    with Session(link.engine) as s:
        assert s.execute(select(func.count()).select_from(HqPolicy)).scalar_one() == 2


def test_newer_tables_are_installed_and_earlier_ones_kept(desk, link):
    with Session(link.engine) as s:
        publish(s, demo_table_doc(), link.key)
        s.commit()
    client = _client(desk, link)
    report = pull_rates(client, desk.home, desk.store)
    assert report.installed == [2] and not report.refused
    assert InstalledTables(desk.home).versions() == [1, 2]
    assert (
        pull_rates(client, desk.home, desk.store).installed == []
    )  # nothing new: nothing downloaded again
    client.close()


def _serve_as_version(link, version: int, signed_json: str) -> None:
    """A compromised or restored head-office database lists `signed_json` as `version`."""
    with Session(link.engine) as s:
        s.add(
            RateTableVersion(
                version=version,
                signed_json=signed_json,
                sha256=hashlib.sha256(signed_json.encode()).hexdigest(),
                key_id="x",
            )
        )
        s.commit()


def test_a_rolled_back_table_is_refused(desk, link):
    with Session(link.engine) as s:
        old = s.execute(
            select(RateTableVersion.signed_json).where(RateTableVersion.version == 1)
        ).scalar_one()
    _serve_as_version(link, 5, old)  # the genuine, validly signed version 1, offered as "new"
    client = _client(desk, link)
    report = pull_rates(client, desk.home, desk.store)
    client.close()
    assert report.installed == [] and [r.version for r in report.refused] == [5]
    assert "says it is version 1" in report.refused[0].reason
    assert InstalledTables(desk.home).versions() == [1]


def test_a_tampered_table_is_refused_and_reported(desk, link):
    with Session(link.engine) as s:
        doc = json.loads(
            s.execute(
                select(RateTableVersion.signed_json).where(RateTableVersion.version == 1)
            ).scalar_one()
        )
    doc["version"] = 2
    doc["issuer"] = doc["issuer"] + " (cheaper)"
    _serve_as_version(link, 2, json.dumps(doc, ensure_ascii=False, sort_keys=True))
    worker = fast_worker(desk)
    summary = worker.run_once()
    assert summary.rates is not None and summary.rates.installed == []
    assert [r.version for r in summary.rates.refused] == [2]
    assert "signature does not match" in summary.rates.refused[0].reason
    assert InstalledTables(desk.home).versions() == [1]
    assert "rate table refused" in worker.status()["last_error"]
    refusals = [e for e in desk.audit.recent(50) if e.action == "rates.refuse"]
    assert [e.object_id for e in refusals] == [
        "2"
    ]  # a tampered table is a security event on the record


def test_table_status_warns_before_expiry_and_says_when_expired(desk, link):
    # The demo table runs to 2027-12-31.
    assert table_status(desk.home, date(2027, 6, 1)).state == "ok"
    soon = table_status(desk.home, date(2027, 12, 20))
    assert soon.state == "expiring" and "2027-12-31" in soon.text and "11 days" in soon.text
    gone = table_status(desk.home, date(2028, 1, 2))
    assert gone.state == "expired" and "sync" in gone.text and "已于" in gone.text_zh
    # A successor starting the next day removes the warning.
    nxt = demo_table_doc() | {"effective_from": "2028-01-01", "effective_to": "2028-12-31"}
    with Session(link.engine) as s:
        publish(s, nxt, link.key)
        s.commit()
    client = _client(desk, link)
    assert pull_rates(client, desk.home, desk.store).installed == [2]
    client.close()
    assert table_status(desk.home, date(2027, 12, 20)).state == "ok"
    assert table_status(desk.home, date(2028, 6, 1)).version == 2
