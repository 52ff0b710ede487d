"""`chudan-hq serve`'s access log (its own process, as run in production) records look-ups
without the VIN or plate they asked about; other paths are logged as they were."""

from __future__ import annotations

import subprocess
import threading

import pytest
import requests

from hq.access_log import mask_path
from sync.protocol import Paths
from tests.support.hq_server import HqProcess
from tests.support.paths import REPO
from tests.support.ports import free_port

VIN, PLATE = "LSVAU2180N2183294", "京A12345"


def test_mask_path_keeps_names_and_lengths_only_on_lookups():
    assert mask_path(f"/api/v1/lookups/vehicle?vin={VIN}&plate=%E4%BA%ACA12345") == (
        "/api/v1/lookups/vehicle?vin=*****************&plate=*******"
    )
    assert mask_path("/api/v1/rates/3") == "/api/v1/rates/3"
    assert mask_path("/api/v1/lookups/vehicle") == "/api/v1/lookups/vehicle"


@pytest.mark.slow  # a real `chudan-hq serve` process: its start-up takes seconds
def test_the_served_access_log_never_shows_a_vin_or_plate(tmp_path):
    hq = HqProcess(tmp_path / "hq")
    hq.env["PYTHONPATH"] = str(REPO)  # this checkout's head office, not the installed one
    code = hq.set_up()
    log = tmp_path / "access.log"
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(hq.bin), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=hq.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            waiter = threading.Event()
            for _ in range(600):
                try:
                    if requests.get(base + Paths.HEALTH, timeout=2).ok:
                        break
                except requests.RequestException:
                    waiter.wait(0.1)
            token = requests.post(base + Paths.PROVISION, json={"code": code}, timeout=10).json()[
                "token"
            ]
            headers = {"Authorization": f"Bearer {token}"}
            r = requests.get(
                base + Paths.VEHICLE_LOOKUP,
                params={"vin": VIN, "plate": PLATE},
                headers=headers,
                timeout=10,
            )
            assert r.status_code == 200
            requests.get(base + Paths.VIOLATIONS_LOOKUP, params={"plate": PLATE}, headers=headers)
            requests.get(base + Paths.RATE_INDEX, headers=headers, timeout=10)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "GET /api/v1/lookups/vehicle?vin=*****************&plate=******* HTTP/1.1" in text
    assert "/api/v1/lookups/violations?plate=*******" in text
    assert "GET /api/v1/rates HTTP/1.1" in text  # other paths as they were
    for secret in (VIN, "A12345", "%E4%BA%AC", PLATE):
        assert secret not in text
