"""Look-ups: loaded from CSV by an operator, answered to devices with the owner's name masked,
and made slow or absent on demand like a real third-party source."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from hq import lookups
from hq.cli import main
from hq.personal_data import data_key
from hq.server import LookupSource
from sync.protocol import (
    Paths,
    PriorPoliciesResponse,
    VehicleLookupResponse,
    ViolationsLookupResponse,
)
from tests.support.hq_data import enrol
from tests.support.hq_server import running

VEHICLES = """vin,plate,model,usage_nature,owner_name,registered_on
LSVAU2180N2183294,京A12345,大众朗逸 1.5L,非营运,张三丰,2022-05-10
LFV3A23C8K3012345,沪B67890,丰田卡罗拉,营运,李四,2019-03-01
"""
VIOLATIONS = """plate,occurred_on,code,description,points,fine
京A12345,2025-07-01,1352,超速 20% 以下,3,200
京A12345,2025-03-15,1039,违停,0,150.00
"""
POLICIES = """vin,policy_number,insurer,outlet_code,coverage,start,end
LSVAU2180N2183294,PDAA202611000000001,示例保险,OUT02,ctpl,2026-06-01,2027-05-31
"""


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(db_url: str, path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert main(["lookups", "load", str(path), "--db", db_url, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def loaded(engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert _load(db_url, _csv(tmp_path, "v.csv", VEHICLES), capsys) == {
        "kind": "vehicles",
        "rows": 2,
    }
    assert _load(db_url, _csv(tmp_path, "x.csv", VIOLATIONS), capsys) == {
        "kind": "violations",
        "rows": 2,
    }
    assert (
        _load(db_url, _csv(tmp_path, "p.csv", POLICIES), capsys, "--kind", "policies")["rows"] == 1
    )
    return db_url


@pytest.fixture
def served(engine: Engine, loaded: str) -> Iterator[tuple[str, dict[str, str]]]:
    with running(engine, Ed25519PrivateKey.generate()) as url:
        _, token = enrol(url, engine)
        yield url, {"Authorization": f"Bearer {token}"}


@pytest.mark.live  # head office on loopback (`served`)
def test_vehicle_by_vin_or_plate_masks_the_owner(served: tuple[str, dict[str, str]]) -> None:
    url, auth = served
    by_vin = VehicleLookupResponse.model_validate(
        requests.get(
            url + Paths.VEHICLE_LOOKUP,
            params={"vin": "lsvau2180n2183294"},
            headers=auth,
            timeout=10,
        ).json()
    )
    assert by_vin.found and by_vin.vehicle is not None
    assert by_vin.vehicle.model == "大众朗逸 1.5L" and by_vin.vehicle.usage_nature == "非营运"
    assert by_vin.vehicle.owner_name_masked == "张**"
    raw = requests.get(
        url + Paths.VEHICLE_LOOKUP, params={"plate": "沪B67890"}, headers=auth, timeout=10
    )
    assert "李四" not in raw.text and raw.json()["vehicle"]["vin"] == "LFV3A23C8K3012345"
    nothing = requests.get(
        url + Paths.VEHICLE_LOOKUP, params={"plate": "粤C00000"}, headers=auth, timeout=10
    )
    assert nothing.json() == {"found": False, "vehicle": None}
    neither = requests.get(url + Paths.VEHICLE_LOOKUP, headers=auth, timeout=10)
    assert neither.status_code == 422 and neither.json()["error"] == "invalid_request"
    assert (
        requests.get(
            url + Paths.VEHICLE_LOOKUP, params={"plate": "沪B67890"}, timeout=10
        ).status_code
        == 401
    )


@pytest.mark.live  # head office on loopback (`served`)
def test_violations_by_plate_and_prior_policies_by_vin(served: tuple[str, dict[str, str]]) -> None:
    url, auth = served
    v = ViolationsLookupResponse.model_validate(
        requests.get(
            url + Paths.VIOLATIONS_LOOKUP, params={"plate": "京A12345"}, headers=auth, timeout=10
        ).json()
    )
    assert [x.occurred_on for x in v.violations] == ["2025-03-15", "2025-07-01"]
    assert str(v.violations[1].fine) == "200.00" and v.violations[1].points == 3
    p = PriorPoliciesResponse.model_validate(
        requests.get(
            url + Paths.PRIOR_POLICIES_LOOKUP,
            params={"vin": "LSVAU2180N2183294"},
            headers=auth,
            timeout=10,
        ).json()
    )
    assert [(x.outlet_code, x.coverage, x.end) for x in p.policies] == [
        ("OUT02", "ctpl", "2027-05-31")
    ]


@pytest.mark.live  # head office on loopback (`served`)
def test_outage_and_delay_switched_at_run_time(
    served: tuple[str, dict[str, str]], loaded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url, auth = served
    ask = {"params": {"plate": "京A12345"}, "headers": auth, "timeout": 10}
    assert requests.get(url + Paths.VIOLATIONS_LOOKUP, **ask).status_code == 200  # type: ignore[arg-type]
    assert main(["lookups", "outage", "on", "--db", loaded]) == 0
    down = requests.get(url + Paths.VIOLATIONS_LOOKUP, **ask)  # type: ignore[arg-type]
    assert down.status_code == 503 and down.json()["error"] == "lookup_unavailable"
    assert main(["lookups", "outage", "off", "--db", loaded]) == 0
    assert requests.get(url + Paths.VIOLATIONS_LOOKUP, **ask).status_code == 200  # type: ignore[arg-type]
    assert main(["lookups", "delay", "300", "--db", loaded]) == 0
    t0 = time.perf_counter()
    assert requests.get(url + Paths.VIOLATIONS_LOOKUP, **ask).status_code == 200  # type: ignore[arg-type]
    assert time.perf_counter() - t0 >= 0.3


@pytest.mark.live  # head office on loopback
def test_serve_options_make_the_source_slow_or_absent(engine: Engine, loaded: str) -> None:
    with running(engine, lookup_source=LookupSource(delay_ms=400)) as url:
        _, token = enrol(url, engine)
        auth = {"Authorization": f"Bearer {token}"}
        t0 = time.perf_counter()
        r = requests.get(
            url + Paths.VEHICLE_LOOKUP,
            params={"vin": "LSVAU2180N2183294"},
            headers=auth,
            timeout=10,
        )
        assert r.status_code == 200 and time.perf_counter() - t0 >= 0.4
        # Only look-ups are slowed; other calls answer at once.
        t0 = time.perf_counter()
        assert requests.get(url + Paths.HEALTH, timeout=10).status_code == 200
        assert time.perf_counter() - t0 < 0.4
    with running(engine, lookup_source=LookupSource(outage=True)) as url:
        _, token = enrol(url, engine)
        r = requests.get(
            url + Paths.PRIOR_POLICIES_LOOKUP,
            params={"vin": "LSVAU2180N2183294"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert r.status_code == 503 and r.json()["error"] == "lookup_unavailable"


def test_a_bad_row_is_reported_by_line_and_nothing_is_loaded(
    engine: Engine, loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _csv(tmp_path, "bad.csv", VEHICLES + "SHORTVIN,粤C1,比亚迪,非营运,王五,2020-01-01\n")
    assert main(["lookups", "load", str(bad), "--db", loaded]) == 1
    err = capsys.readouterr().err
    assert "line 4" in err and "vin" in err and "王五" not in err
    wrong_date = _csv(tmp_path, "bad2.csv", VIOLATIONS.replace("2025-03-15", "2025-13-15"))
    assert main(["lookups", "load", str(wrong_date), "--db", loaded]) == 1
    assert "line 3" in capsys.readouterr().err
    unknown = _csv(tmp_path, "what.csv", "a,b\n1,2\n")
    assert main(["lookups", "load", str(unknown), "--db", loaded]) == 1
    assert "--kind" in capsys.readouterr().err
    # The earlier complete load is still what is answered.
    with Session(engine) as s:
        record = lookups.vehicle(s, data_key(engine), plate="京A12345")
        assert record is not None and record.vin == "LSVAU2180N2183294"
        assert len(lookups.violations(s, "京A12345")) == 2
