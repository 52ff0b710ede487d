"""Ready-made head-office pieces for tests (here and on the outlet side): a migrated database,
the demo rate table published, enrolled devices, and policies priced exactly as head office
re-prices them."""

from __future__ import annotations

import json
import uuid
from copy import deepcopy
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.core.money import ZERO, fmt_money
from app.core.paths import resources_dir
from app.core.policy_number import prefix, with_check
from app.rating.engine import quote
from app.rating.signing import parse_table
from app.vehicle import vin_check_digit
from hq import devices
from hq.migrate import upgrade
from hq.models import make_engine
from hq.rates import publish
from hq.repricing import CHINA, one_year_from
from sync.protocol import Paths, content_hash


def demo_table_doc() -> dict[str, Any]:
    return json.loads((resources_dir() / "rates" / "demo-table.json").read_text(encoding="utf-8"))


def example_quote_request() -> dict[str, Any]:
    """The bundled example, starting tomorrow (cover never starts before the policy is bound;
    the example itself starts at the earliest date allowed when it is quoted)."""
    req = json.loads(
        (resources_dir() / "examples" / "quote-request.json").read_text(encoding="utf-8")
    )
    req["start_date"] = tomorrow().isoformat()
    return dict(req)


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


def china_today() -> date:
    return datetime.now(CHINA).date()


def tomorrow() -> date:
    """The earliest start an outlet may give a policy bound now: 00:00 the next day, China time."""
    return china_today() + timedelta(days=1)


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
_LABELS: dict[tuple[str, int, str], int] = {}

CUSTOMER = {
    "kind": "person",
    "name": "测试客户",
    "id_type": "resident_id",
    "id_number": "110105198507231238",
    "phone": "13812345678",
}


def number_for(label: str, outlet: str = "OUT01", device: int = 1) -> str:
    """A well-formed policy number of that outlet and device, the same one for the same label."""
    seq = _LABELS.setdefault((outlet, device, label), len(_LABELS) + 1)
    return with_check(prefix(outlet, device, china_today()) + f"{seq:06d}")


def number_at(seq: int, outlet: str = "OUT01", device: int = 1) -> str:
    """Today's number `seq` of that outlet and device."""
    return with_check(prefix(outlet, device, china_today()) + f"{seq:06d}")


_VEHICLES: dict[str, int] = {}


def vin_for(label: str) -> str:
    """A valid VIN, a different vehicle per label (so policies do not overlap unless asked to)."""
    n = _VEHICLES.setdefault(label, len(_VEHICLES) + 1)
    body = f"LSVCC6A4XP{n:07d}"
    return body[:8] + vin_check_digit(body) + body[9:]


def policy_content(
    number: str,
    *,
    rate_version: int = 1,
    premium: dict[str, str] | None = None,
    quote_request: dict[str, Any] | None = None,
    vin: str = "LSVCC6A45PN123456",
    period: tuple[str, str] | None = None,
    issued_at: datetime | None = None,
    vehicle: dict[str, Any] | None = None,
    covers: list[dict[str, Any]] | None = None,
    customer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A policy's content as an outlet uploads it, priced exactly as head office re-prices it
    unless `premium` is given. `vehicle` and `covers` replace the policy's own facts (what head
    office prices) while `quote_request` stays what the outlet says it priced."""
    req = quote_request or example_quote_request()
    own_vehicle = vehicle or {
        "vin": vin,
        "plate": "京A12345",
        "engine_number": "EA888123456",
        "brand_model": "大众汽车牌SVW71810BU",
        **(req.get("vehicle") or example_quote_request()["vehicle"]),
    }
    own_covers = covers or req.get("coverages") or example_quote_request()["coverages"]
    start = date.fromisoformat(str(req.get("start_date") or tomorrow().isoformat()))
    if premium is None:
        if quote_request is None:
            premium = _PRICED.setdefault(rate_version, priced_premium(req, rate_version))
        else:
            premium = priced_premium(req, rate_version)
    return {
        "policy_number": number,
        "rate_version": rate_version,
        "quote_request": req,
        "premium": deepcopy(premium),
        "period": list(period or (start.isoformat(), one_year_from(start).isoformat())),
        "issued_at": (issued_at or datetime.now(UTC)).isoformat(),
        "vehicle": own_vehicle,
        "covers": own_covers,
        "customer": customer or dict(CUSTOMER),
    }


def policy_item(
    label: str,
    *,
    outlet: str = "OUT01",
    device: int = 1,
    number: str | None = None,
    rate_version: int = 1,
    pid: str | None = None,
    premium: dict[str, str] | None = None,
    quote_request: dict[str, Any] | None = None,
    **facts: Any,
) -> dict[str, Any]:
    """One upload item: a policy of that outlet's device (number drawn from `label`, or `number`
    as given) on its own vehicle, correctly priced unless `premium` is given."""
    facts.setdefault("vin", vin_for(label))
    content = policy_content(
        number or number_for(label, outlet, device),
        rate_version=rate_version,
        premium=premium,
        quote_request=quote_request,
        **facts,
    )
    return item_of(content, pid)


def item_of(content: dict[str, Any], pid: str | None = None) -> dict[str, Any]:
    return {
        "policy_id": pid or str(uuid.uuid4()),
        "content_hash": content_hash(content),
        "content": content,
    }


def add_fen(amount: str, fen: int = 1) -> str:
    return fmt_money(Decimal(amount) + Decimal(fen) / 100)
