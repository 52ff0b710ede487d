"""Rate-table index and download: what an outlet pulls verifies against head office's key."""

from __future__ import annotations

import hashlib
import json

import requests
from sqlalchemy.orm import Session

from app.rating.signing import verify_table
from hq import devices
from hq.keys import public_from_b64
from hq.rates import publish
from sync.protocol import Paths, RateIndex
from tests.support.hq_data import demo_table_doc, enrol
from tests.support.hq_server import LiveHq


def test_index_and_download_need_a_token_and_verify_with_the_provisioned_key(live: LiveHq) -> None:
    assert requests.get(live.url + Paths.RATE_INDEX, timeout=10).status_code == 401
    with Session(live.engine) as s:
        publish(s, demo_table_doc(), live.key)
        s.commit()
    with Session(live.engine) as s:
        _, code = devices.create_enrolment(s, "OUT01")
        s.commit()
    provisioned = requests.post(live.url + Paths.PROVISION, json={"code": code}, timeout=10).json()
    auth = {"Authorization": f"Bearer {provisioned['token']}"}
    index = RateIndex.model_validate(
        requests.get(live.url + Paths.RATE_INDEX, headers=auth, timeout=10).json()
    )
    assert index.latest == 2 and [v.version for v in index.versions] == [1, 2]

    r = requests.get(live.url + Paths.RATE_TABLE.format(version=2), headers=auth, timeout=10)
    assert r.status_code == 200
    assert hashlib.sha256(r.content).hexdigest() == index.versions[1].sha256
    table = verify_table(json.loads(r.content), public_from_b64(provisioned["hq_public_key"]))
    assert table.version == 2

    missing = requests.get(live.url + Paths.RATE_TABLE.format(version=7), headers=auth, timeout=10)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    health = requests.get(live.url + Paths.HEALTH, timeout=10).json()
    assert health["latest_rate_version"] == 2


def test_a_revoked_device_cannot_download_tables(live: LiveHq) -> None:
    device_id, token = enrol(live.url, live.engine)
    auth = {"Authorization": f"Bearer {token}"}
    assert (
        requests.get(
            live.url + Paths.RATE_TABLE.format(version=1), headers=auth, timeout=10
        ).status_code
        == 200
    )
    with Session(live.engine) as s:
        devices.revoke(s, device_id)
        s.commit()
    assert (
        requests.get(
            live.url + Paths.RATE_TABLE.format(version=1), headers=auth, timeout=10
        ).status_code
        == 401
    )
