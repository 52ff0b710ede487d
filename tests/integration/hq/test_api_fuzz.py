"""A fuzzing pass over head office's HTTP API: hypothesis sends a few hundred requests (200 on
each database) a broken or hostile client might send (policies and referrals with fields
replaced by huge, negative, NaN, over-long, invisible-character or deeply nested values; damaged
gzip; no, bad or over-long tokens; unknown paths and methods) to a real server on loopback. Every answer must be an answer
of the protocol (never a server error, errors in the protocol's shape), and head office must
still take a good policy afterwards. `make bench` runs the same pass with a few thousand cases
(benchmarks/bench_hq_limits.py); CHUDAN_FUZZ_EXAMPLES sets the count here."""

from __future__ import annotations

import os

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from sqlalchemy.engine import Engine

from sync.protocol import Paths
from tests.support.hq_data import enrol, policy_item, publish_demo
from tests.support.hq_fuzz import Probe, check_answer, probes
from tests.support.hq_server import running

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("CHUDAN_FUZZ_EXAMPLES", "200"))


def test_no_request_makes_head_office_fail(engine: Engine) -> None:
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    with running(engine, key) as url:
        _, token = enrol(url, engine, "OUT01")

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(probes(token, "OUT01"))
        def one(probe: Probe) -> None:
            check_answer(probe, probe.send(url))

        one()
        good = policy_item("AFTER-FUZZ", vin="LSVCC6A45PN999999")
        r = requests.post(
            url + Paths.POLICIES,
            json={"items": [good]},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        assert r.status_code == 200 and r.json()["results"][0]["outcome"] == "accepted"
        assert requests.get(url + Paths.HEALTH, timeout=30).json()["status"] == "ok"
