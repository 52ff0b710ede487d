"""Real head offices for tests and benchmarks: uvicorn on 127.0.0.1 in a thread (`running`, and
`RestartableHq`, which stops and starts again on the same database), or `chudan-hq` as its own
process (`HqProcess`). Plain HTTP, or TLS with a certificate from `tests.support.tls_certs`."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from hq.keys import public_raw_b64
from hq.server import create_app
from tests.support.paths import REPO
from tests.support.ports import free_port
from tests.support.tls_certs import ServerFiles

DEMO_OUTLET = "DEMO01"


@dataclass
class LiveHq:
    """A head office serving on loopback with a signing key and the demo table published."""

    url: str
    engine: Engine
    key: Ed25519PrivateKey
    rate_version: int


@contextmanager
def running(
    engine: Engine,
    key: Ed25519PrivateKey | None = None,
    tls: ServerFiles | None = None,
    **app_options: Any,
) -> Iterator[str]:
    """Serve head office on a free loopback port; yields its base URL. The engine's schema must
    already be migrated (`hq.migrate.upgrade`)."""
    key = key or Ed25519PrivateKey.generate()
    app = create_app(
        engine,
        public_key_b64=public_raw_b64(key.public_key()),
        ca_cert_pem=tls.ca.read_text() if tls else "",
        **app_options,
    )
    port = free_port()
    # A client that keeps a connection open (e.g. one a failed TLS handshake left behind) must
    # not hold up the test's teardown.
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
        ssl_certfile=str(tls.cert) if tls else None,
        ssl_keyfile=str(tls.key) if tls else None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    # uvicorn flips `started` once it listens; wait on it without sleeping the test.
    while not server.started and thread.is_alive():
        started.wait(0.02)
    if not server.started:
        raise RuntimeError("the head-office server did not start")
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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


class HqProcess:
    """`chudan-hq` as its own process (set up through its CLI, SQLite in `home`): what an
    insurer runs. `kill()` is SIGKILL, mid-whatever-it-was-doing."""

    def __init__(self, home: Path) -> None:
        import os

        self.home = home
        # This checkout's code first: the venv's `chudan-hq` would otherwise run whichever
        # checkout the venv was installed from (another worktree's, say).
        path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
        self.env = {**os.environ, "CHUDAN_HQ_HOME": str(home), "PYTHONPATH": path}
        self.bin = Path(sys.executable).with_name("chudan-hq")
        self.proc: Any = None
        self.port = 0

    def cli(self, *args: str) -> dict[str, Any]:
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

    def set_up(self, outlet: str = DEMO_OUTLET) -> str:
        """Signing key, the demo table published as version 1; returns an enrolment code."""
        self.cli("keys", "init")
        self.cli("rates", "publish", str(REPO / "resources" / "rates" / "demo-table.json"))
        return str(self.cli("device", "provision", "--outlet", outlet)["code"])

    def start(self) -> HqProcess:
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
