"""Whatever head office serves as a rate table, `sync run` refuses what it cannot install with a
reason and exits non-zero, and the desk never goes back to an older table: the highest version
it installed is kept in its store, not read from the files in its rates folder. A real head
office on loopback (SQLite), the demo desk provisioned with it."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.rating.installed import InstalledTables
from app.rating.signing import sign_table
from cli.launcher import main as chudan
from hq.models import RateTableVersion
from hq.rates import publish
from local_db.models import Setting
from sync.rates import HIGHEST_KEY
from tests.support.hq_data import demo_table_doc
from tests.support.outlet import fast_worker


def _serve_as_version(link, version: int, body: str) -> None:
    """Head office's database lists `body` as `version` (a damaged or compromised head office)."""
    with Session(link.engine) as s:
        s.add(
            RateTableVersion(
                version=version,
                signed_json=body,
                sha256=hashlib.sha256(body.encode()).hexdigest(),
                key_id="x",
            )
        )
        s.commit()


def _publish(link, version: int) -> None:
    with Session(link.engine) as s:
        publish(s, demo_table_doc(), link.key, version=version)
        s.commit()


def test_a_signature_value_of_the_wrong_type_is_refused_and_sync_run_exits_non_zero(
    desk, link, capsys
):
    doc = sign_table(demo_table_doc() | {"version": 2}, link.key)
    doc["signature"]["value"] = 123
    _serve_as_version(link, 2, json.dumps(doc, ensure_ascii=False))
    assert chudan(["sync", "run"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "rate table v2 refused" in out and "signature" in out
    assert InstalledTables(desk.home).versions() == [1]


def test_a_deeply_nested_table_is_refused_and_the_sync_goes_on(desk, link):
    _serve_as_version(link, 2, "[" * 200_000 + "]" * 200_000)
    _publish(link, 3)  # a good table after the bad one is still installed
    summary = fast_worker(desk).run_once()
    assert summary.online and summary.rates is not None
    assert [r.version for r in summary.rates.refused] == [2]
    assert summary.rates.installed == [3]
    assert InstalledTables(desk.home).versions() == [1, 3]


def test_deleting_newer_tables_by_hand_never_brings_an_older_one_back(desk, link):
    _publish(link, 2)
    _publish(link, 3)
    worker = fast_worker(desk)
    assert worker.run_once().rates.installed == [2, 3]
    with desk.store.read() as s:
        assert s.get(Setting, HIGHEST_KEY).value["version"] == 3
    rates = InstalledTables(desk.home)
    for v in (2, 3):
        (rates.dir / f"v{v}.json").unlink()
    with Session(link.engine) as s:  # head office restored from a backup that had only v1, v2
        s.execute(delete(RateTableVersion).where(RateTableVersion.version == 3))
        s.commit()
    summary = worker.run_once()
    assert summary.rates.installed == []  # not v2 again: the desk had v3
    assert [r.version for r in summary.rates.refused] == [3]
    assert "no older table replaces it" in summary.rates.refused[0].reason
    assert rates.versions() == [1]
    table = worker.status()["rate_table"]  # the status bar says so
    assert table["state"] == "missing" and "v3" in table["text"] and table["warns"]


def test_a_missing_newest_table_is_fetched_again_only_as_it_was(desk, link):
    _publish(link, 2)
    worker = fast_worker(desk)
    assert worker.run_once().rates.installed == [2]
    rates = InstalledTables(desk.home)
    (rates.dir / "v2.json").unlink()
    assert worker.run_once().rates.installed == [2]  # the same signed table, fetched again
    (rates.dir / "v2.json").unlink()
    with Session(link.engine) as s:  # head office now lists another table, validly signed, as v2
        row = s.execute(select(RateTableVersion).where(RateTableVersion.version == 2)).scalar_one()
        other = sign_table(demo_table_doc() | {"version": 2, "issuer": "cheaper"}, link.key)
        row.signed_json = json.dumps(other, ensure_ascii=False)
        row.sha256 = hashlib.sha256(row.signed_json.encode()).hexdigest()
        s.commit()
    summary = worker.run_once()
    assert summary.rates.installed == [] and [r.version for r in summary.rates.refused] == [2]
    assert rates.versions() == [1]


def test_rates_install_by_hand_never_goes_below_the_highest_version_installed(
    desk, link, tmp_path, capsys
):
    _publish(link, 2)
    _publish(link, 3)
    assert fast_worker(desk).run_once().rates.installed == [2, 3]
    with Session(link.engine) as s:
        v2 = s.execute(
            select(RateTableVersion.signed_json).where(RateTableVersion.version == 2)
        ).scalar_one()
    rates = InstalledTables(desk.home)
    for v in (2, 3):
        (rates.dir / f"v{v}.json").unlink()
    old = tmp_path / "v2.json"
    old.write_text(v2, encoding="utf-8")
    assert chudan(["rates", "install", str(old)]) != 0
    out, err = capsys.readouterr()
    assert "not newer than the installed version 3" in out + err and "Traceback" not in out + err
    assert rates.versions() == [1]
