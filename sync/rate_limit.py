"""A sliding-minute limit on calls per client address, for the phone-facing endpoints of head
office and of the desk's LAN server (token guesses, yard log-ins). Kept in memory, per process:
a restart forgets it, and a multi-worker head office multiplies it by its workers, still far
below what guessing a 192-bit token or a password would need."""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimit:
    """At most `per_minute` calls per client in any sliding minute. Clients that have gone quiet
    are forgotten once more than `clients` are tracked, so the table never grows without bound."""

    def __init__(self, per_minute: int = 120, *, clients: int = 100_000) -> None:
        self.per_minute = per_minute
        self._clients = clients
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            calls = self._calls.setdefault(client, deque())
            while calls and now - calls[0] > 60:
                calls.popleft()
            if len(calls) >= self.per_minute:
                return False
            calls.append(now)
            if len(self._calls) > self._clients:
                for key in [k for k, v in self._calls.items() if not v]:
                    del self._calls[key]
            return True
