"""The HTTP client against a real head office through the fault proxy: a single broken exchange
is retried inside the call, a link that stays broken or too slow is `LinkDown` (offline), and an
unknown token is a plain "ask head office" message."""

from __future__ import annotations

import random

import pytest

from sync.backoff import Backoff
from sync.client import DeviceRevoked, HqClient
from sync.outbox import LinkDown
from tests.support.hq_data import enrol


def _client(link, token: str = "", **kwargs) -> HqClient:
    options = {"attempts": 3, "backoff": Backoff(base_s=0.001, cap_s=0.002, rng=random.Random(5))}
    options.update(kwargs)
    return HqClient(link.proxy.url, token=token, **options)


def test_one_dropped_or_cut_exchange_is_retried_within_the_call(link):
    _, token = enrol(link.proxy.url, link.engine)
    client = _client(link, token)
    link.proxy.queue("drop", "cut", "ok")
    index = client.rate_index()
    assert index.latest == 1 and [e.version for e in index.versions] == [1]
    assert link.proxy.counts["drop"] == 1 and link.proxy.counts["cut"] == 1
    client.close()


def test_a_link_that_stays_down_is_linkdown_after_the_attempts(link):
    client = _client(link)
    link.proxy.queue("drop", "truncate", "drop")
    with pytest.raises(LinkDown, match="after 3 attempts"):
        client.health()
    assert client.health().status == "ok"  # the next call, on a link that is back, works
    client.close()


def test_an_answer_slower_than_the_read_timeout_is_linkdown(link):
    client = _client(link, attempts=1, read_timeout=0.2)
    link.proxy.delay_s = 1.0
    link.proxy.queue("delay")
    with pytest.raises(LinkDown, match="Timeout"):
        client.health()
    client.close()


def test_an_unknown_token_is_told_to_ask_head_office(link):
    client = _client(link, "not-a-token")
    with pytest.raises(DeviceRevoked) as err:
        client.rate_index()
    assert "provision it again" in str(err.value) and "重新开通" in err.value.zh
    client.close()
