"""The relay's one-time token on SQLite and PostgreSQL (head office's production database): a token
used by many phones at once is accepted exactly once, and the desk opens that one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.phone import application_json, phone_desk, submit

pytestmark = pytest.mark.live


def test_one_token_raced_by_many_phones_is_accepted_once(tmp_path: Path, db_url: str) -> None:
    with phone_desk(tmp_path, db_url=db_url) as desk:
        invitation = desk.inbox.invite()
        plain = application_json()
        with ThreadPoolExecutor(8) as pool:
            codes = list(
                pool.map(lambda _: submit(desk.url, invitation, plain).status_code, range(8))
            )
        assert sorted(codes) == [200] + [409] * 7
        received, rejected = desk.inbox.fetch()
        assert len(received) == 1 and rejected == []
