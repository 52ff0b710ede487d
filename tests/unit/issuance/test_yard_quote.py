"""The yard's quote beside the desk's premium (app.issuance.yard_quote): the yard's covers as the
custom plan holds them, and a difference said with both amounts and its sign."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.core.money import fmt_amount
from app.issuance.yard_quote import compared, shown_total, yard_coverages

amounts = st.decimals(min_value=0, max_value=1_000_000, places=2)


def test_the_yards_covers_become_the_custom_plans_with_limits_to_the_fen() -> None:
    request = {
        "coverages": [
            {"code": "ctpl"},
            {"code": "third_party", "limit": "2000000"},
            {"code": "driver", "limit": "not a number"},
            "junk",
        ]
    }
    assert yard_coverages(request) == [
        {"code": "ctpl"},
        {"code": "third_party", "limit": "2000000.00"},
    ]
    assert yard_coverages(None) == [] and yard_coverages({"coverages": "x"}) == []
    assert shown_total({"total": "1234.5"}) == Decimal("1234.50")
    assert shown_total({"total": "—"}) is None and shown_total(None) is None


@given(shown=amounts, now=amounts)
def test_a_difference_is_said_with_both_amounts_and_its_sign(shown: Decimal, now: Decimal) -> None:
    zh, en = compared(shown, now)
    if shown == now:
        assert "相同" in zh and "confirmed" in en and fmt_amount(shown) in en
        return
    for line in (zh, en):
        assert fmt_amount(shown) in line and fmt_amount(now) in line
        assert ("+" if now > shown else "-") + fmt_amount(abs(now - shown)) in line
