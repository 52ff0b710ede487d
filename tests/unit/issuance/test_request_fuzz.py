"""Hypothesis over the issuance and quote request schemas (tests/support/request_fuzz.py): any
request either prices or is refused with a one-line ChudanError listing what is wrong; never
another exception (no InvalidOperation, OverflowError, RecursionError, TypeError, KeyError)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.support.request_fuzz import (
    policy_requests,
    price_policy_request,
    price_quote_request,
    quote_requests,
    refused_well,
    shown,
)

# A few hundred cases each, with the slow tests (`make test`); `make bench` runs thousands.
pytestmark = pytest.mark.slow
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(policy_requests)
def test_an_issuance_request_prices_or_is_refused_in_one_line(data):
    try:
        price_policy_request(data)
    except Exception as exc:  # noqa: BLE001  (the property is about which exceptions)
        assert refused_well(exc), f"{type(exc).__name__}: {exc!s:.300} for {shown(data)}"


@FUZZ
@given(quote_requests)
def test_a_quote_request_prices_or_is_refused_in_one_line(data):
    try:
        price_quote_request(data)
    except Exception as exc:  # noqa: BLE001
        assert refused_well(exc), f"{type(exc).__name__}: {exc!s:.300} for {shown(data)}"
