"""Re-pricing compares every printed figure to the fen, and names the one that differs."""

from __future__ import annotations

import pytest

from app.rating.signing import parse_table
from hq.repricing import reprice
from sync.protocol import PolicyContent
from tests.support.hq_data import add_fen, demo_table_doc, example_quote_request, priced_premium

TABLE = parse_table(demo_table_doc())


def _content(premium: dict[str, str], request: dict | None = None) -> PolicyContent:
    return PolicyContent.model_validate(
        {
            "policy_number": "P-1",
            "rate_version": 1,
            "quote_request": request or example_quote_request(),
            "premium": premium,
        }
    )


def test_the_exact_figures_pass() -> None:
    assert reprice(_content(priced_premium(example_quote_request())), TABLE) is None


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("ctpl", "CTPL premium"),
        ("commercial", "commercial premium"),
        ("vehicle_tax", "vehicle and vessel tax"),
        ("total", "total"),
    ],
)
@pytest.mark.parametrize("fen", [1, -1])
def test_one_fen_off_in_any_figure_is_a_mismatch_naming_it(
    field: str, label: str, fen: int
) -> None:
    right = priced_premium(example_quote_request())
    wrong = dict(right, **{field: add_fen(right[field], fen)})
    found = reprice(_content(wrong), TABLE)
    assert found is not None
    code, message = found
    assert code == "premium_mismatch"
    assert f"{label} {wrong[field]} on the policy, {right[field]} by head office" in message
    assert message.count("on the policy") == 1  # only the figure that differs is named


def test_a_request_the_table_cannot_price_is_named_as_such() -> None:
    request = example_quote_request() | {"start_date": "2031-01-01"}
    found = reprice(_content({"total": "1.00"}, request), TABLE)
    assert found is not None and found[0] == "invalid_quote_request"
    assert f"version {TABLE.version}" in found[1]
