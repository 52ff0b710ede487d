"""Head office's store at rest: its data dir is 0700 and its database file 0600; names, ID
numbers, phones and addresses are sealed per value with a key kept outside the database (a copy
of the database shows none of them, on SQLite and PostgreSQL alike), policies are found by a
policyholder's ID number through a keyed blind index, and a lost or wrong key is refused rather
than replaced."""

from __future__ import annotations

import base64
import json
import secrets
import stat
import uuid
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text
from sqlalchemy.engine import Engine

from hq.cli import main
from hq.home import hq_home
from hq.personal_data import DataKeyError, data_key
from sync.protocol import Paths
from tests.support.hq_data import (
    CUSTOMER,
    enrol,
    example_quote_request,
    migrated_engine,
    policy_item,
    publish_demo,
)
from tests.support.hq_server import running

ADDRESS = "北京市朝阳区建国路88号"
SECRETS = [
    CUSTOMER["id_number"],
    CUSTOMER["phone"],
    CUSTOMER["name"],
    ADDRESS,
    "王小明",  # in a referral's note
    "张三丰",  # a vehicle owner in the look-up table
]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _fill(url: str, engine: Engine, hq_home: Path) -> dict:
    """A policy, a referral and a look-up table holding personal data, through the real paths."""
    _, token = enrol(url, engine)
    holder = dict(CUSTOMER, address=ADDRESS)
    item = policy_item("PD-1", customer=holder)
    r = requests.post(
        url + Paths.POLICIES,
        json={"items": [item]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert r.json()["results"][0]["outcome"] == "accepted"
    r = requests.post(
        url + Paths.REFERRALS,
        json={
            "referral_id": str(uuid.uuid4()),
            "reasons": ["high value"],
            "quote_request": example_quote_request(),
            "note": "客户王小明要求加保",
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    csv = hq_home / "vehicles.csv"
    csv.write_text(
        "vin,plate,model,usage_nature,owner_name\nLSVAU2180N2183294,沪A12345,大众朗逸,非营业,张三丰\n",
        encoding="utf-8",
    )
    return item


def test_the_data_dir_is_0700_and_the_database_0600(
    hq_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not hq_home.exists()
    assert main(["keys", "init"]) == 0
    assert main(["device", "provision", "--outlet", "OUT01"]) == 0
    assert _mode(hq_home) == 0o700
    for name in ("hq.sqlite3", "hq_signing_key.pem", "hq_data_key"):
        assert _mode(hq_home / name) == 0o600, name
    for extra in ("hq.sqlite3-wal", "hq.sqlite3-shm"):
        if (hq_home / extra).exists():
            assert _mode(hq_home / extra) == 0o600, extra
    # A database elsewhere (--db) is made 0600 too.
    other = hq_home / "elsewhere.sqlite3"
    assert main(["stats", "--db", f"sqlite:///{other}"]) == 0
    assert _mode(other) == 0o600


def test_a_copy_of_the_sqlite_database_shows_no_personal_data(
    hq_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = hq_home / "hq.sqlite3"
    assert main(["keys", "init"]) == 0
    engine = migrated_engine(f"sqlite:///{db}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    with running(engine, key) as url:
        item = _fill(url, engine, hq_home)
        assert main(["lookups", "load", str(hq_home / "vehicles.csv")]) == 0
        headers = {"Authorization": f"Bearer {enrol(url, engine, 'OUT02')[1]}"}
        answer = requests.get(
            url + Paths.VEHICLE_LOOKUP, params={"vin": "LSVAU2180N2183294"}, headers=headers
        ).json()
        assert answer["vehicle"]["owner_name_masked"] == "张**"
    engine.dispose()
    raw = b"".join(p.read_bytes() for p in hq_home.glob("hq.sqlite3*"))
    for secret in SECRETS:
        assert secret.encode() not in raw, secret
    # Found by the policyholder's ID number, through the blind index; shown masked.
    capsys.readouterr()
    assert main(["policies", "find", "--id-number", CUSTOMER["id_number"], "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["policy_number"] == item["content"]["policy_number"]
    assert found["holder"] == "测***" and CUSTOMER["id_number"] not in json.dumps(found)
    assert main(["policies", "find", "--id-number", "110105198507231239", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    # Head office's own commands open what was sealed.
    assert main(["referrals", "list", "--json"]) == 0
    assert "王小明" in json.loads(capsys.readouterr().out)[0]["note"]


def test_on_postgresql_too_no_column_holds_personal_data_in_clear(pg_url: str) -> None:
    engine = migrated_engine(pg_url, wipe=True)
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    home = hq_home()
    try:
        with running(engine, key) as url:
            _fill(url, engine, home)
        assert main(["lookups", "load", str(home / "vehicles.csv"), "--db", pg_url]) == 0
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            dump = "".join(
                json.dumps(
                    [list(r) for r in conn.execute(text(f'SELECT * FROM "{t}"'))],
                    ensure_ascii=False,
                    default=str,
                )
                for t in tables
            )
        assert "enc1:" in dump  # the sealed values are there
        for secret in SECRETS:
            assert secret not in dump, secret
    finally:
        engine.dispose()


def test_a_lost_or_wrong_data_key_is_refused_not_replaced(
    hq_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "init"]) == 0
    engine = migrated_engine(f"sqlite:///{hq_home / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    with running(engine, key) as url:
        _fill(url, engine, hq_home)
    good = (hq_home / "hq_data_key").read_bytes()
    # Another key in its place: nothing opens with it, and head office says so.
    (hq_home / "hq_data_key").unlink()
    (hq_home / "hq_data_key").write_text(
        base64.b64encode(secrets.token_bytes(32)).decode() + "\n", encoding="ascii"
    )
    with pytest.raises(DataKeyError):
        data_key(engine)
    (hq_home / "hq_data_key").unlink()
    # Gone: refused (serve exits 2 with one line), never a fresh key that reads nothing.
    with pytest.raises(DataKeyError, match="missing"):
        data_key(engine)
    capsys.readouterr()
    assert main(["referrals", "list"]) == 1
    err = capsys.readouterr().err
    assert "data key is missing" in err and len(err.strip().splitlines()) == 1
    assert not (hq_home / "hq_data_key").exists()
    (hq_home / "hq_data_key").write_bytes(good)
    assert main(["referrals", "list"]) == 0
    engine.dispose()
