"""The printed poster keeps working while nobody opens 手机填写: every sync run tops up its
one-time keys at head office (docs/phone.md, "The printed poster"). Real head office on
loopback, the provisioned desk's own sync worker."""

from __future__ import annotations

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq.models import PhonePosterKey
from sync.phone_inbox import POSTER_STOCK, for_desk
from sync.phone_keys import StoredKeys
from sync.phone_protocol import PhonePaths
from tests.support.outlet import fast_worker


def _unused(engine) -> int:
    with Session(engine) as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(PhonePosterKey)
                .where(PhonePosterKey.application_id.is_(None))
            )
            or 0
        )


def test_each_sync_run_tops_up_the_posters_keys(desk, link) -> None:
    worker = fast_worker(desk)
    first = worker.run_once()
    assert first.ok and first.poster_keys == 0  # no poster printed: nothing asked
    inbox = for_desk(desk)
    assert inbox is not None
    poster = inbox.poster_url()  # printed; the dialog is then closed before it stocks keys
    inbox.client.close()
    assert _unused(link.engine) == 0

    summary = worker.run_once()
    assert summary.ok and summary.poster_keys == POSTER_STOCK == _unused(link.engine)
    code = dict(p.split("=", 1) for p in poster.split("#", 1)[1].split("&"))["p"]
    for _ in range(3):  # three customers scan the poster
        r = requests.post(link.hq.url + PhonePaths.POSTER, json={"code": code}, timeout=30)
        assert r.status_code == 200, r.text
    assert _unused(link.engine) == POSTER_STOCK - 3
    keys_before = StoredKeys(desk.store).count()
    assert worker.run_once().poster_keys == POSTER_STOCK == _unused(link.engine)
    assert StoredKeys(desk.store).count() == keys_before + 3  # each new key's private half
