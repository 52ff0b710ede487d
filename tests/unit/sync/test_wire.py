"""The outbox row → protocol item translation: what makes "a resend is a duplicate" work is that
the same row always hashes the same, including after a trip through the store's JSON."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.client import wire_item
from sync.protocol import PolicyUploadItem

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2).map(
    lambda d: f"{d:.2f}"
)
json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=12), money
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def outbox_payloads(draw):
    return {
        "policy_id": str(draw(st.uuids())),
        "policy_number": draw(st.text(min_size=1, max_size=30)),
        "outlet": draw(st.text(max_size=8)),
        "device": draw(st.integers(1, 99)),
        "rate_table_version": draw(st.integers(1, 500)),
        "quote_request": draw(st.dictionaries(st.text(max_size=10), json_value, max_size=5)),
        "premium": {
            "ctpl": draw(money),
            "commercial": draw(money),
            "tax": draw(money),
            "total": draw(money),
        },
        "schedule_hash": draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)),
        "bound_at": "2026-11-25T09:00:00+00:00",
        "content_hash": "not used on the wire",
    }


@settings(max_examples=150, deadline=None)
@given(outbox_payloads())
def test_a_row_always_becomes_the_same_valid_item(payload):
    item = wire_item(payload)
    stored = json.loads(json.dumps(payload, ensure_ascii=False))  # as the store gives it back later
    assert wire_item(stored) == item == wire_item(copy.deepcopy(payload))
    parsed = PolicyUploadItem.model_validate(item)
    assert parsed.hash_matches() and str(parsed.policy_id) == payload["policy_id"]
    content = parsed.parsed()
    assert content.rate_version == payload["rate_table_version"]
    assert content.premium.total == Decimal(payload["premium"]["total"])
    assert content.premium.vehicle_tax == Decimal(payload["premium"]["tax"])


@given(outbox_payloads(), money)
def test_a_fen_changed_anywhere_in_the_premium_changes_the_hash(payload, other):
    changed = copy.deepcopy(payload)
    changed["premium"]["total"] = other
    assert (wire_item(changed)["content_hash"] == wire_item(payload)["content_hash"]) == (
        other == payload["premium"]["total"]
    )
