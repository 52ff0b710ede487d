"""A benchmark's child that fails says why in the table's row, and one that hangs is given up on
at its limit instead of holding `make bench` for ever (real child processes)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from benchmarks import ChildFailed, LineReader, last_json_line, run_child
from benchmarks.__main__ import run_module

pytestmark = pytest.mark.live  # real child processes


def test_a_failing_child_reports_the_end_of_its_stderr():
    script = "import sys; print('step 1 done'); sys.stderr.write('Traceback ...\\nTimeoutError: waited 30 s for the premium\\n'); sys.exit(1)"
    with pytest.raises(ChildFailed) as failed:
        run_child([sys.executable, "-c", script], what="the wizard's window process")
    assert "the wizard's window process failed (exit 1)" in str(failed.value)
    assert "TimeoutError: waited 30 s for the premium" in str(failed.value)


def test_a_child_over_its_limit_is_stopped_and_says_so():
    t0 = time.monotonic()
    with pytest.raises(ChildFailed, match="did not finish within 1 s"):
        run_child(
            [sys.executable, "-c", "import time; time.sleep(60)"], what="a child", timeout_s=1
        )
    assert time.monotonic() - t0 < 30


def test_a_wait_for_a_line_from_a_hung_child_ends_at_its_limit():
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; print('login-shown', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = LineReader(proc.stdout)
        assert (lines.next_line(30) or "").startswith("login-shown")
        t0 = time.monotonic()
        assert lines.next_line(0.5) is None  # "store-ready" never comes
        assert time.monotonic() - t0 < 10
    finally:
        proc.kill()
        proc.wait()


def test_the_result_line_is_found_after_what_libraries_print():
    assert last_json_line('loading models…\n{"actions": 15}\n', "child") == {"actions": 15}
    with pytest.raises(ChildFailed, match="printed no result"):
        last_json_line("Segmentation fault\n", "child")


def test_a_benchmark_that_cannot_run_becomes_a_row_saying_why(monkeypatch):
    import benchmarks.__main__ as runner
    from benchmarks.calibration import Calibration

    def broken(quick: bool):
        raise ChildFailed("the drain process failed (exit 1): OSError: no space left on device")

    module = type(sys)("benchmarks.bench_broken")
    module.run = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "benchmarks.bench_broken", module)
    # The calibration is not what is tested here (it takes seconds on a busy machine).
    fixed = Calibration(
        per_call_us={"1": 216.0, "10": 216.0, "100": 216.0, "1000": 216.0},
        min_us=216.0,
        speed_us=216.0,
    )
    monkeypatch.setattr(runner, "measure", lambda full=True: fixed)
    figures, record = run_module("bench_broken", quick=True)
    assert len(figures) == 1 and figures[0].value is None and figures[0].unmeasured
    assert "no space left on device" in figures[0].note and record["error"]
    assert runner.exit_code(figures) == 2
