"""Policy numbers drawn through the store never repeat, across devices and days, and a number
drawn in a transaction that is rolled back is drawn again (no duplicate; the only gaps are the
numbers whose check character would be O or I)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import insert

from app.core.policy_number import with_check
from app.issuance.policy_numbers import draw_number, is_valid_number
from local_db.models import Policy
from local_db.types import utcnow

NOW = utcnow()
INSERT = insert(Policy)


def _issue(s, outlet, device, day):
    number = draw_number(s, outlet, device, day)
    # A bare row is enough here: the number is what is under test (a Core insert keeps it quick).
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


def test_2000_numbers_drawn_through_the_store_are_unique(app_ctx):
    """Two devices and two days interleave; every number is new and carries a valid check
    character. (100,000 take twenty seconds: that figure belongs in benchmarks/.)"""
    numbers = []
    days = (date(2026, 11, 25), date(2026, 11, 26))
    with app_ctx.store.write() as s:
        for i in range(2_000):
            numbers.append(_issue(s, "DEMO01", 1 + i % 2, days[(i // 2) % 2]))
    assert len(set(numbers)) == 2_000
    assert all(is_valid_number(n) and n[-1] not in "OI" for n in numbers)
    # Each (device, day) has its own sequence, from 1, with a gap only where the check character
    # would have been O or I (they read as 0 and 1 on paper): 500 numbers each here.
    for p in ("DEMO010120261125", "DEMO010220261126"):
        drawn = sorted(int(n[-7:-1]) for n in numbers if n.startswith(p))
        printable = [s for s in range(1, 600) if with_check(f"{p}{s:06d}")[-1] not in "OI"][:500]
        assert drawn == printable


def test_a_rolled_back_issuance_frees_its_number(app_ctx):
    day = date(2026, 11, 25)
    with app_ctx.store.write() as s:
        first = _issue(s, "DEMO01", 1, day)
    with pytest.raises(RuntimeError), app_ctx.store.write() as s:
        lost = _issue(s, "DEMO01", 1, day)
        raise RuntimeError("power cut before commit")
    with app_ctx.store.write() as s:
        second = _issue(s, "DEMO01", 1, day)
    assert second == lost and int(second[-7:-1]) > int(first[-7:-1])
