"""Head office under hostile bodies: its peak memory while 10 MB gzip bodies arrive (a bomb that
inflates to 10 GiB, sent with its length and streamed without one; then a 1 MB one, under the
read limit, that inflates to 1 GiB) must not grow beyond the
configured limits (1 MB read as sent, 4 MB inflated: sync/protocol.py); and the HTTP fuzzing
pass (tests/support/hq_fuzz.py) run for a few thousand cases: cases sent, cases answered outside
the protocol (a 5xx or an error of another shape). `chudan-hq serve` as its own process on
SQLite, its peak resident memory read from /proc (VmHWM)."""

from __future__ import annotations

import gzip
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks import Figure, not_measured

MIB = 1024 * 1024
FUZZ_CASES = 3_000  # the full run; --quick sends a tenth


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc (not Linux)")


def _bomb(total_mb: int) -> bytes:
    """About `total_mb` MB of gzip that inflates about a thousand times larger (gzip members
    concatenated: one stream to a reader)."""
    member = gzip.compress(b"\0" * (1024 * MIB), compresslevel=9)  # ~1 MB
    return member * max(1, round(total_mb * MIB / len(member)))


def _chunks(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for i in range(0, len(body), size):
        yield body[i : i + size]


def _token(base: str, code: str) -> str:
    import requests

    from sync.protocol import Paths

    r = requests.post(base + Paths.PROVISION, json={"code": code}, timeout=60)
    r.raise_for_status()
    return str(r.json()["token"])


def _memory(hq, token: str, base: str) -> list[Figure]:
    import requests

    from sync.protocol import MAX_INFLATED_BYTES, MAX_REQUEST_BYTES, Paths

    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
    }
    # Warm: every module a request loads, one refused body of each kind already handled.
    small = gzip.compress(b"\0" * (64 * MIB))
    for _ in range(3):
        requests.post(base + Paths.POLICIES, data=small, headers=headers, timeout=120)
        requests.get(base + Paths.RATE_INDEX, headers=headers, timeout=60)
    body = _bomb(10)
    before = _peak_mb(hq.proc.pid)
    answers = []
    t0 = time.perf_counter()
    r = requests.post(base + Paths.POLICIES, data=body, headers=headers, timeout=300)
    answers.append(r.status_code)
    try:  # streamed, no length: head office must stop reading at its limit
        r = requests.post(base + Paths.POLICIES, data=_chunks(body), headers=headers, timeout=300)
        answers.append(r.status_code)
    except requests.ConnectionError:
        answers.append(413)  # closed on us mid-body: refused before the rest was read
    # Under the read limit but 1 GiB inflated: refused while inflating, at the inflated limit.
    r = requests.post(base + Paths.POLICIES, data=_bomb(1), headers=headers, timeout=300)
    answers.append(r.status_code)
    seconds = time.perf_counter() - t0
    grown = _peak_mb(hq.proc.pid) - before
    limit_mb = (MAX_REQUEST_BYTES + MAX_INFLATED_BYTES) / MIB
    ok = all(a == 413 for a in answers)
    return [
        Figure(
            "hq",
            f"head office peak memory growth, two {len(body) / MIB:.0f} MB gzip bodies "
            "(10 GiB inflated; with and without a length) and a 1 MB one (1 GiB inflated)",
            grown,
            "MB",
            at_most=limit_mb,
            conditions_met=ok,
            note=f"answers {answers}, {seconds:.1f} s; limit = read + inflated limits"
            + ("" if ok else ": not refused with 413"),
        )
    ]


def _fuzz(token: str, base: str, cases: int) -> list[Figure]:
    from hypothesis import HealthCheck, given, settings

    from tests.support.hq_fuzz import Probe, check_answer, probes

    sent = 0
    bad: list[str] = []

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(probes(token, "DEMO01"))
    def one(probe: Probe) -> None:
        nonlocal sent
        sent += 1
        try:
            check_answer(probe, probe.send(base))
        except AssertionError as exc:
            bad.append(str(exc)[:200])

    t0 = time.perf_counter()
    one()
    seconds = time.perf_counter() - t0
    return [
        Figure(
            "hq",
            "HTTP fuzz: requests sent (policies, referrals, anchors, look-ups, hostile tokens)",
            sent,
            "requests",
            at_least=cases * 0.9,
            note=f"{seconds:.0f} s",
        ),
        Figure(
            "hq",
            "HTTP fuzz: answers outside the protocol (5xx, or an error of another shape)",
            len(bad),
            "answers",
            at_most=0,
            note="; ".join(sorted(set(bad))[:3]),
        ),
    ]


def run(quick: bool = False) -> list[Figure]:
    if not Path("/proc/self/status").exists():
        return [not_measured("hq", "head office peak memory growth", "MB", "no /proc here")]
    from tests.support.hq_server import HqProcess

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ.setdefault("CHUDAN_KEYRING", "off")
        hq = HqProcess(home)
        code = hq.set_up()
        hq.start()
        try:
            base = f"http://127.0.0.1:{hq.port}"
            token = _token(base, code)
            figures = _memory(hq, token, base)
            figures += _fuzz(token, base, FUZZ_CASES // 10 if quick else FUZZ_CASES)
        finally:
            hq.stop()
    return figures


if __name__ == "__main__":
    for f in run(quick=True):
        print(f.name, f.value, f.note)
