"""The bad-input battery's sample (`make bench` runs all of it, benchmarks/bench_bad_input.py):
every probe exits non-zero with one line on stderr, no traceback, and nothing stored. In-process
through cli.launcher.main, and a few as real processes with no terminal."""

from __future__ import annotations

import pytest

from tests.support.bad_input import Probe, all_probes, run_as_process, run_in_process

# One probe per class of fault the battery found, over every command it touches.
SAMPLE = {
    "policy issue: JSON nested 100,000 deep",
    "policy issue: amount 1e999999 (string)",
    "policy issue: amount 1e999999 (number)",
    "policy issue: signature point 1e999999",
    "policy issue: signature of 200,001 points",
    "policy issue: unknown draft_id",
    "policy issue: claim-free years 10^30",
    "policy issue: tonnage 1e999999",
    "policy issue: start date 9999-12-31",
    "policy issue: address with U+202E",
    "policy issue: name with a lone surrogate",
    "policy issue: 5,000,000-character organisation name",
    "policy issue: e-mail with a 100,000-character local part",
    "policy issue: a link to /dev/zero",
    "quote: JSON nested 100,000 deep",
    "quote: displacement 1e999999",
    "quote: end date 9999-12-31",
    "rates verify: JSON nested 100,000 deep",
    "rates install: a binary file",
    "rates sign: a key that is not a key",
    "rates sign: a FIFO as the key",
    "db backup: over the store key",
    "db backup: an unwritable place",
    "db backup: a directory",
    "db restore: a 0-byte file",
    "db restore: a foreign file",
    "audit show: --limit 10**30",
    "user add: a Cyrillic look-alike of admin",
    "user add: without --as",
    "epolicy sms-gateway: timeout NaN",
    "sync provision: a provisioning file nested 100,000 deep",
    "sync provision: a code of the wrong length",
}
PROBES = {p.name: p for p in all_probes(with_ocr=False)}
# These run in every test pass; the rest of the sample with the slow tests.
QUICK = {
    "policy issue: JSON nested 100,000 deep",
    "policy issue: amount 1e999999 (string)",
    "policy issue: unknown draft_id",
    "policy issue: address with U+202E",
    "db backup: over the store key",
    "db restore: a 0-byte file",
    "audit show: --limit 10**30",
    "user add: without --as",
}


def test_the_sample_names_probes_of_the_battery():
    assert QUICK <= SAMPLE <= set(PROBES)


@pytest.mark.parametrize(
    "name", [n if n in QUICK else pytest.param(n, marks=pytest.mark.slow) for n in sorted(SAMPLE)]
)
def test_a_hostile_input_is_refused_in_one_line_and_nothing_is_stored(name, demo_desk, tmp_path):
    outcome = run_in_process(PROBES[name], demo_desk, tmp_path / "work")
    assert outcome.held, f"{outcome.why}: {outcome.stderr[:500]}"
    assert outcome.stderr.startswith("chudan")


@pytest.mark.slow
@pytest.mark.live
@pytest.mark.parametrize(
    "probe", [p for p in PROBES.values() if p.subprocess], ids=lambda p: p.name
)
def test_as_a_real_process_too(probe: Probe, demo_desk, tmp_path):
    outcome = run_as_process(probe, demo_desk, tmp_path / "work")
    assert outcome.held, f"{outcome.why}: {outcome.stderr[:500]}"
