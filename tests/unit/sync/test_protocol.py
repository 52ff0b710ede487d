"""The wire schemas: what an outlet sends is refused or accepted the way head office needs."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
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
