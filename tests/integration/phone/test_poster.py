"""The outlet's printed poster: its QR code works for any number of customers, each of whom gets
a fresh one-time application made with a key the desk deposited and signed beforehand, so the
desk need not be at hand when the customer scans. Real head office on loopback; the phone's part
done as the page does it (its signature check, in Python here; in chromium in
test_mobile_page.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from sqlalchemy import update

from hq.models import PhonePosterKey
from local_db.store import open_store
from sync.client import HqClient
from sync.phone_inbox import Invitation, PhoneInbox
from sync.phone_keys import StoredKeys
from sync.phone_protocol import (
    PhonePaths,
    PosterOpenAnswer,
    new_desk_key,
    page_url,
    poster_key_message,
    public_b64url,
    unb64url,
)
from tests.support.phone import MOBILE, application_json, phone_desk, submit

pytestmark = pytest.mark.live


def _poster_fragment(url: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in url.split("#", 1)[1].split("&"))


def scan(hq_url: str, poster: str) -> requests.Response:
    return requests.post(
        hq_url + PhonePaths.POSTER, json={"code": _poster_fragment(poster)["p"]}, timeout=30
    )


def checked(poster: str, answer: PosterOpenAnswer) -> None:
    """What the page checks before it seals anything: the key is signed by the poster's key."""
    sign_key = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), unb64url(_poster_fragment(poster)["s"])
    )
    raw = unb64url(answer.signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    sign_key.verify(der, poster_key_message(answer.desk_key), ec.ECDSA(hashes.SHA256()))


def test_every_customer_who_scans_the_poster_gets_a_fresh_application_the_desk_opens(
    tmp_path: Path,
) -> None:
    with phone_desk(tmp_path) as desk:
        poster = desk.inbox.poster_url()
        assert poster.startswith(desk.url + "/m/#p=") and "&s=" in poster
        assert desk.inbox.poster_url() == poster  # the same printed code, every time
        assert desk.inbox.stock_poster(3) == 3
        answers = []
        for _ in range(3):
            r = scan(desk.url, poster)
            assert r.status_code == 200
            answer = PosterOpenAnswer.model_validate(r.json())
            checked(poster, answer)
            answers.append(answer)
        assert len({a.desk_key for a in answers}) == 3  # each key serves one phone
        # Out of keys: the customer is sent to the desk; the desk deposits more.
        empty = scan(desk.url, poster)
        assert empty.status_code == 503 and "柜台" in empty.json()["message_zh"]
        assert desk.inbox.stock_poster(2) == 2

        first = answers[0]
        invitation = Invitation(
            first.application_id,
            page_url(desk.url, first.application_id, first.token, first.desk_key),
            first.expires_at,
        )
        assert submit(desk.url, invitation, application_json()).status_code == 200
        [got], [] = desk.inbox.fetch()
        assert got.application.mobile == MOBILE
        assert submit(desk.url, invitation, application_json()).status_code == 409  # once

        unknown = requests.post(desk.url + PhonePaths.POSTER, json={"code": "x" * 32}, timeout=30)
        assert unknown.status_code == 404


def test_a_key_head_office_slips_in_fails_the_pages_check(tmp_path: Path) -> None:
    with phone_desk(tmp_path) as desk:
        poster = desk.inbox.poster_url()
        desk.inbox.stock_poster(1)
        own = public_b64url(new_desk_key())  # a key whose private half head office holds
        with desk.engine.begin() as conn:
            conn.execute(update(PhonePosterKey).values(desk_key=own))
        answer = PosterOpenAnswer.model_validate(scan(desk.url, poster).json())
        with pytest.raises(InvalidSignature):
            checked(poster, answer)


def test_the_poster_and_its_keys_outlive_a_restart_of_the_desk(
    seeded_home: Path, tmp_path: Path
) -> None:
    with phone_desk(tmp_path) as desk:
        token = desk.inbox.client._token
        store = open_store(seeded_home)
        before = PhoneInbox(HqClient(desk.url, token=token), keys=StoredKeys(store))
        poster = before.poster_url()
        assert before.stock_poster(2) == 2
        store.close()  # the desk is closed; a customer scans the poster and applies

        answer = PosterOpenAnswer.model_validate(scan(desk.url, poster).json())
        invitation = Invitation(
            answer.application_id,
            page_url(desk.url, answer.application_id, answer.token, answer.desk_key),
            datetime.now(UTC),
        )
        assert submit(desk.url, invitation, application_json()).status_code == 200

        store = open_store(seeded_home)
        try:
            after = PhoneInbox(HqClient(desk.url, token=token), keys=StoredKeys(store))
            assert after.poster_url() == poster  # the printed poster still works
            [got], [] = after.fetch()
            assert got.application.mobile == MOBILE
            # The key it used is spent; the other still waits, the poster's own key stays.
            assert StoredKeys(store).count() == 2
            assert after.stock_poster(2) == 2
        finally:
            store.close()
