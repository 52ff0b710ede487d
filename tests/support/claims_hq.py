"""A real head office on loopback whose claims register knows one vehicle, and a desk
provisioned with it (the renewal tests, in tests/integration and tests/gui).

By hand: two back-to-back policy years for the vehicle (the later one ending in 30 days) and one
claim 100 days ago: two continuous years with one claim, NCD level 1 − 2 = −1, one claim in the
last year (docs/hq.md, "The claims register")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from tests.support.hq_data import china_today, migrated_engine, publish_demo
from tests.support.hq_server import running

EXPECTED_LEVEL, EXPECTED_CLAIMS_LAST_YEAR, EXPECTED_CONTINUOUS = -1, 1, 2


@contextmanager
def head_office_knowing(tmp_path: Path, vin: str) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of a running head office with the demo table and `vin`'s record."""
    from hq.cli import main as hq_main

    url_db = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = migrated_engine(url_db)
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    today = china_today()
    end = today + timedelta(days=30)
    prior = ["vin,policy_number,insurer,outlet_code,coverage,start,end"]
    for n in range(2):
        year_ago = end - timedelta(days=366 if (end.month, end.day) == (2, 29) else 0)
        start = year_ago.replace(year=year_ago.year - 1) + timedelta(days=1)
        prior.append(f"{vin},P{n},别家保险,OUT09,commercial,{start},{end}")
        end = start - timedelta(days=1)
    (tmp_path / "prior.csv").write_text("\n".join(prior) + "\n", encoding="utf-8")
    loss = today - timedelta(days=100)
    claims = f"claim_number,vin,plate,loss_date,paid\nCL-1,{vin},,{loss},2500\n"
    (tmp_path / "claims.csv").write_text(claims, encoding="utf-8")
    assert hq_main(["lookups", "load", str(tmp_path / "prior.csv"), "--db", url_db]) == 0
    assert hq_main(["claims", "import", str(tmp_path / "claims.csv"), "--db", url_db]) == 0
    try:
        with running(engine, key) as url:
            yield url, engine
    finally:
        engine.dispose()


def provision_with_rates(ctx: Any, url: str, engine: Engine) -> None:
    """The desk provisioned with this head office and its rate table pulled (signed with this
    head office's key, which provisioning installed)."""
    from app.access.permissions import system_actor
    from sync.client import HqClient
    from sync.provisioning import Provisioner
    from sync.rates import pull_rates
    from sync.state import device_token
    from tests.support.outlet import enrolment_code

    _, code = enrolment_code(engine)
    Provisioner(ctx).online(system_actor("test"), url, code)
    client = HqClient(url, token=device_token(ctx.store))
    try:
        pull_rates(client, ctx.home, ctx.store)
    finally:
        client.close()
