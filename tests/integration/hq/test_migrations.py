"""The Alembic migrations build, from an empty database, exactly the schema the models describe,
on SQLite and PostgreSQL, and running them again changes nothing; a database holding data from
the first revision upgrades one step at a time and keeps every row."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import MetaData, insert, inspect, select
from sqlalchemy.engine import Engine

from hq.migrate import current_revision, head_revision, revisions, upgrade
from hq.models import Base, make_engine
from hq.personal_data import DataKey, is_sealed
from sync.protocol import Paths
from tests.support.hq_data import migrated_engine, policy_item, publish_demo
from tests.support.hq_server import running


def test_upgrade_from_empty_matches_the_models(db_url: str) -> None:
    engine = migrated_engine(db_url, wipe=True)  # wipe then upgrade: the empty start
    try:
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {
            "alembic_version"
        }
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert upgrade(engine) == (head_revision(), head_revision())
    finally:
        engine.dispose()


def test_make_engine_alone_creates_no_tables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        assert inspect(engine).get_table_names() == []
        assert current_revision(engine) is None
    finally:
        engine.dispose()


def _rows(engine: Engine) -> dict[str, list[dict]]:
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: sorted((dict(r._mapping) for r in conn.execute(select(t))), key=repr)
            for name, t in meta.tables.items()
            if name != "alembic_version"
        }


# Columns sealed by 0006 (hq.personal_data): compared after opening them with the key.
_SEALED = {
    "policies": (("content_json", "policy_id"),),
    "lookup_vehicles": (("owner_name", "vin"),),
    "referrals": (("submitted_json", "id"), ("note", "id")),
}


def _unsealed(tables: dict[str, list[dict]], key: DataKey) -> dict[str, list[dict]]:
    for name, columns in _SEALED.items():
        for row in tables.get(name, []):
            for column, row_id in columns:
                if is_sealed(row[column]):
                    row[column] = key.open(row[column], f"{name}.{column}:{row[row_id]}")
    return tables


@pytest.mark.live  # head office on loopback
def test_a_database_with_data_upgrades_step_by_step_and_keeps_every_row(db_url: str) -> None:
    # A head office that has run since the first release: rows in every table of revision 0001,
    # then each later migration applied in turn, as upgrades of a live service happen.
    engine = make_engine(db_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    steps = revisions()
    try:
        upgrade(engine, steps[0])
        key = Ed25519PrivateKey.generate()
        version = publish_demo(engine, key)
        token = "old-device-token"
        item = policy_item("P-OLD-1", rate_version=version)
        at = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
        meta = MetaData()
        meta.reflect(engine)
        t = meta.tables
        with engine.begin() as conn:
            conn.execute(
                insert(t["devices"]),
                [
                    {
                        "id": "dev-old",
                        "outlet_code": "OUT01",
                        "created_at": at,
                        "token_sha256": hashlib.sha256(token.encode()).hexdigest(),
                    }
                ],
            )
            conn.execute(
                insert(t["policies"]),
                [
                    {
                        "policy_id": item["policy_id"],
                        "content_hash": item["content_hash"],
                        "device_id": "dev-old",
                        "policy_number": "P-OLD-1",
                        "confirmation_code": "QROLD0000000000001",
                        "received_at": at,
                        "content_json": json.dumps(item["content"], ensure_ascii=False),
                    }
                ],
            )
            conn.execute(
                insert(t["intake_events"]),
                [
                    {
                        "policy_id": item["policy_id"],
                        "device_id": "dev-old",
                        "outcome": "duplicate",
                        "reason_code": "",
                        "content_hash": item["content_hash"],
                        "at": at,
                    }
                ],
            )
            conn.execute(
                insert(t["lookup_vehicles"]),
                [
                    {
                        "vin": "LSVAU2180N2183294",
                        "plate": "沪A12345",
                        "model": "大众朗逸",
                        "usage_nature": "非营业",
                        "owner_name": "张三丰",
                        "registered_on": "2022-03-01",
                    }
                ],
            )
            conn.execute(insert(t["settings"]), [{"key": "lookup_outage", "value": "off"}])
            conn.execute(
                insert(t["referrals"]),
                [
                    {
                        "id": "5b0c3b7e-1111-4222-8333-944455556666",
                        "device_id": "dev-old",
                        "outlet_code": "OUT01",
                        "draft_id": "d1",
                        "policy_number": "",
                        "reasons_json": '["high value"]',
                        "submitted_json": "{}",
                        "note": "",
                        "status": "pending",
                        "decision_note": "",
                        "submitted_at": at,
                        "decided_at": None,
                    }
                ],
            )
        before = _rows(engine)
        assert all(
            before[name]
            for name in ("devices", "policies", "intake_events", "rate_tables", "referrals")
        )
        data_key = DataKey.generate()
        for rev in steps[1:]:
            upgrade(engine, rev, data_key=data_key)
            assert current_revision(engine) == rev
            now = _unsealed(_rows(engine), data_key)
            # 0006 records which data key sealed the database.
            now["settings"] = [r for r in now["settings"] if r["key"] != "data_key_id"]
            for name, rows in before.items():
                kept = [{k: r[k] for k in rows[0]} for r in now[name]] if rows else now[name]
                assert kept == rows, f"{name} changed in migration {rev}"
        # Personal data is no longer in clear (0006).
        sealed = _rows(engine)
        assert "张三丰" not in str(sealed) and "测试客户" not in str(sealed)
        assert current_revision(engine) == head_revision()
        # The upgraded service still knows the old device and answers its old policy's resend.
        with running(engine, key, data_key=data_key) as url:
            r = requests.post(
                url + Paths.POLICIES,
                json={"items": [item]},
                timeout=30,
                headers={"Authorization": f"Bearer {token}"},
            )
            assert r.status_code == 200, r.text
            answer = r.json()["results"][0]
        assert (
            answer["outcome"] == "duplicate" and answer["confirmation_code"] == "QROLD0000000000001"
        )
    finally:
        engine.dispose()
