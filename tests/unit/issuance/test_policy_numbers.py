"""Policy numbers are made offline and never collide (docs/architecture.md: outlet + device + date +
sequence + check character, never O or I on a new number). The format and its check character; drawing numbers through the
store is tested in tests/integration/issuance/test_policy_numbers.py."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from app.core.policy_number import with_check
from app.issuance.policy_numbers import format_number, is_valid_number, next_printable


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


def test_a_new_number_never_ends_in_o_or_i_and_an_old_one_still_validates():
    # Worked by hand (ISO 7064 MOD 37-36 over "DEMO010720261125000001"): the check character of
    # sequence 1 is "I", which reads as 1 on paper; sequence 2's is not O or I, so 2 is drawn.
    body = "DEMO010720261125000001"
    assert with_check(body) == body + "I"
    assert is_valid_number(body + "I")  # issued before the rule: still a policy number
    n = next_printable("DEMO01", 7, date(2026, 11, 25), 1)
    assert n[:-1] == "DEMO010720261125000002" and n[-1] not in "OI"


@given(
    outlet=st.from_regex(r"\A[A-Z][A-Z0-9]{1,11}\Z"),
    device=st.integers(1, 99),
    day=st.dates(date(2020, 1, 1), date(2099, 12, 31)),
    seq=st.integers(1, 999_000),
)
def test_the_next_printable_number_skips_only_o_and_i(outlet, device, day, seq):
    n = next_printable(outlet, device, day, seq)
    assert is_valid_number(n) and n[-1] not in "OI"
    drawn = int(n[-7:-1])
    assert drawn >= seq
    # Every sequence passed over would have ended in O or I.
    assert all(format_number(outlet, device, day, s)[-1] in "OI" for s in range(seq, drawn))
