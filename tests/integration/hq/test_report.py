"""`chudan-hq report --month 2026-11 --xlsx FILE`: every outlet's figures from what the outlets
uploaded, by the Beijing day each policy was issued, on SQLite and PostgreSQL, written with the
desk's own sheets and read back with openpyxl. The month, by hand:

| outlet | issued (Beijing)   | CTPL   | commercial | tax | covers                   |
|--------|--------------------|--------|-----------|-----|---------------------------|
| OUT01  | 2026-10-31 12:00   | 950    | 3,000     | 420 | (October)                 |
| OUT01  | 2026-11-02 10:00   | 950    | 4,000     | 420 | own damage, TP 1M          |
| OUT01  | 2026-11-30 23:30   | 665    | 0         | 300 | —                          |
| OUT02  | 2026-11-15 09:00   | 950    | 6,000     | 420 | own damage, TP 2M, driver  |
| OUT02  | 2026-12-01 00:30   | 950    | 2,000     | 420 | (December: 11-30 16:30 UTC) |

November: 3 policies, CTPL 2,565.00, commercial 10,000.00, premium 12,565.00, tax 1,140.00;
OUT01 2 (5,615.00), OUT02 1 (6,950.00); high value (commercial ≥ 5,000) 1 of 3; one upload
refused in November. October: 1 policy."""

from __future__ import annotations

import json
import subprocess
import uuid
from datetime import UTC, datetime

import openpyxl
import pytest
from sqlalchemy.orm import Session

from hq.cli import main
from hq.models import Device, IntakeEvent, Policy
from hq.personal_data import data_key

ROWS = [
    ("OUT01", "2026-10-31T04:00:00+00:00", "950.00", "3000.00", "420.00", []),
    (
        "OUT01",
        "2026-11-02T02:00:00+00:00",
        "950.00",
        "4000.00",
        "420.00",
        ["vehicle_damage", "tp1"],
    ),
    ("OUT01", "2026-11-30T15:30:00+00:00", "665.00", "0.00", "300.00", []),
    (
        "OUT02",
        "2026-11-15T01:00:00+00:00",
        "950.00",
        "6000.00",
        "420.00",
        ["vehicle_damage", "tp2", "driver"],
    ),
    ("OUT02", "2026-11-30T16:30:00+00:00", "950.00", "2000.00", "420.00", ["tp1"]),
]


def _coverages(codes: list[str]) -> list[dict]:
    out = []
    for c in codes:
        if c.startswith("tp"):
            out.append({"code": "third_party", "limit": f"{int(c[2:]) * 1_000_000}.00"})
        else:
            out.append({"code": c})
    return out


@pytest.fixture
def uploaded(engine):
    with Session(engine) as s:
        devices = {o: str(uuid.uuid4()) for o in ("OUT01", "OUT02")}
        s.add_all(
            Device(id=d, outlet_code=o, device_number=n)
            for n, (o, d) in enumerate(devices.items(), start=1)
        )
        key = data_key(engine)  # uploads are stored sealed, as the intake stores them
        for n, (outlet, issued, ctpl, commercial, tax, covers) in enumerate(ROWS):
            content = {
                "policy_number": f"HQREP{n}",
                "premium": {"ctpl": ctpl, "commercial": commercial, "vehicle_tax": tax},
                "issued_at": issued,
                "coverages": _coverages(covers),
                "customer": {"name": "不应读取"},
            }
            pid = str(uuid.uuid4())
            s.add(
                Policy(
                    policy_id=pid,
                    content_hash="0" * 64,
                    device_id=devices[outlet],
                    policy_number=f"HQREP{n}",
                    confirmation_code="C",
                    content_json=key.seal(
                        json.dumps(content, ensure_ascii=False), f"policies.content_json:{pid}"
                    ),
                    # The last November policy arrives in January: its outlet was offline.
                    received_at=datetime(2027, 1, 5, tzinfo=UTC)
                    if n == 2
                    else datetime.fromisoformat(issued),
                )
            )
        s.add(
            IntakeEvent(
                policy_id=str(uuid.uuid4()),
                device_id=devices["OUT02"],
                outcome="rejected",
                reason_code="premium_mismatch",
                at=datetime(2026, 11, 20, 3, tzinfo=UTC),
            )
        )
        s.commit()
    return engine


