"""Bad input: the whole battery (tests/support/bad_input.py: every desk command × hostile inputs,
in-process through cli.launcher.main and the marked ones also as real processes) — probes tried
and held, where a probe holds when it exits non-zero with one line on stderr, no traceback and
nothing stored — and the request fuzzing (tests/support/request_fuzz.py) run for a few thousand
cases, bounded in time: cases run and cases that raised anything but a one-line refusal."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Figure

FUZZ_SECONDS = 60  # the full run (about 3,500 cases of each schema); --quick takes a tenth


def _battery(quick: bool) -> tuple[list[Figure], list[str]]:
    from app.access.passwords import PasswordHashing
    from app.desk.context import AppContext
    from tests.support import bad_input

    # The desk's own hashing costs 0.4 s a log-in; the battery is about refusals, not hashing.
    # (The real processes hash with the desk's parameters; their desk's hashes are cheap ones.)
    desk_hashing = AppContext.default_passwords
    AppContext.default_passwords = PasswordHashing(1, 8, 1)
    try:
        return _probe_all(bad_input, quick)
    finally:
        AppContext.default_passwords = desk_hashing


def _probe_all(bad_input, quick: bool) -> tuple[list[Figure], list[str]]:
    probes = bad_input.all_probes(with_ocr=not quick)
    failures: list[str] = []
    tried = held = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="chudan-bad-input-") as tmp:
        root = Path(tmp)
        template = root / "template"
        bad_input.make_desk(template)
        for i, probe in enumerate(probes):
            runs = [bad_input.run_in_process] + (
                [bad_input.run_as_process] if probe.subprocess else []
            )
            for j, run in enumerate(runs):
                home, work = root / f"home-{i}-{j}", root / f"work-{i}-{j}"
                bad_input.copy_desk(template, home)
                outcome = run(probe, home, work)
                tried += 1
                held += outcome.held
                if not outcome.held:
                    where = "process" if j else "in-process"
                    failures.append(f"{probe.name} ({where}): {outcome.why}")
                shutil.rmtree(home, ignore_errors=True)
                shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - t0
    return [
        Figure("bad input", "battery: probes tried", tried, "probes", note=f"{len(probes)} inputs"),
        Figure(
            "bad input",
            "battery: probes held",
            held,
            "probes",
            target=f"= {tried} (all)",
            ok=held == tried,
            note="; ".join(failures)[:300] or f"{seconds:.0f} s",
        ),
    ], failures


def _fuzzer(strategy, price, cases: dict[str, int], bad: list[str]):
    """One hypothesis run of up to 500 cases, counting into `cases` and `bad`."""
    from hypothesis import HealthCheck, given, settings

    from tests.support import request_fuzz as rf

    @settings(
        max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(strategy)
    def one(data):
        cases["run"] += 1
        try:
            price(data)
            cases["priced"] += 1
        except Exception as exc:  # noqa: BLE001  (counted, not raised)
            if rf.refused_well(exc):
                cases["refused"] += 1
            else:
                bad.append(f"{type(exc).__name__}: {rf.shown(data)[:120]}")

    return one


def _fuzz(quick: bool) -> list[Figure]:
    from tests.support import request_fuzz as rf

    budget = FUZZ_SECONDS / (10 if quick else 1)
    figures = []
    for label, strategy, price in (
        ("issuance request", rf.policy_requests, rf.price_policy_request),
        ("quote request", rf.quote_requests, rf.price_quote_request),
    ):
        cases = {"run": 0, "priced": 0, "refused": 0}
        bad: list[str] = []
        one = _fuzzer(strategy, price, cases, bad)
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < budget / 2:  # batches of 500 until the time is up
            one()
        figures += [
            Figure(
                "bad input",
                f"fuzz {label}: cases",
                cases["run"],
                "cases",
                note=f"{cases['priced']} priced, {cases['refused']} refused, in {time.perf_counter() - t0:.0f} s",
            ),
            Figure(
                "bad input",
                f"fuzz {label}: other exceptions",
                len(bad),
                "cases",
                target="0",
                ok=not bad,
                note="; ".join(bad)[:300],
            ),
        ]
    return figures


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:  # tests.support is imported from the checkout
        sys.path.insert(0, root)
    figures, _ = _battery(quick)
    return figures + _fuzz(quick)


if __name__ == "__main__":
    for f in run(quick="--quick" in sys.argv):
        print(f)
