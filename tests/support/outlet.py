"""Outlet-side test pieces: the demo desk and its clerk, a desk provisioned against a head
office, a backlog of bound policies, and a sync worker that does not sit in long waits.

The backlog: a few policies are issued for real (IssuanceService, PDF and all); the rest are
copies of those with a new permanent id and policy number (same quote, so head office's
re-pricing accepts them), because issuing thousands one by one would take minutes."""

from __future__ import annotations

import copy
import random
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.access.permissions import system_actor
from app.core.policy_number import parse as parse_number
from app.desk.demo import set_up_demo
from app.issuance.policy_numbers import format_number
from app.issuance.service import canonical_hash
from app.vehicle import vin_check_digit
from hq import devices
from local_db.models import OutboxItem, Policy
from sync.backoff import Backoff
from tests.support.examples import POLICY_REQUEST
from tests.support.hq_data import tomorrow

OUTLET = "DEMO01"  # the demo desk's outlet


def enrolment_code(engine: Engine, outlet: str = OUTLET) -> tuple[str, str]:
    with Session(engine) as s:
        device_id, code = devices.create_enrolment(s, outlet)
        s.commit()
    return device_id, code


def demo_clerk(ctx: Any) -> Any:
    """The demo desk set up (outlet DEMO01, its users) and its clerk logged in."""
    set_up_demo(ctx)
    return ctx.auth.login("clerk", "demo-clerk-2026")


def vin_number(i: int) -> str:
    body = f"LSVCC6A4{i % 10}PN{200000 + i:06d}"  # a different vehicle each time
    return body[:8] + vin_check_digit(body) + body[9:]


def request_for(i: int) -> dict[str, Any]:
    req = copy.deepcopy(POLICY_REQUEST)
    req["vehicle"]["vin"] = vin_number(i)
    req["vehicle"]["plate"] = None
    req["start_date"] = tomorrow().isoformat()  # cover never starts before the policy is bound
    return req


def issue_real(ctx: Any, n: int, start: int = 0) -> list[str]:
    """Issue n policies through the real service; returns their permanent ids."""
    user = demo_clerk(ctx)
    ids = []
    for i in range(start, start + n):
        r = ctx.issuance.issue(user, request_for(i))
        assert r.state == "bound", r
        ids.append(r.policy_id)
    return ids


def copy_bound_policies(ctx: Any, n: int, template_ids: list[str]) -> list[str]:
    """n more bound policies and their outbox rows, copied from issued ones: each with a new id, the
    device's next policy number and a vehicle of its own (head office refuses a second CTPL on
    the same vehicle for the same days)."""
    ids: list[str] = []
    with ctx.store.write() as s:
        templates = [
            (
                s.get(Policy, pid),
                s.execute(select(OutboxItem).where(OutboxItem.policy_id == pid)).scalar_one(),
            )
            for pid in template_ids
        ]
        numbers = [parse_number(p.policy_number) for p, _ in templates]
        last = max((n for n in numbers if n is not None), key=lambda n: n.seq)
        rows: list[OutboxItem] = []
        columns = [c.key for c in Policy.__table__.columns if c.key not in ("id", "policy_number")]
        for i in range(n):
            policy, row = templates[i % len(templates)]
            new_id = str(uuid.uuid4())
            number = format_number(last.outlet, last.device, last.day, last.seq + 1 + i)
            s.add(
                Policy(id=new_id, policy_number=number, **{c: getattr(policy, c) for c in columns})
            )
            content = {k: v for k, v in row.payload.items() if k != "content_hash"}
            content.update(policy_id=new_id, policy_number=number)
            content["vehicle"] = {**content["vehicle"], "vin": vin_number(100_000 + i)}
            rows.append(
                OutboxItem(
                    kind="policy",
                    idempotency_key=new_id,
                    policy_id=new_id,
                    payload={**content, "content_hash": canonical_hash(content)},
                )
            )
            ids.append(new_id)
        s.flush()  # the policies first: outbox rows refer to them
        s.add_all(rows)
    return ids


def provision(ctx: Any, url: str, engine: Engine, ca: Path | None = None) -> str:
    from sync.provisioning import Provisioner

    demo_clerk(
        ctx
    )  # the demo outlet DEMO01 exists before provisioning, as on a desk set up for a trial
    _, code = enrolment_code(engine)
    Provisioner(ctx).online(system_actor("test"), url, code, ca_file=ca)
    # As `chudan sync provision` does: the first sync brings head office's rate tables.
    from sync.client import HqClient
    from sync.rates import pull_rates
    from sync.state import ca_path, device_token

    client = HqClient(url, token=device_token(ctx.store), ca_file=ca_path(ctx.home) if ca else None)
    try:
        assert pull_rates(client, ctx.home, ctx.store).installed == [1]
    finally:
        client.close()
    return code


def fast_worker(ctx: Any, **kwargs: Any) -> Any:
    """A sync worker whose waits are short: tests must not sit in backoff sleeps."""
    from sync.worker import SyncWorker

    options = {
        "attempts": 3,
        "backoff": Backoff(base_s=0.01, cap_s=0.05, rng=random.Random(1)),
        "read_timeout": 10.0,
        "connect_timeout": 2.0,
    }
    options.update(kwargs.pop("client_options", {}))
    kwargs.setdefault("backoff", Backoff(base_s=0.001, cap_s=0.002, rng=random.Random(2)))
    return SyncWorker(ctx, client_options=options, **kwargs)
