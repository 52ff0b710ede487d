"""Ready-made head-office pieces for tests (here and on the outlet side): a migrated database,
the demo rate table published, enrolled devices, and policies priced exactly as head office
re-prices them."""

from __future__ import annotations

import json
import uuid
from copy import deepcopy
from decimal import Decimal
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.core.money import ZERO, fmt_money
from app.core.paths import resources_dir
from app.rating.engine import quote
from app.rating.signing import parse_table
from hq import devices
from hq.migrate import upgrade
from hq.models import make_engine
from hq.rates import publish
from sync.protocol import Paths, content_hash


def demo_table_doc() -> dict[str, Any]:
    return json.loads((resources_dir() / "rates" / "demo-table.json").read_text(encoding="utf-8"))


def example_quote_request() -> dict[str, Any]:
    """The bundled example, on a fixed start date (the example itself starts at the earliest
    date allowed when it is quoted, which moves with the clock)."""
    return {"start_date": "2026-12-01"} | json.loads(
        (resources_dir() / "examples" / "quote-request.json").read_text(encoding="utf-8")
    )


def migrated_engine(url: str, *, wipe: bool = False) -> Engine:
    """An engine on `url` with the schema at head. `wipe` empties a PostgreSQL database first
    (one throwaway cluster serves many tests)."""
    engine = make_engine(url)
    if wipe and engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def publish_demo(engine: Engine, key: Ed25519PrivateKey) -> int:
    with Session(engine) as s:
        row = publish(s, demo_table_doc(), key)
        s.commit()
        return row.version


def enrol(base_url: str, engine: Engine, outlet: str = "OUT01") -> tuple[str, str]:
    """(device_id, token) for a new device, provisioned over the API."""
    with Session(engine) as s:
        _, code = devices.create_enrolment(s, outlet)
        s.commit()
    r = requests.post(base_url + Paths.PROVISION, json={"code": code}, timeout=30)
    r.raise_for_status()
    body = r.json()
    return body["device_id"], body["token"]


def priced_premium(quote_request: dict[str, Any], version: int = 1) -> dict[str, str]:
    """The premium figures the demo table gives, as an outlet would print them."""
    doc = demo_table_doc() | {"version": version}
    q = quote(quote_request, parse_table(doc))
    return {
        "total": fmt_money(q.total),
        "ctpl": fmt_money(q.ctpl.premium if q.ctpl else ZERO),
        "commercial": fmt_money(q.commercial_total),
        "vehicle_tax": fmt_money(q.vehicle_tax.total if q.vehicle_tax else ZERO),
    }


_PRICED: dict[int, dict[str, str]] = {}


def policy_item(
    number: str,
    *,
    rate_version: int = 1,
    pid: str | None = None,
    premium: dict[str, str] | None = None,
    quote_request: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One upload item for the example quote request, correctly priced unless `premium` is given."""
    req = quote_request or example_quote_request()
    if premium is None:
        if quote_request is None:
            premium = _PRICED.setdefault(rate_version, priced_premium(req, rate_version))
        else:
            premium = priced_premium(req, rate_version)
    content = {
        "policy_number": number,
        "rate_version": rate_version,
        "quote_request": req,
        "premium": deepcopy(premium),
        "customer": {"name": "测试客户"},
    }
    return {
        "policy_id": pid or str(uuid.uuid4()),
        "content_hash": content_hash(content),
        "content": content,
    }


def add_fen(amount: str, fen: int = 1) -> str:
    return fmt_money(Decimal(amount) + Decimal(fen) / 100)
