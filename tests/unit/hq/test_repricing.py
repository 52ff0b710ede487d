"""Re-pricing compares every printed figure to the fen, and names the one that differs."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.rating.signing import parse_table
from hq.repricing import check_policy, reprice
from sync.protocol import PolicyContent
from tests.support.hq_data import (
    add_fen,
    china_today,
    demo_table_doc,
    example_quote_request,
    number_for,
    policy_content,
    priced_premium,
)

TABLE = parse_table(demo_table_doc())


def _content(premium: dict[str, str], request: dict | None = None) -> PolicyContent:
    return PolicyContent.model_validate(
        policy_content(number_for("P-1"), premium=premium, quote_request=request)
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


def _with_rating_data(content: dict, **pricing: str) -> dict:
    """The content as an outlet of this version uploads it: the policy's own rating data too."""
    req = content["quote_request"]
    start, end = content["period"]
    return content | {
        "region": req["region"],
        "term": {"start_date": start, "end_date": end, "immediate": False},
        "history": req.get("history") or {},
        "coverages": content["covers"],
        "pricing": {"pricing_coefficient": req["pricing_coefficient"], "promotions": []} | pricing,
        "tax": req.get("tax"),
    }


def test_a_policy_with_its_own_rating_data_is_priced_from_that_not_from_the_request() -> None:
    right = priced_premium(example_quote_request())
    content = _with_rating_data(policy_content(number_for("P-R"), premium=right))
    assert reprice(PolicyContent.model_validate(content), TABLE) is None
    # The request the outlet says it priced is unchanged; the policy's own coefficient is not.
    cheaper = _with_rating_data(content, pricing_coefficient="0.85")
    found = reprice(PolicyContent.model_validate(cheaper), TABLE)
    assert found is not None and found[0] == "premium_mismatch"


def test_rating_data_that_describes_another_policy_is_refused() -> None:
    content = _with_rating_data(policy_content(number_for("P-S")))
    other_covers = content | {"coverages": [{"code": "ctpl"}]}
    refused = check_policy(PolicyContent.model_validate(other_covers))
    assert refused is not None and refused[0] == "invalid_content" and "coverages" in refused[1]
    start, _ = content["period"]
    other_term = content | {"term": {"start_date": start, "end_date": start}}
    refused = check_policy(PolicyContent.model_validate(other_term))
    assert refused is not None and refused[0] == "invalid_content" and "term" in refused[1]


def test_a_coefficient_out_of_range_is_a_field_error_not_a_failure() -> None:
    content = _with_rating_data(policy_content(number_for("P-T")), pricing_coefficient="1e999999")
    with pytest.raises(ValidationError, match="pricing_coefficient"):
        PolicyContent.model_validate(content)


def test_immediate_cover_starts_at_binding_and_runs_to_the_same_moment_a_year_later() -> None:
    today = china_today()
    year_on = today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else today
    content = _with_rating_data(
        policy_content(number_for("P-I"), period=(today.isoformat(), year_on.isoformat()))
    )
    content["term"]["immediate"] = True
    assert check_policy(PolicyContent.model_validate(content)) is None
    content["term"]["immediate"] = False  # from 00:00 today: before the policy was bound
    refused = check_policy(PolicyContent.model_validate(content))
    assert refused is not None and refused[0] in ("starts_before_issue", "invalid_period")


@pytest.mark.parametrize(
    "pricing",
    [{}, {"clauses": "ordinary", "traffic_violation_coefficient": "1.1", "promotions": ["P1"]}],
)
def test_the_request_rebuilt_from_rating_data_is_the_one_the_whole_policy_gives(
    pricing: dict,
) -> None:
    # rebuild_request hands request_from_policy only the parts it reads: the request must be
    # the one the whole policy, dumped, gives (with the policy's own vehicle and covers).
    from app.rating.request import request_from_policy
    from hq.repricing import rebuild_request

    request = example_quote_request() | {"tax": {"arrears": [{"year": 2025, "amount": "480.00"}]}}
    content = PolicyContent.model_validate(
        _with_rating_data(
            policy_content(number_for("P-W"), premium=priced_premium(example_quote_request()))
            | {"quote_request": request},
            **pricing,
        )
        | {"tax": request["tax"], "history": {"ncd_level": 0, "first_ctpl": False}}
    )
    whole = request_from_policy(content.model_dump(mode="json", by_alias=True))
    rebuilt = rebuild_request(content)
    assert rebuilt.pop("vehicle") and rebuilt.pop("coverages")
    whole.pop("vehicle"), whole.pop("coverages")
    assert rebuilt == whole
    assert rebuilt["tax"] == request["tax"] and rebuilt["history"]["ncd_level"] == 0
