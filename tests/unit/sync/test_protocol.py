"""The wire schemas: what an outlet sends is refused or accepted the way head office needs."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sync.protocol import (
    BatchResult,
    PolicyBatch,
    PolicyUploadItem,
    ReferralSubmit,
    canonical_json,
    content_hash,
)
from tests.support.hq_data import number_for, policy_content


def _content(total: str = "950.00") -> dict:
    return policy_content(
        number_for("P-1"), rate_version=3, premium={"total": total, "ctpl": total}
    )


def _item(content: dict) -> PolicyUploadItem:
    return PolicyUploadItem(
        policy_id=uuid.uuid4(), content_hash=content_hash(content), content=content
    )


def test_canonical_json_ignores_key_order_and_keeps_chinese() -> None:
    assert canonical_json({"b": 1, "a": "张"}) == canonical_json({"a": "张", "b": 1})
    assert "张".encode() in canonical_json({"a": "张"})


def test_hash_survives_a_round_trip_over_the_wire() -> None:
    item = _item(_content())
    wire = PolicyBatch(items=[item]).model_dump_json()
    back = PolicyBatch.model_validate_json(wire).items[0]
    assert back.hash_matches()
    assert back.parsed().premium.total == Decimal("950.00")


def test_a_premium_changed_by_one_fen_no_longer_matches_its_hash() -> None:
    item = _item(_content("950.00"))
    changed = _content("950.00")
    changed["premium"]["total"] = "950.01"
    tampered = item.model_copy(update={"content": changed})
    assert not tampered.hash_matches()


def test_money_with_sub_fen_digits_and_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        _item(_content("950.001")).parsed()
    with pytest.raises(ValidationError):
        PolicyBatch.model_validate({"items": [], "extra": 1})
    with pytest.raises(ValidationError):
        BatchResult.model_validate(
            {"results": [{"policy_id": str(uuid.uuid4()), "outcome": "maybe"}]}
        )


def test_a_referral_from_an_older_outlet_without_draft_or_summary_is_still_valid() -> None:
    older = ReferralSubmit.model_validate(
        {"referral_id": str(uuid.uuid4()), "reasons": ["r"], "quote_request": {}}
    )
    assert older.draft_id == "" and older.quote_summary == {}
    with pytest.raises(ValidationError):
        ReferralSubmit.model_validate(
            {
                "referral_id": str(uuid.uuid4()),
                "reasons": [],
                "quote_request": {},
                "draft_id": "x" * 65,
            }
        )


@given(st.text(max_size=40))
def test_a_text_is_refused_exactly_when_it_holds_a_control_or_invisible_character(text) -> None:
    """Head office's one character rule (names, addresses, any string in a quote request): control
    and format characters, surrogates and private-use code points are refused; everything else,
    ideographic spaces and characters newer than this Python included, passes."""
    import unicodedata

    from sync.protocol import printable

    bad = any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} for ch in text)
    if bad:
        with pytest.raises(ValueError):
            printable(text)
    else:
        assert printable(text) == text


@pytest.mark.parametrize("text", ["张\u3000伟", "a\u2028b", "x\u0378", "京A·12345"])
def test_spaces_and_unassigned_characters_pass_the_character_rule(text) -> None:
    from sync.protocol import printable

    assert printable(text) == text


@pytest.mark.parametrize("text", ["a\x00b", "\u202eabc", "\u200b", "\ue000", "\ud800"])
def test_control_format_and_private_characters_are_refused(text) -> None:
    from sync.protocol import printable

    with pytest.raises(ValueError):
        printable(text)


# Free-form JSON (quote requests, history, tax): near the limits, with the characters the rule
# refuses, non-finite numbers and values of other types mixed in.
_json_keys = st.one_of(
    st.text(max_size=4), st.sampled_from(["k" * 64, "k" * 65, "a\x00", "b\u202e", "\u3000"])
)
_json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["a" * 1000, "a" * 1001, "\u3000", "x\x1b", "\ud800", "\ue000"]),
    st.decimals(allow_nan=False, places=2),
)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(_json_keys, inner, max_size=6)
    ),
    max_leaves=30,
)


def _within_limits(value: object, depth: int = 1) -> tuple[bool, int]:
    """The limits of sync/protocol.py written plainly and recursively: (kept, values counted)."""
    from sync.protocol import MAX_JSON_DEPTH, MAX_JSON_STRING, printable

    if isinstance(value, dict | list):
        if depth > MAX_JSON_DEPTH:
            return False, 1
        count = 1
        for key in value if isinstance(value, dict) else ():
            if not isinstance(key, str) or len(key) > 64:
                return False, count
            try:
                printable(key)
            except ValueError:
                return False, count
        for inner in value.values() if isinstance(value, dict) else value:
            kept, n = _within_limits(inner, depth + 1)
            count += n
            if not kept:
                return False, count
        return True, count
    if isinstance(value, str):
        try:
            printable(value)
        except ValueError:
            return False, 1
        return len(value) <= MAX_JSON_STRING, 1
    if isinstance(value, float):
        return value == value and abs(value) != float("inf"), 1
    return True, 1


@settings(max_examples=50)  # the leaves near each limit are drawn often: 50 reach them all
@given(_json_values | st.dictionaries(_json_keys, _json_values, max_size=8))
def test_free_form_json_is_kept_exactly_when_every_limit_holds(value) -> None:
    from sync.protocol import MAX_JSON_VALUES, bounded_json

    kept, count = _within_limits(value)
    kept = kept and count <= MAX_JSON_VALUES
    if kept:
        assert bounded_json(value) is value
    else:
        with pytest.raises(ValueError):
            bounded_json(value)


def test_free_form_json_with_too_many_values_or_too_deep_is_refused() -> None:
    from sync.protocol import MAX_JSON_DEPTH, MAX_JSON_VALUES, bounded_json

    flat = {"k": list(range(MAX_JSON_VALUES - 2))}  # the dict, the list and its numbers
    assert bounded_json(flat) is flat
    flat["k"].append(0)
    with pytest.raises(ValueError, match="more than"):
        bounded_json(flat)
    deep: dict = {}
    node = deep
    for _ in range(MAX_JSON_DEPTH - 1):
        node["d"] = {}
        node = node["d"]
    assert bounded_json(deep) is deep
    node["d"] = []
    with pytest.raises(ValueError, match="nested deeper"):
        bounded_json(deep)
