"""The desk's one-time private keys are kept in its encrypted store: an application the customer
sends while the desk is closed opens after the desk starts again; the key is deleted once the
application is taken or refused, and forgotten once head office could hold nothing sealed to it.
Real head office on loopback, real SQLCipher store reopened as a restart does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from local_db.store import open_store
from sync.client import HqClient
from sync.phone_inbox import PhoneInbox
from sync.phone_keys import StoredKeys
from sync.phone_protocol import RETENTION
from tests.support.phone import MOBILE, application_json, phone_desk, status, submit

pytestmark = pytest.mark.live


def _desk(store, desk) -> PhoneInbox:
    """A desk as it starts: a fresh client and inbox over the store, nothing kept in memory."""
    client = HqClient(desk.url, token=desk.inbox.client._token, attempts=1)
    return PhoneInbox(client, keys=StoredKeys(store))


def test_an_application_sent_while_the_desk_was_closed_opens_after_it_starts_again(
    seeded_home: Path, tmp_path: Path
) -> None:
    with phone_desk(tmp_path) as desk:
        store = open_store(seeded_home)
        before = _desk(store, desk)
        invitation = before.invite()
        key = before.keys.get(invitation.application_id)
        assert key is not None
        scalar = key.private_numbers().private_value.to_bytes(32, "big")
        der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        before.client.close()
        store.close()  # the desk is closed

        assert submit(desk.url, invitation, application_json()).status_code == 200
        # Never in clear on disk: the store file (and its WAL) holds neither the key nor its
        # private number.
        for path in seeded_home.glob("chudan.db*"):
            data = path.read_bytes()
            assert der not in data and scalar not in data

        store = open_store(seeded_home)  # the desk starts again
        try:
            after = _desk(store, desk)
            received, rejected = after.fetch()
            assert rejected == []
            [got] = received
            assert got.application.mobile == MOBILE
            assert status(desk.url, invitation).json()["status"] == "received"
            # Taken: the key is deleted from the store (it stays in memory for this run, for
            # the remote signature).
            assert StoredKeys(store).count() == 0
            assert after._key(invitation.application_id) is not None
            after.client.close()
        finally:
            store.close()


def test_a_refused_application_and_an_old_one_leave_no_key_behind(
    seeded_home: Path, tmp_path: Path
) -> None:
    with phone_desk(tmp_path) as desk:
        store = open_store(seeded_home)
        try:
            inbox = _desk(store, desk)
            refused = inbox.invite()
            kept = inbox.invite()
            assert StoredKeys(store).count() == 2
            inbox.refuse(refused.application_id, "other")
            assert StoredKeys(store).count() == 1
            assert status(desk.url, refused).json()["refusal"] == "other"

            # After RETENTION head office holds nothing sealed to a key: the desk no longer
            # reads it, and the next key made prunes it.
            later = StoredKeys(store, now=lambda: datetime.now(UTC) + RETENTION * 1.01)
            assert later.get(kept.application_id) is None
            later.put("next", inbox.keys.get(kept.application_id))  # type: ignore[arg-type]
            assert later.count() == 1 and later.get("next") is not None
            inbox.client.close()
        finally:
            store.close()
