"""Properties of the claims register's continuous-cover rule (hq/claims.py) and of staff
passwords (hq/accounts.py), over generated inputs."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hq.accounts import check_password, hash_password, may
from hq.claims import LAPSE, continuous_years

AS_OF = date(2026, 12, 1)
periods = st.lists(
    st.tuples(st.integers(-3000, 200), st.integers(0, 800)).map(
        lambda t: (AS_OF + timedelta(days=t[0]), AS_OF + timedelta(days=t[0] + t[1]))
    ),
    max_size=8,
)


@given(periods)
def test_continuous_years_is_known_cover_only_and_never_more_than_covered(ps):
    got = continuous_years(ps, AS_OF)
    started = [(s, e) for s, e in ps if s <= AS_OF]
    if not started:
        assert got is None
        return
    assert got is not None and got >= 0
    covered = {s + timedelta(days=i) for s, e in started for i in range((e - s).days + 1)}
    assert got <= len(covered) // 365  # a gap between periods never counts as cover
    if max(e for _s, e in started) < AS_OF - LAPSE:
        assert got == 0  # lapsed more than six months: no continuous cover


@given(st.integers(1, 6))
def test_back_to_back_years_count_whole(n):
    ps, end = [], AS_OF + timedelta(days=30)
    for _ in range(n):
        start = end - timedelta(days=364)
        ps.append((start, end))
        end = start - timedelta(days=1)
    assert continuous_years(ps, AS_OF) == n


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_a_password_checks_only_itself(password, other):
    stored = hash_password(password, cost=2**4)
    assert stored.startswith("scrypt$16$8$1$") and password not in stored.split("$")[-2:]
    assert check_password(password, stored)
    assert check_password(other, stored) == (other == password)
    assert not check_password(password, "not-a-hash")


def test_roles():
    assert may("reports", "reports") and may("admin", "reports")
    assert not may("finance", "reports") and not may("nobody", "reports")
