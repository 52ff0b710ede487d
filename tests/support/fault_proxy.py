"""A small threaded TCP proxy on 127.0.0.1 that breaks the link between an outlet and head
office on purpose, one request/response exchange at a time:

- "drop": the request is never forwarded; the connection is closed;
- "truncate": the answer is cut off half-way through its first chunk;
- "cut": the request reaches head office and head office answers (it has committed), but the
  link is cut before the outlet reads a byte of the answer;
- "delay": the answer is held back `delay_s` seconds;
- `down`: every connection is refused (closed at once) and open ones are cut.

Faults come from a queue (deterministic: `queue("cut", "ok", "drop")`) and, once that is empty,
from seeded random rates. `on_exchange(n)` runs before exchange n is forwarded (used to stop
head office in the middle of a run). `retarget(port)` points it at a restarted head office."""

from __future__ import annotations

import random
import selectors
import socket
import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

FAULTS = ("ok", "drop", "truncate", "cut", "delay")


@dataclass
class Rates:
    drop: float = 0.0
    truncate: float = 0.0
    cut: float = 0.0
    delay: float = 0.0


@dataclass
class FaultProxy:
    target_port: int
    target_host: str = "127.0.0.1"
    seed: int = 0
    delay_s: float = 0.2
    rates: Rates = field(default_factory=Rates)
    on_exchange: Callable[[int], None] | None = None

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._queue: deque[str] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._conns: set[socket.socket] = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        # accept() is not woken by close() from another thread on Linux: poll so stop() is quick.
        self._listener.settimeout(0.1)
        self.port = int(self._listener.getsockname()[1])
        self.down = False
        self.exchanges = 0
        self.counts: Counter[str] = Counter()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True, name="fault-proxy")

    # -- control -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()
        self.cut_all()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def queue(self, *faults: str) -> None:
        for f in faults:
            if f not in FAULTS:
                raise ValueError(f"unknown fault {f!r}")
        with self._lock:
            self._queue.extend(faults)

    def set_down(self, down: bool) -> None:
        self.down = down
        if down:
            self.cut_all()

    def retarget(self, port: int) -> None:
        self.target_port = port

    def cut_all(self) -> None:
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            _close(c)

    # -- internals -----------------------------------------------------------------------------
    def _next_fault(self) -> str:
        with self._lock:
            self.exchanges += 1
            n = self.exchanges
            if self._queue:
                fault = self._queue.popleft()
            else:
                roll = self._rng.random()
                fault = "ok"
                for name in ("drop", "truncate", "cut", "delay"):
                    p = getattr(self.rates, name)
                    if roll < p:
                        fault = name
                        break
                    roll -= p
            self.counts[fault] += 1
        if self.on_exchange is not None:
            self.on_exchange(n)
        return fault

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            if self.down:
                _close(client)
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection((self.target_host, self.target_port), timeout=5)
        except OSError:
            _close(client)  # head office is down: the outlet sees the connection closed
            return
        with self._lock:
            self._conns.update((client, upstream))
        sel = selectors.DefaultSelector()
        try:
            sel.register(client, selectors.EVENT_READ, "client")
            sel.register(upstream, selectors.EVENT_READ, "upstream")
            fault = "ok"
            in_exchange = False  # the client has sent (part of) a request not yet answered
            answering = False  # head office has started answering the current request
            while not self._stop.is_set():
                for key, _ in sel.select(timeout=0.5):
                    sock: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = sock.recv(65536)
                    if not data:
                        return
                    if key.data == "client":
                        if not in_exchange or answering:
                            fault = self._next_fault()
                            in_exchange, answering = True, False
                            if fault == "drop":
                                return
                        upstream.sendall(data)
                    else:
                        if not answering:
                            answering = True
                            if fault == "cut":
                                return  # head office has answered (and committed); the outlet never hears it
                            if fault == "delay":
                                self._stop.wait(self.delay_s)
                            if fault == "truncate":
                                client.sendall(data[: max(1, len(data) // 2)])
                                return
                        client.sendall(data)
        except OSError:
            return
        finally:
            sel.close()
            with self._lock:
                self._conns.discard(client)
                self._conns.discard(upstream)
            _close(client)
            _close(upstream)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the other side: nothing left to shut
    sock.close()
