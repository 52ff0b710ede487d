"""Capped exponential backoff with jitter, reset after a success (docs/architecture.md,
conventions: sync defensively). The one helper for every retry: the sync link and each outbox row
(full jitter), and the SMS gateway (±20 %).

`spread` None is full jitter: a delay uniform in [0, ceiling], which scatters many clients best;
a fraction keeps the delay near its ceiling (ceiling × [1 − spread, 1 + spread]), for a single
client whose waits a person reads ("tried again in about ten minutes")."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 2.0
    cap_s: float = 600.0
    spread: float | None = None
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, failures: int) -> float:
        return min(self.cap_s, self.base_s * (2 ** min(failures - 1, 30)))

    def delay_for(self, failures: int) -> float:
        """Seconds to wait after `failures` consecutive failures."""
        if failures <= 0:
            return 0.0
        ceiling = self.ceiling(failures)
        if self.spread is None:
            return self.rng.uniform(0.0, ceiling)
        return ceiling * self.rng.uniform(1 - self.spread, 1 + self.spread)

    def failed(self) -> float:
        self.failures += 1
        return self.delay_for(self.failures)

    def succeeded(self) -> None:
        self.failures = 0
