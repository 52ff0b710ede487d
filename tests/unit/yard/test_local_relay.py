"""The desk's own relay for the LAN page (yard/relay.py) answers as head office's does
(hq/phone_relay.py): a token works once, for its minutes, for its own application only; a
refused application cannot be submitted afterwards; the phone signs once per schedule."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.phone_protocol import Envelope
from yard.relay import EXPIRED, NOTHING_TO_SIGN, UNKNOWN, USED, LocalRelay

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
ENVELOPE = Envelope(epk="A" * 87, iv="B" * 16, ct="C" * 22)


def test_a_token_works_once_for_its_own_application_and_its_minutes() -> None:
    relay = LocalRelay(token_minutes=10)
    first = relay.open_application(NOW)
    other = relay.open_application(NOW)
    assert relay.status(first.token, NOW).status == "waiting"
    with pytest.raises(type(UNKNOWN)) as wrong:
        relay.submit(first.token, other.application_id, ENVELOPE, NOW)
    assert wrong.value == UNKNOWN
    relay.submit(first.token, first.application_id, ENVELOPE, NOW)
    with pytest.raises(type(USED)) as again:
        relay.submit(first.token, first.application_id, ENVELOPE, NOW)
    assert again.value == USED
    with pytest.raises(type(EXPIRED)) as late:
        relay.submit(other.token, other.application_id, ENVELOPE, NOW + timedelta(minutes=10))
    assert late.value == EXPIRED
    assert relay.status(other.token, NOW + timedelta(minutes=11)).status == "expired"
    [item] = relay.inbox()
    assert item.application_id == first.application_id
    relay.received(first.application_id, NOW)
    assert relay.inbox() == [] and relay.status(first.token, NOW).status == "received"


def test_a_refused_application_cannot_be_submitted_and_the_phone_signs_once() -> None:
    relay = LocalRelay()
    refused = relay.open_application(NOW)
    relay.refuse(refused.application_id, "other", NOW)
    assert relay.status(refused.token, NOW).refusal == "other"
    with pytest.raises(type(USED)):
        relay.submit(refused.token, refused.application_id, ENVELOPE, NOW)

    signing = relay.open_application(NOW)
    relay.submit(signing.token, signing.application_id, ENVELOPE, NOW)
    with pytest.raises(type(NOTHING_TO_SIGN)):
        relay.send_schedule(signing.application_id, ENVELOPE)  # not received yet
    relay.received(signing.application_id, NOW)
    relay.send_schedule(signing.application_id, ENVELOPE)
    assert relay.status(signing.token, NOW).schedule == ENVELOPE
    relay.sign(signing.token, ENVELOPE, NOW)
    with pytest.raises(type(NOTHING_TO_SIGN)):
        relay.sign(signing.token, ENVELOPE, NOW)
    assert relay.signature_of(signing.application_id) == ENVELOPE
    # Two hours after applying, the phone can no longer sign.
    late = relay.open_application(NOW)
    relay.submit(late.token, late.application_id, ENVELOPE, NOW)
    relay.received(late.application_id, NOW)
    relay.send_schedule(late.application_id, ENVELOPE)
    with pytest.raises(type(EXPIRED)) as too_late:
        relay.sign(late.token, ENVELOPE, NOW + timedelta(hours=2))
    assert too_late.value == EXPIRED


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=2, max_value=12))
def test_phones_racing_with_one_token_succeed_once(phones: int) -> None:
    relay = LocalRelay()
    opened = relay.open_application(NOW)
    gate = threading.Barrier(phones)
    outcomes: list[str] = []

    def phone() -> None:
        gate.wait()
        try:
            relay.submit(opened.token, opened.application_id, ENVELOPE, NOW)
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - the refusal is the outcome
            outcomes.append(getattr(exc, "error", repr(exc)))

    threads = [threading.Thread(target=phone) for _ in range(phones)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["phone_used"] * (phones - 1)
