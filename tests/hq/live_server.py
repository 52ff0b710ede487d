"""A real uvicorn head office on 127.0.0.1 in a thread, for integration tests (plain HTTP, or
TLS when given a certificate from `tests.hq.tls_certs`)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from hq.keys import public_raw_b64
from hq.server import create_app
from tests.hq.tls_certs import ServerFiles


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
