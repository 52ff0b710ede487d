"""Capped exponential backoff with full jitter, reset after a success (docs/architecture.md,
conventions: sync defensively). Used for the whole link (the worker's timer) and for each outbox
row."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 2.0
    cap_s: float = 600.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def delay_for(self, failures: int) -> float:
        """Seconds to wait after `failures` consecutive failures: uniform in [0, min(cap, base·2^(n-1))]."""
        if failures <= 0:
            return 0.0
        ceiling = min(self.cap_s, self.base_s * (2 ** min(failures - 1, 30)))
        return self.rng.uniform(0.0, ceiling)

    def failed(self) -> float:
        self.failures += 1
        return self.delay_for(self.failures)

    def succeeded(self) -> None:
        self.failures = 0
