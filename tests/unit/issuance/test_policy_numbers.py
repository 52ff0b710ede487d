"""Policy numbers are made offline and never collide (docs/architecture.md: outlet + device + date +
sequence + check character). The format and its check character; drawing numbers through the
store is tested in tests/integration/issuance/test_policy_numbers.py."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from app.issuance.policy_numbers import format_number, is_valid_number


def test_format_reads_as_the_design_says():
    n = format_number("DEMO01", 7, date(2026, 11, 25), 123)
    assert n[:-1] == "DEMO010720261125000123"
    assert is_valid_number(n)


@given(
    outlet=st.from_regex(r"\A[A-Z][A-Z0-9]{1,11}\Z"),
    device=st.integers(1, 99),
    day=st.dates(date(2020, 1, 1), date(2099, 12, 31)),
    seq=st.integers(1, 999_999),
    pos=st.integers(0, 100),
    repl=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
)
def test_any_single_character_change_is_caught(outlet, device, day, seq, pos, repl):
    n = format_number(outlet, device, day, seq)
    i = pos % len(n)
    assume(n[i] != repl)  # a change, not the same character again
    assert is_valid_number(n)
    assert not is_valid_number(n[:i] + repl + n[i + 1 :])
