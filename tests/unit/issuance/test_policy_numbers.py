"""Policy numbers are made offline and never collide (docs/architecture.md: outlet + device + date +
sequence + check character)."""

from __future__ import annotations

import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert

from app.issuance.policy_numbers import draw_number, format_number, is_valid_number
from local_db.models import Policy
from local_db.types import utcnow

NOW = utcnow()
INSERT = insert(Policy)


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
    if n[i] == repl:
        return
    assert not is_valid_number(n[:i] + repl + n[i + 1 :])


def _issue(s, outlet, device, day):
    number = draw_number(s, outlet, device, day)
    # A bare row is enough here: the number is what is under test (Core insert keeps 100,000 quick).
    s.execute(
        INSERT,
        {
            "id": str(uuid.uuid4()),
            "state": "bound",
            "policy_number": number,
            "created_at": NOW,
            "updated_at": NOW,
        },
    )
    return number


def test_100000_numbers_drawn_through_the_store_are_unique(app_ctx):
    """The target: 100,000 issued, none twice. Two devices and two days interleave."""
    numbers = []
    days = (date(2026, 11, 25), date(2026, 11, 26))
    with app_ctx.store.write() as s:
        for i in range(100_000):
            numbers.append(_issue(s, "DEMO01", 1 + i % 2, days[(i // 2) % 2]))
    assert len(set(numbers)) == 100_000
    assert all(is_valid_number(n) for n in numbers[::997])
    assert max(n for n in numbers if n.startswith("DEMO010120261125"))[-7:-1] == "025000"


def test_a_rolled_back_issuance_frees_its_number(app_ctx):
    day = date(2026, 11, 25)
    with app_ctx.store.write() as s:
        first = _issue(s, "DEMO01", 1, day)
    try:
        with app_ctx.store.write() as s:
            _issue(s, "DEMO01", 1, day)
            raise RuntimeError("power cut before commit")
    except RuntimeError:
        pass
    with app_ctx.store.write() as s:
        second = _issue(s, "DEMO01", 1, day)
    assert int(second[-7:-1]) == int(first[-7:-1]) + 1
