"""The claims register: `chudan-hq claims import` (all or nothing, refused rows reported, a
re-import adds nothing twice, VIN and plate never in clear) and the devices' claims-history
look-up on a real head office, worked by hand from domain §3.3's NCD rule (level = claims −
continuous years, at most three counted; four claim-free years give −4)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import text
from sqlalchemy.orm import Session

from hq import accounts
from hq.claims import continuous_years
from hq.cli import main
from hq.staff_routes import LOGIN
from sync.protocol import Paths
from tests.support.hq_data import china_today, enrol

A, B, C, D = "LSVAU218XN2183294", "LFV3A23C7K3012345", "LSGPC52U1AF123456", "LHGCM56368A000001"


def _year_before(day: date) -> date:
    return (
        day.replace(year=day.year - 1)
        if not (day.month == 2 and day.day == 29)
        else day - timedelta(365)
    )


def _run_of_years(vin: str, years: int, end: date) -> list[str]:
    """`years` back-to-back policy years, the last ending on `end` (prior-policy CSV rows)."""
    rows = []
    for n in range(years):
        start = _year_before(end) + timedelta(days=1)
        rows.append(f"{vin},PRIOR{vin[-4:]}{n},别家保险,OUT09,commercial,{start},{end}")
        end = start - timedelta(days=1)
    return rows


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(db_url: str, path: Path, capsys) -> tuple[int, dict]:
    code = main(["claims", "import", str(path), "--db", db_url, "--json"])
    return code, json.loads(capsys.readouterr().out)


HEADER = "claim_number,vin,plate,loss_date,paid"


@pytest.fixture
def today() -> date:
    return china_today()


def test_import_is_all_or_nothing_idempotent_and_sealed(
    engine, db_url, hq_home, tmp_path, capsys, today
):
    bad = _write(
        tmp_path,
        "bad.csv",
        [
            HEADER,
            f"CL-1,{A},京A12345,{today - timedelta(days=100)},3200.00",
            f"CL-2,LSVAU2180N2183294,,{today - timedelta(days=10)},100",  # check digit wrong
            f"CL-3,{B},,{today + timedelta(days=1)},100",  # in the future
            f"CL-1,{B},,{today - timedelta(days=5)},100",  # the same claim number again
            f"CL-5,{B},,{today - timedelta(days=5)},-1",
        ],
    )
    code, out = _import(db_url, bad, capsys)
    assert code == 1 and out["added"] == 0
    assert [(r["line"], r["reason"].split(":")[0].split(" ")[0]) for r in out["refused"]] == [
        (3, "vin"),
        (4, "loss_date"),
        (5, "claim_number"),
        (6, "paid"),
    ]
    assert "LSVAU2180N2183294" not in json.dumps(out)  # reasons never echo the values
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar() == 0
    good = _write(
        tmp_path,
        "good.csv",
        [
            HEADER,
            f"CL-1,{A},京A12345,{today - timedelta(days=100)},3200.00",
            f"CL-2,{A},京A12345,{today - timedelta(days=500)},0",
        ],
    )
    assert _import(db_url, good, capsys) == (0, {"added": 2, "already": 0, "refused": []})
    assert _import(db_url, good, capsys) == (0, {"added": 0, "already": 2, "refused": []})
    changed = _write(
        tmp_path, "changed.csv", [HEADER, f"CL-1,{A},,{today - timedelta(days=100)},9"]
    )
    code, out = _import(db_url, changed, capsys)
    assert code == 1 and out["refused"][0]["line"] == 2
    with engine.connect() as conn:
        dump = json.dumps([list(map(str, r)) for r in conn.execute(text("SELECT * FROM claims"))])
    assert A not in dump and "京A12345" not in dump and "A12345" not in dump


def test_continuous_years_join_gaps_up_to_six_months():
    d = date(2026, 12, 1)
    year = [(date(2025, 12, 1), date(2026, 11, 30))]
    assert continuous_years([], d) is None
    assert continuous_years(year, d) == 1
    older = (date(2024, 7, 1), date(2025, 6, 30))  # five months' gap: still continuous
    assert continuous_years([*year, older], d) == 2  # the gap itself is not counted
    oldest = (date(2022, 12, 1), date(2023, 11, 30))  # then seven months without cover
    assert continuous_years([*year, older, oldest], d) == 2
    lapsed = [(date(2024, 1, 1), date(2024, 12, 31))]
    assert continuous_years(lapsed, d) == 0  # ended eleven months ago


def test_claims_history_for_devices_only(hq_home, live, db_url, tmp_path, capsys, today):
    end = today + timedelta(days=30)  # each vehicle's cover runs out next month: renewal time
    prior = [
        "vin,policy_number,insurer,outlet_code,coverage,start,end",
        *_run_of_years(A, 3, end),
        *_run_of_years(B, 1, end),
        *_run_of_years(D, 4, end),
    ]
    assert main(["lookups", "load", str(_write(tmp_path, "p.csv", prior)), "--db", db_url]) == 0
    register = [
        HEADER,
        f"CL-1,{A},京A12345,{today - timedelta(days=100)},3200.00",
        f"CL-2,{A},,{today - timedelta(days=500)},0",
        f"CL-3,{A},,{today - timedelta(days=5 * 365)},800",  # five years ago: outside the window
        *(f"CL-B{n},{B},,{today - timedelta(days=20 * n)},100" for n in (1, 2, 3)),
        f"CL-C1,{C},,{today - timedelta(days=40)},50",
    ]
    capsys.readouterr()
    assert _import(db_url, _write(tmp_path, "c.csv", register), capsys)[1]["added"] == 7
    _, token = enrol(live.url, live.engine)
    headers = {"Authorization": f"Bearer {token}"}

    def ask(vin: str, years: int = 3) -> dict:
        r = requests.post(
            live.url + Paths.CLAIMS_HISTORY_LOOKUP,
            json={"vin": vin, "years": years},
            headers=headers,
            timeout=10,
        )
        assert r.status_code == 200, r.text
        return r.json()

    a = ask(A)
    # Three continuous years, two claims in them: 2 − 3 = −1 (coefficient 0.8).
    assert (a["continuous_years"], a["ncd_level"], a["claims_last_year"]) == (3, -1, 1)
    assert [c["paid"] for c in a["claims"]] == ["0.00", "3200.00"] and a["claim_free_years"] == 0
    assert a["rate_version"] == live.rate_version and a["as_of"] == today.isoformat()
    b = ask(B)
    assert (b["continuous_years"], b["ncd_level"], len(b["claims"])) == (1, 2, 3)  # 3 − 1
    c = ask(C)  # a claim, but no cover head office knows of: no level, never a guess
    assert (c["continuous_years"], c["ncd_level"], len(c["claims"])) == (None, None, 1)
    d = ask(D)  # four claim-free years: the best level
    assert (d["continuous_years"], d["ncd_level"], d["claim_free_years"]) == (4, -4, 3)
    assert ask(A, years=5)["claims"][0]["paid"] == "800.00"
    bad = requests.post(
        live.url + Paths.CLAIMS_HISTORY_LOOKUP,
        json={"vin": A, "years": 9},
        headers=headers,
        timeout=10,
    )
    assert bad.status_code == 422
    # A staff token is no device token.
    with Session(live.engine) as s:
        accounts.add_user(s, "claims.staff", "admin", "a long enough pass", cost=2**10)
        s.commit()
    # (the live server checks unknown names at the default cost; this name exists)
    login = requests.post(
        live.url + LOGIN,
        json={"name": "claims.staff", "password": "a long enough pass"},
        timeout=30,
    )
    staff = {"Authorization": f"Bearer {login.json()['token']}"}
    r = requests.post(
        live.url + Paths.CLAIMS_HISTORY_LOOKUP, json={"vin": A}, headers=staff, timeout=10
    )
    assert r.status_code == 401
