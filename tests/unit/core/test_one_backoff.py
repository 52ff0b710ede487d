"""One backoff helper for every retry (app/core/backoff.py): the sync's link and rows, and the
SMS gateway, wait by the same rule."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from app.core.backoff import Backoff


@given(st.integers(min_value=1, max_value=80), st.integers(min_value=0, max_value=2**32))
def test_full_jitter_waits_between_nothing_and_the_capped_ceiling(failures, seed):
    b = Backoff(2.0, 600.0, rng=random.Random(seed))
    assert 0.0 <= b.delay_for(failures) <= min(600.0, 2.0 * 2 ** (failures - 1))


@given(st.integers(min_value=1, max_value=80), st.integers(min_value=0, max_value=2**32))
def test_a_spread_keeps_the_wait_near_its_ceiling(failures, seed):
    b = Backoff(30.0, 1800.0, spread=0.2, rng=random.Random(seed))
    ceiling = min(1800.0, 30.0 * 2 ** (failures - 1))
    assert 0.8 * ceiling <= b.delay_for(failures) <= 1.2 * ceiling


def test_a_success_resets_the_wait():
    b = Backoff(30.0, 1800.0, spread=0.2, rng=random.Random(1))
    for _ in range(10):
        b.failed()
    assert b.delay_for(b.failures) >= 0.8 * 1800.0
    b.succeeded()
    assert 24.0 <= b.failed() <= 36.0


def test_the_sync_and_the_delivery_use_this_helper():
    import app.delivery.service as delivery
    import sync.backoff

    assert sync.backoff.Backoff is Backoff
    assert delivery.Backoff is Backoff
