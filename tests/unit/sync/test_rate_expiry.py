"""An expired rate table follows its own rule (`on_expiry`): "refuse" prices nothing after its
last day; "grace" keeps quoting for its grace days while the status bar warns, then refuses with
a message that says what to do. Real signed tables installed in a real data dir."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.core.errors import ChudanError
from app.core.money import ZERO, fmt_money
from app.rating.engine import quote
from app.rating.installed import InstalledTables
from app.rating.signing import RateTableError, parse_table, sign_table
from app.rating.table import OnExpiryRule
from hq.keys import public_pem
from hq.repricing import reprice
from sync.protocol import PolicyContent
from sync.rates import table_status
from tests.support.hq_data import (
    demo_table_doc,
    example_quote_request,
    number_for,
    policy_content,
)

LAST_DAY = date(2027, 12, 31)  # the demo table's effective_to


def _home(tmp_path: Path, on_expiry: dict[str, Any] | None) -> tuple[Path, dict[str, Any]]:
    """A data dir trusting a fresh head-office key, with the demo table (v1) signed by it."""
    key = Ed25519PrivateKey.generate()
    (tmp_path / "keys").mkdir(parents=True)
    (tmp_path / "keys" / "hq_public.pem").write_bytes(public_pem(key.public_key()))
    doc = demo_table_doc() | {"version": 1}
    doc.pop("on_expiry", None)
    if on_expiry is not None:
        doc["on_expiry"] = on_expiry
    InstalledTables(tmp_path).install_bytes(
        json.dumps(sign_table(doc, key), ensure_ascii=False).encode()
    )
    return tmp_path, doc


def _request(start: date) -> dict[str, Any]:
    return example_quote_request() | {"start_date": start.isoformat()}


def test_a_table_with_grace_still_quotes_within_grace_and_warns(tmp_path: Path) -> None:
    home, doc = _home(tmp_path, {"mode": "grace", "grace_days": 10})
    day = date(2028, 1, 4)  # four days after it expired
    table = InstalledTables(home).for_date(day)
    assert table.version == 1
    q = quote(_request(day), table)
    assert q.total > 0
    status = table_status(home, day)
    assert status.state == "grace" and status.quotes_allowed and status.warns
    assert (
        "2027-12-31" in status.text and "2028-01-10" in status.text and "6 days left" in status.text
    )
    assert "宽限至 2028-01-10" in status.text_zh
    # Head office re-prices by the same rule: the policy quoted during grace is accepted.
    premium = {
        "total": fmt_money(q.total),
        "ctpl": fmt_money(q.ctpl.premium if q.ctpl else ZERO),
        "commercial": fmt_money(q.commercial_total),
        "vehicle_tax": fmt_money(q.vehicle_tax.total if q.vehicle_tax else ZERO),
    }
    content = PolicyContent.model_validate(
        policy_content(number_for("P-G"), premium=premium, quote_request=_request(day))
    )
    assert reprice(content, parse_table(doc)) is None


def test_after_grace_the_table_refuses_with_a_clear_message(tmp_path: Path) -> None:
    home, _ = _home(tmp_path, {"mode": "grace", "grace_days": 10})
    day = date(2028, 1, 11)
    with pytest.raises(RateTableError) as raised:
        InstalledTables(home).for_date(day)
    message = raised.value.message
    assert "expired on 2027-12-31" in message and "grace" in message and "2028-01-10" in message
    assert "sync" in message.lower() and "宽限期已于 2028-01-10 结束" in raised.value.zh
    status = table_status(home, day)
    assert status.state == "expired" and not status.quotes_allowed and status.warns
    assert "2028-01-10" in status.text
    # The engine itself refuses it too, so head office cannot accept a policy priced so late.
    with pytest.raises(ChudanError):
        quote(_request(day), InstalledTables(home).load(1))


def test_a_table_without_the_setting_refuses_the_day_after_it_expires(tmp_path: Path) -> None:
    home, _ = _home(tmp_path, None)  # tables published before on_expiry existed
    assert quote(_request(LAST_DAY), InstalledTables(home).for_date(LAST_DAY)).total > 0
    with pytest.raises(RateTableError) as raised:
        InstalledTables(home).for_date(date(2028, 1, 1))
    assert "allows no quotes after it expires" in raised.value.message
    status = table_status(home, date(2028, 1, 1))
    assert status.state == "expired" and not status.quotes_allowed


def test_the_expiry_warning_says_what_follows(tmp_path: Path) -> None:
    home, _ = _home(tmp_path, {"mode": "grace", "grace_days": 10})
    soon = table_status(home, date(2027, 12, 20))
    assert soon.state == "expiring" and "10 more days" in soon.text and soon.quotes_allowed


def test_the_bundled_demo_table_states_its_rule() -> None:
    assert "on_expiry" in demo_table_doc()
    from app.rating.installed import BUNDLED_TABLE
    from app.rating.signing import load_document

    assert load_document(BUNDLED_TABLE.read_bytes())["on_expiry"] == demo_table_doc()["on_expiry"]


@given(
    mode=st.sampled_from(["refuse", "grace", "later", ""]),
    days=st.integers(min_value=-5, max_value=400),
)
def test_the_rule_is_refuse_or_grace_with_days(mode: str, days: int) -> None:
    valid = (mode == "refuse" and 0 <= days <= 366) or (mode == "grace" and 1 <= days <= 366)
    try:
        rule = OnExpiryRule.model_validate({"mode": mode, "grace_days": days})
    except ValidationError:
        assert not valid
    else:
        assert valid and rule.mode == mode
