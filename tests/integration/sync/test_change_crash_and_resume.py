"""A change made step by step as the window makes it (start, quote, sign, pay or record the
refund, issue the 批单, upload), in its own process, killed (SIGKILL) at a random point, then
resumed by the clerk from what the store holds (the window reopens the policy's open change):
right after the kill the store passes its checks, there is at most one change, bound exactly
when its outbox row exists, and no more money than its difference; after resuming and syncing
with a real head office on loopback there is exactly one change, confirmed once, paid or
refunded once to the fen, and head office holds it once.

A few kills by default (CHUDAN_CHANGE_CRASH_KILLS, 3); the seed is printed and
CHUDAN_CHANGE_CRASH_SEED replays it. `python -m benchmarks --only change_crash` runs many more."""

from __future__ import annotations

import os
import random

import pytest

from tests.support.change_crash import kill_and_resume_once

pytestmark = pytest.mark.live  # a changing process, killed; a real head office

KILLS = int(os.environ.get("CHUDAN_CHANGE_CRASH_KILLS", "3"))


def test_a_change_killed_at_random_points_is_resumed_exactly_once(desk, link):
    seed = int(os.environ.get("CHUDAN_CHANGE_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    print(f"\nchange crash-and-resume seed {seed} ({KILLS} kills)")
    rng = random.Random(seed)
    points = [kill_and_resume_once(desk, link.engine, run, rng) for run in range(KILLS)]
    print("killed at: " + "; ".join(points))
