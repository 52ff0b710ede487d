"""`make bench` judges every figure on the reference machine (216 µs for sum(range(10000))):
a time measured here is scaled by 216 µs ÷ this machine's speed at it, a rate divided by the same
factor, and the exit status says whether a target was missed, could not be checked, or was
missed only because the machine was busy (benchmarks/__main__.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from benchmarks import Figure
from benchmarks.__main__ import exit_code
from benchmarks.calibration import REFERENCE_US, Calibration


def _cal(single: float, long: float | None = None) -> Calibration:
    """A machine whose single calls take `single` µs and whose 0.1 s runs take `long` per call."""
    long = single if long is None else long
    return Calibration(
        per_call_us={"1": single, "10": single, "100": (single + long) / 2, "1000": long},
        min_us=single,
        speed_us=single,
    )


def test_a_time_on_a_machine_twice_as_fast_counts_double():
    f = Figure("startup", "cold start", 0.59, "s", at_most=1.0)
    f.judge(_cal(REFERENCE_US / 2))
    assert f.scaled == 1.18 and f.ok is False  # 0.59 s here is 1.18 s on the reference machine


def test_the_slow_machine_itself_is_judged_on_its_own_figure():
    f = Figure("rating", "quote", 99.0, "µs", at_most=100)
    f.judge(_cal(REFERENCE_US))
    assert f.scaled == 99.0 and f.ok is True


def test_a_rate_is_divided_by_the_same_factor():
    f = Figure("hq", "intake", 2103.0, "policies/s", at_least=1000)
    f.judge(_cal(REFERENCE_US / 2.8))  # the fast machine: 2,103/s there is 751/s here
    assert round(f.scaled) == 751 and f.ok is False


def test_shares_counts_and_memory_are_not_scaled():
    for unit in ("%", "MB", "actions", ""):
        f = Figure("ocr", "x", 99.6, unit, at_least=99.5)
        f.judge(_cal(50.0))
        assert f.scaled == 99.6 and f.ok is True and f.multiple is None


def test_a_failed_condition_misses_the_target_whatever_the_number():
    f = Figure("store", "numbers", 5000.0, "numbers/s", target="every one unique", ok=True)
    f.conditions_met = False
    f.judge(_cal(REFERENCE_US))
    assert f.ok is False and exit_code([f]) == 1


@given(value=st.floats(0.001, 1000), cal_us=st.floats(20, 2000))
def test_the_multiple_times_the_reference_is_the_scaled_time(value, cal_us):
    f = Figure("x", "y", value, "ms", at_most=30)
    f.judge(_cal(cal_us))
    assert abs(f.multiple * REFERENCE_US / 1000 - f.scaled) <= 1e-9 * max(1.0, f.scaled)


def test_a_miss_the_load_explains_is_marked_busy_and_exits_3():
    # A 1 s start-up on a machine whose long runs got a quarter of a core: judged on the single
    # calls it misses; allowing for the load (the long runs) it would not have.
    f = Figure("startup", "cold start", 1.0, "s", at_most=1.0)
    f.judge(_cal(REFERENCE_US / 2, long=REFERENCE_US * 2))
    assert f.ok is False and f.busy_miss and f.scaled_for_load == 0.5
    assert exit_code([f]) == 3


def test_a_miss_the_load_does_not_explain_exits_1_even_beside_a_busy_one():
    busy = Figure("startup", "cold start", 1.0, "s", at_most=1.0)
    busy.judge(_cal(REFERENCE_US / 2, long=REFERENCE_US * 2))
    plain = Figure("wizard", "step change", 40.0, "ms", at_most=30)
    plain.judge(_cal(REFERENCE_US))
    assert not plain.busy_miss and exit_code([busy, plain]) == 1


def test_a_figure_that_could_not_be_measured_exits_2_and_a_complete_run_0():
    met = Figure("pdf", "render", 10.0, "ms", at_most=50)
    met.judge(_cal(REFERENCE_US))
    missing = Figure("hq", "intake, PostgreSQL", None, "policies/s", at_least=1000)
    missing.judge(_cal(REFERENCE_US))
    informative = Figure("store", "rows inserted", 900.0, "rows/s")  # no target
    informative.judge(_cal(REFERENCE_US))
    assert exit_code([met, informative]) == 0
    assert exit_code([met, missing, informative]) == 2


def test_a_figure_printed_by_a_child_process_comes_back_whole():
    f = Figure("rating", "quote", 75.7, "µs", at_most=100, note="median")
    again = Figure.from_dict(f.as_dict())
    again.judge(_cal(REFERENCE_US))
    assert (again.value, again.at_most, again.target, again.ok) == (75.7, 100, "≤ 100 µs", True)


def test_a_busy_machine_does_not_make_a_figure_look_better():
    # Half the single calls interrupted: the median doubles, the 10th percentile does not; the
    # figure is scaled by the machine's speed, not by the load.
    from benchmarks.calibration import sum_range_runs  # noqa: F401 (the measuring function exists)

    busy = Calibration(
        per_call_us={"1": 216.0, "10": 300.0, "100": 400.0, "1000": 432.0},
        min_us=100.0,
        speed_us=108.0,
    )
    f = Figure("rating", "quote", 75.0, "µs", at_most=100)
    f.judge(busy)
    assert f.scaled == 150.0 and f.ok is False and busy.factor == 2.0
