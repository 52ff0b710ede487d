"""Outlet-side test pieces: a head office that can be stopped and started again on the same
database (behind the fault proxy), a provisioned demo desk, and a backlog of bound policies.

The backlog: a few policies are issued for real (IssuanceService, PDF and all); the rest are
copies of those with a new permanent id and policy number (same quote, so head office's
re-pricing accepts them), because issuing thousands one by one would take minutes."""

from __future__ import annotations

import copy
import json
import threading
import uuid
from pathlib import Path
from typing import Any

import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
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
from hq.keys import public_raw_b64
from hq.server import create_app
from local_db.models import OutboxItem, Policy
from tests.conftest import REPO
from tests.hq.hq_setup import tomorrow
from tests.hq.live_server import free_port
from tests.hq.tls_certs import ServerFiles

EXAMPLE = json.loads(
    (REPO / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8")
)
OUTLET = "DEMO01"


class RestartableHq:
    """A real uvicorn head office in a thread; `stop()` and `start()` again keep the database."""

    def __init__(
        self, engine: Engine, key: Ed25519PrivateKey, tls: ServerFiles | None = None
    ) -> None:
        self.engine = engine
        self.key = key
        self.tls = tls
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> RestartableHq:
        app = create_app(
            self.engine,
            public_key_b64=public_raw_b64(self.key.public_key()),
            ca_cert_pem=self.tls.ca.read_text() if self.tls else "",
        )
        self.port = free_port()
        tls = self.tls
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            ssl_certfile=str(tls.cert) if tls else None,
            ssl_keyfile=str(tls.key) if tls else None,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        waiter = threading.Event()
        while not self._server.started and self._thread.is_alive():
            waiter.wait(0.02)
        if not self._server.started:
            raise RuntimeError("head office did not start")
        return self

    def request_stop(self) -> None:
        """Ask uvicorn to stop (usable from another thread, e.g. the proxy's, without waiting)."""
        if self._server is not None:
            self._server.should_exit = True

    def stop(self) -> None:
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout=15)


def enrolment_code(engine: Engine, outlet: str = OUTLET) -> tuple[str, str]:
    with Session(engine) as s:
        device_id, code = devices.create_enrolment(s, outlet)
        s.commit()
    return device_id, code


def clerk(ctx: Any) -> Any:
    set_up_demo(ctx)
    return ctx.auth.login("clerk", "demo-clerk-2026")


def vin_number(i: int) -> str:
    body = f"LSVCC6A4{i % 10}PN{200000 + i:06d}"  # a different vehicle each time
    return body[:8] + vin_check_digit(body) + body[9:]


def request_for(i: int) -> dict[str, Any]:
    req = copy.deepcopy(EXAMPLE)
    req["vehicle"]["vin"] = vin_number(i)
    req["vehicle"]["plate"] = None
    req["start_date"] = tomorrow().isoformat()  # cover never starts before the policy is bound
    return req


def issue_real(ctx: Any, n: int, start: int = 0) -> list[str]:
    """Issue n policies through the real service; returns their permanent ids."""
    user = clerk(ctx)
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
        last = max((parse_number(p.policy_number) for p, _ in templates), key=lambda n: n.seq)  # type: ignore[union-attr]
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

    clerk(ctx)  # the demo outlet DEMO01 exists before provisioning, as on a desk set up for a trial
    _, code = enrolment_code(engine)
    Provisioner(ctx).online(system_actor("test"), url, code, ca_file=ca)
    # As `chudan sync provision` does: the first sync brings head office's rate tables.
    from sync.client import HqClient
    from sync.rates import pull_rates
    from sync.state import ca_path, device_token

    client = HqClient(url, token=device_token(ctx.store), ca_file=ca_path(ctx.home) if ca else None)
    try:
        assert pull_rates(client, ctx.home).installed == [1]
    finally:
        client.close()
    return code


class HqProcess:
    """`chudan-hq` as its own process (set up through its CLI, SQLite in `home`): what an
    insurer runs. `kill()` is SIGKILL, mid-whatever-it-was-doing."""

    def __init__(self, home: Path) -> None:
        import os
        import sys

        self.home = home
        self.env = {**os.environ, "CHUDAN_HQ_HOME": str(home)}
        self.bin = Path(sys.executable).with_name("chudan-hq")
        self.proc: Any = None
        self.port = 0

    def cli(self, *args: str) -> dict[str, Any]:
        import subprocess

        r = subprocess.run(
            [str(self.bin), *args, "--json"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if r.returncode != 0:
            raise RuntimeError(f"chudan-hq {' '.join(args)} failed: {r.stderr.strip()}")
        return dict(json.loads(r.stdout))

    def set_up(self, outlet: str = OUTLET) -> str:
        """Signing key, the demo table published as version 1; returns an enrolment code."""
        self.cli("keys", "init")
        self.cli("rates", "publish", str(REPO / "resources" / "rates" / "demo-table.json"))
        return str(self.cli("device", "provision", "--outlet", outlet)["code"])

    def start(self) -> HqProcess:
        import subprocess

        import requests

        self.port = free_port()
        self.proc = subprocess.Popen(
            [str(self.bin), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        waiter = threading.Event()
        for _ in range(600):  # up to a minute on a busy machine
            if self.proc.poll() is not None:
                raise RuntimeError("chudan-hq serve exited at start-up")
            try:
                if (
                    requests.get(
                        f"http://127.0.0.1:{self.port}/api/v1/health", timeout=2
                    ).status_code
                    == 200
                ):
                    return self
            except requests.RequestException:
                waiter.wait(0.1)  # not listening yet
        raise RuntimeError("chudan-hq serve did not become healthy")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
