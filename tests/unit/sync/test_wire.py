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
from tests.support.hq_data import number_for, policy_content

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2).map(
    lambda d: f"{d:.2f}"
)
# Text a field may hold: no control or invisible characters (the protocol refuses them).
text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co")), max_size=12)
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), text, money)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)
EXAMPLE = policy_content(number_for("P-WIRE"))


@st.composite
def outbox_payloads(draw):
    """Rows as issuing writes them: the policy's own facts, and a quote request with whatever
    further rating inputs it carries."""
    request = dict(EXAMPLE["quote_request"])
    request.update(draw(st.dictionaries(st.sampled_from(["x_a", "x_b", "x_c"]), json_value)))
    return {
        "policy_id": str(draw(st.uuids())),
        "policy_number": number_for(f"P-{draw(st.integers(1, 10**5))}"),
        "outlet": "OUT01",
        "device": 1,
        "rate_table_version": draw(st.integers(1, 500)),
        "quote_request": request,
        "premium": {
            "ctpl": draw(money),
            "commercial": draw(money),
            "tax": draw(money),
            "total": draw(money),
        },
        "schedule_hash": draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)),
        "bound_at": "2026-11-25T09:00:00+00:00",
        "period": EXAMPLE["period"],
        "vehicle": EXAMPLE["vehicle"],
        "covers": EXAMPLE["covers"],
        "customer": EXAMPLE["customer"],
        "content_hash": "not used on the wire",
    }


def test_a_row_written_before_policies_carried_their_facts_is_completed_from_its_request():
    row = {
        "policy_id": "5b0c3b7e-1111-4222-8333-944455556666",
        "policy_number": EXAMPLE["policy_number"],
        "rate_table_version": 1,
        "quote_request": EXAMPLE["quote_request"],
        "premium": {"total": "1.00"},
        "bound_at": "2026-11-25T09:00:00+00:00",
        "period": EXAMPLE["period"],
        "vehicle": {"vin": EXAMPLE["vehicle"]["vin"], "plate": None, "usage": "A"},
        "customer": {k: EXAMPLE["customer"][k] for k in ("kind", "name", "id_type", "id_number")},
    }
    content = PolicyUploadItem.model_validate(wire_item(row)).parsed()
    assert content.vehicle.vehicle_class == "family_car" and content.vehicle.seats == 5
    assert [c.code for c in content.covers] == [
        c["code"] for c in EXAMPLE["quote_request"]["coverages"]
    ]


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
