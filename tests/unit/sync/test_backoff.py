"""The backoff the sync uses between attempts: jittered, doubling, capped, reset by a success."""

from __future__ import annotations

import random

from sync.backoff import Backoff


def test_backoff_grows_caps_and_resets():
    b = Backoff(base_s=2, cap_s=60, rng=random.Random(0))
    ceilings = [min(60, 2 * 2 ** (n - 1)) for n in range(1, 10)]
    for n, ceiling in enumerate(ceilings, start=1):
        assert 0 <= b.delay_for(n) <= ceiling
    for _ in range(8):
        b.failed()
    assert b.failures == 8
    b.succeeded()
    assert b.failures == 0 and b.delay_for(0) == 0
