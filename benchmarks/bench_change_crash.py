"""The long run of kill -9 during a change (docs/changes.md, "A change killed half-way"): the
crash-and-resume test (tests/integration/sync/test_change_crash_and_resume.py) in a child with
many kills instead of its default three: a change made step by step, killed at a random point
(start, quote, sign, pay or refund, bind, upload) and resumed, against a real head office on
loopback. The figure is the kills survived; it is met when every one ended with exactly one
change, confirmed once, its money taken or refunded once, and held once by head office. The seed
is in the note (CHUDAN_CHANGE_CRASH_SEED replays it)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import Figure, child_env

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/integration/sync/test_change_crash_and_resume.py"


def run(quick: bool = False) -> list[Figure]:
    kills = 8 if quick else 60
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", TEST],
        cwd=ROOT,
        env=child_env(CHUDAN_CHANGE_CRASH_KILLS=str(kills), QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    seconds = time.perf_counter() - t0
    seed = re.search(r"seed (\d+)", done.stdout)
    passed = done.returncode == 0
    note = f"seed {seed.group(1) if seed else '?'}, {seconds:.0f} s"
    if not passed:
        tail = " ".join(done.stdout.strip().splitlines()[-3:])
        note += f"; FAILED: {tail[:300]}"
    return [
        Figure(
            "changes",
            "changes killed (kill -9) at random points and resumed exactly once",
            kills if passed else None,
            "kills",
            target=f"all {kills}",
            ok=passed,
            conditions_met=passed,
            note=note,
        )
    ]
