"""A real uvicorn head office on 127.0.0.1 in a thread, for integration tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from sqlalchemy.engine import Engine

from hq.server import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(engine: Engine) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning")
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
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