def test_the_month_across_outlets_by_hand(uploaded, db_url, tmp_path, capsys):
    xlsx, pdf = tmp_path / "hq-2026-11.xlsx", tmp_path / "hq-2026-11.pdf"
    argv = ["report", "--month", "2026-11", "--xlsx", str(xlsx), "--pdf", str(pdf)]
    code = main([*argv, "--db", db_url, "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["policies"], data["outlets"], data["rejected"]) == (3, 2, 1)
    assert (data["premium"], data["ctpl_premium"], data["tax"]) == (
        "12565.00",
        "2565.00",
        "1140.00",
    )
    assert data["by_outlet"] == {
        "OUT01": {"policies": 2, "premium": "5615.00"},
        "OUT02": {"policies": 1, "premium": "6950.00"},
    }
    book = openpyxl.load_workbook(xlsx)
    assert "按网点" in book.sheetnames and "出单时效" not in book.sheetnames
    summary = {r[0]: r[1:] for r in book["概览"].iter_rows(min_row=2, values_only=True)}
    assert summary["保单数"][:3] == (3, 1, 2)  # October 1: +200 %
    assert summary["高价值保单占比"][0] == pytest.approx(0.3333)
    assert summary["交商套单率"][0] == pytest.approx(0.6667)
    assert book["按网点"]["A1"].value == "网点"  # the outlet column, not the "at the desk" channel
    outlets = {r[0]: r[1] for r in book["按网点"].iter_rows(min_row=2, values_only=True)}
    assert outlets == {"OUT01": 2, "OUT02": 1}
    limits = {r[0]: r[1] for r in book["三者险限额"].iter_rows(min_row=2, values_only=True)}
    assert limits == {1_000_000: 1, 2_000_000: 1}
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "12,565.00" in text and "OUT02" in text and "不应读取" not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--month", "2026-13"], "not a month"),
        (["--month", "2026-11", "--xlsx", "out.pdf"], "ending in .xlsx"),
        (["--month", "2026-11", "--csv", "/no/such/folder/x.csv"], "does not exist"),
    ],
)
def test_bad_arguments_are_refused_in_one_line(engine, db_url, capsys, argv, message):
    assert main(["report", *argv, "--db", db_url]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err


def test_an_existing_file_or_a_link_is_not_written_over(uploaded, db_url, tmp_path, capsys):
    kept = tmp_path / "kept.csv"
    kept.write_text("someone's file", encoding="utf-8")
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "hq-data.key")
    (tmp_path / "hq-data.key").write_text("secret", encoding="utf-8")
    assert main(["report", "--month", "2026-11", "--csv", str(kept), "--db", db_url]) == 1
    assert (
        "--force" in capsys.readouterr().err
        and kept.read_text(encoding="utf-8") == "someone's file"
    )
    assert main(["report", "--month", "2026-11", "--xlsx", str(link), "--db", db_url]) == 1
    assert "link" in capsys.readouterr().err
    assert (tmp_path / "hq-data.key").read_text(encoding="utf-8") == "secret"
    argv = ["report", "--month", "2026-11", "--csv", str(kept), "--force", "--db", db_url]
    assert main(argv) == 0
    assert "OUT01" in kept.read_text(encoding="utf-8-sig")
    assert not list(tmp_path.glob(".*.partial"))


def test_the_reports_api_answers_the_same_figures_to_reports_staff(uploaded, db_url, capsys):
    """GET /api/v1/reports/2026-11 on a real head office: the figures `chudan-hq report` prints,
    and every section, for a staff account with the reports role; no name of anyone."""
    import requests

    from hq import accounts
    from tests.support.hq_server import running

    with Session(uploaded) as s:
        accounts.add_user(s, "report.reader", "reports", "a long enough pass", cost=2**10)
        s.commit()
    assert main(["report", "--month", "2026-11", "--db", db_url, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    with running(uploaded, password_cost=2**10) as url:
        login = requests.post(
            url + "/api/v1/staff/login",
            json={"name": "report.reader", "password": "a long enough pass"},
            timeout=10,
        )
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        r = requests.get(url + "/api/v1/reports/2026-11", headers=headers, timeout=30)
        bad = requests.get(url + "/api/v1/reports/2026-13", headers=headers, timeout=10)
        weeks = requests.get(
            url + "/api/v1/reports/2026-11", params={"by": "week"}, headers=headers, timeout=30
        ).json()
    assert r.status_code == 200, r.text
    data = r.json()
    for key in ("month", "outlets", "policies", "premium", "ctpl_premium", "tax", "rejected"):
        assert data[key] == printed[key], key
    assert data["by_outlet"] == printed["by_outlet"]
    sections = {s["key"]: s for s in data["sections"]}
    assert "section_timing" not in sections
    outlets = {row[0]: row[1] for row in sections["section_who_outlet"]["rows"]}
    assert outlets == {"OUT01": 2, "OUT02": 1}
    assert "不应读取" not in r.text
    assert bad.status_code == 422 and "YYYY-MM" in bad.json()["message"]
    buckets = {s["key"]: s for s in weeks["sections"]}["section_buckets"]["rows"]
    # 1 Nov 2026 is a Sunday (W44) and 30 Nov a Monday (W49): six ISO weeks, cut at the ends.
    assert [r[0] for r in buckets] == [f"2026-W{n}" for n in range(44, 50)]
    assert sum(row[1] for row in buckets) == 3
