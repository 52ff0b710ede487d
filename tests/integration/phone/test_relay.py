"""The customer's phone through a real head office on loopback: what a desk opens, a
phone seals and head office relays arrives at the desk and nowhere else; every misuse named
names is refused."""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import update

from hq.models import PhoneApplication
from sync.phone_protocol import MAX_PHOTO_BYTES, MAX_SUBMIT_BYTES, PhonePaths, b64url, unb64url
from tests.support.phone import (
    EMAIL,
    MOBILE,
    application_json,
    fragment,
    phone_desk,
    specimen_jpeg,
    status,
    submit,
)

pytestmark = pytest.mark.live


def test_a_phone_application_reaches_the_desk_decrypted_and_head_office_drops_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    front, back = specimen_jpeg("FRONT"), specimen_jpeg("BACK")
    with phone_desk(tmp_path) as desk:
        # uvicorn's access log does not propagate and was set to warnings when it started: every
        # request line is kept here too.
        access = logging.getLogger("uvicorn.access")
        access.addHandler(caplog.handler)
        caplog.set_level(logging.INFO, logger="uvicorn.access")
        invitation = desk.inbox.invite()
        assert invitation.url.startswith(desk.url + "/m/#a=")
        assert status(desk.url, invitation).json()["status"] == "waiting"
        plain = application_json({"id_front": front, "id_back": back})
        assert submit(desk.url, invitation, plain).status_code == 200
        assert status(desk.url, invitation).json()["status"] == "submitted"

        received, rejected = desk.inbox.fetch()
        assert rejected == []
        [got] = received
        assert got.application.mobile == MOBILE and got.application.email == EMAIL
        assert got.application.photo("id_front") == front
        assert got.application.photo("id_back") == back
        assert status(desk.url, invitation).json()["status"] == "received"
        assert desk.inbox.fetch() == ([], [])  # taken once
        with desk.engine.connect() as conn:
            assert conn.execute(PhoneApplication.__table__.select()).one().envelope is None
        access.removeHandler(caplog.handler)

    # Head office's database (with its WAL) and every log line never held the plaintext.
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("hq.sqlite3*"))
    logged = "\n".join(r.getMessage() for r in caplog.records).encode()
    assert b"/api/v1/phone/submit" in logged  # the access log was captured
    token = fragment(invitation)["t"].encode()
    for secret in (MOBILE.encode(), EMAIL.encode(), front[200:264], base64.b64encode(front)[:64]):
        assert secret not in stored
        assert secret not in logged
    assert token not in stored and token not in logged  # the one-time token is kept hashed


def test_a_token_works_once(tmp_path: Path) -> None:
    with phone_desk(tmp_path) as desk:
        invitation = desk.inbox.invite()
        assert submit(desk.url, invitation, application_json()).status_code == 200
        again = submit(desk.url, invitation, application_json())
        assert again.status_code == 409 and again.json()["error"] == "phone_used"
        [_], [] = desk.inbox.fetch()


def test_an_expired_token_is_refused(tmp_path: Path) -> None:
    with phone_desk(tmp_path) as desk:
        invitation = desk.inbox.invite()
        with desk.engine.begin() as conn:
            conn.execute(
                update(PhoneApplication).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        late = submit(desk.url, invitation, application_json())
        assert late.status_code == 410 and late.json()["error"] == "phone_expired"
        assert status(desk.url, invitation).json()["status"] == "expired"
        assert desk.inbox.fetch() == ([], [])


def test_forged_applications_are_refused(tmp_path: Path) -> None:
    with phone_desk(tmp_path) as desk:
        invitation = desk.inbox.invite()
        f = fragment(invitation)
        # A token head office never gave out, and a real token for another application id.
        guessed = submit(desk.url, invitation, application_json(), token="x" * 32)
        assert guessed.status_code == 404
        other_id = f["a"][:-1] + ("1" if f["a"].endswith("0") else "0")  # never the real one
        moved = submit(desk.url, invitation, application_json(), application_id=other_id)
        assert moved.status_code == 404
        # Sealed to a key that is not the desk's (someone who saw only the token).
        other = desk.inbox.invite()
        forged = submit(
            desk.url, invitation, application_json(), envelope=_sealed_for(other, invitation)
        )
        assert forged.status_code == 200  # head office cannot tell: the desk can
        received, [rejected] = desk.inbox.fetch()
        assert received == [] and rejected.code == "damaged"
        answer = status(desk.url, invitation).json()
        assert (answer["status"], answer["refusal"]) == ("refused", "damaged")


def _sealed_for(other, invitation) -> dict:
    from sync.phone_protocol import seal_for_desk

    key = fragment(other)["k"]
    return seal_for_desk(b'{"x":1}', key, fragment(invitation)["a"]).model_dump()


def test_a_relay_that_changes_the_ciphertext_is_caught_at_the_desk(tmp_path: Path) -> None:
    with phone_desk(tmp_path) as desk:
        invitation = desk.inbox.invite()
        assert submit(desk.url, invitation, application_json()).status_code == 200
        with desk.engine.begin() as conn:
            row = conn.execute(PhoneApplication.__table__.select()).one()
            env = json.loads(row.envelope)
            ct = bytearray(unb64url(env["ct"]))
            ct[len(ct) // 2] ^= 0x01
            env["ct"] = b64url(bytes(ct))
            conn.execute(update(PhoneApplication).values(envelope=json.dumps(env)))
        received, [rejected] = desk.inbox.fetch()
        assert received == [] and rejected.code == "damaged"
        assert status(desk.url, invitation).json()["refusal"] == "damaged"


def test_oversized_photos_are_refused(tmp_path: Path) -> None:
    big = specimen_jpeg(size=(900, 900), noise=True)
    assert len(big) > MAX_PHOTO_BYTES
    with phone_desk(tmp_path) as desk:
        # Sealed, head office cannot see a photo's size: the desk refuses it once opened.
        invitation = desk.inbox.invite()
        assert submit(desk.url, invitation, application_json({"id_front": big})).status_code == 200
        received, [rejected] = desk.inbox.fetch()
        assert received == [] and rejected.code == "damaged"
        # A body larger than any the page makes is refused before head office reads it.
        answer = requests.post(
            desk.url + PhonePaths.SUBMIT,
            data=b"{" + b" " * MAX_SUBMIT_BYTES + b"}",
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        assert answer.status_code == 413
        # A file that is not a JPEG is refused too.
        third = desk.inbox.invite()
        png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
        assert submit(desk.url, third, application_json({"id_front": png})).status_code == 200
        received, [rejected] = desk.inbox.fetch()
        assert received == [] and "photos" in rejected.reason


def test_the_phone_calls_are_rate_limited(tmp_path: Path) -> None:
    with phone_desk(tmp_path, per_minute=3) as desk:
        invitation = desk.inbox.invite()
        codes = [status(desk.url, invitation).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]


def test_the_mobile_page_is_served_without_a_device_token(tmp_path: Path) -> None:
    with phone_desk(tmp_path) as desk:
        page = requests.get(desk.url + PhonePaths.PAGE, timeout=10)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        policy = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
        assert "script-src 'sha256-" in policy
        assert len(page.content) <= 200 * 1024
        # The desk's routes still need the device.
        assert requests.get(desk.url + PhonePaths.INBOX, timeout=10).status_code == 401


def test_the_token_lifetime_is_a_setting_head_office_reads_at_each_new_code(tmp_path: Path) -> None:
    from hq.cli import main

    with phone_desk(tmp_path) as desk:
        before = desk.inbox.invite()
        assert main(["phone", "token-minutes", "3", "--db", f"sqlite:///{desk.db_file}"]) == 0
        after = desk.inbox.invite()
        now = datetime.now(UTC)
        assert timedelta(minutes=9) < before.expires_at - now <= timedelta(minutes=10)
        assert timedelta(minutes=2) < after.expires_at - now <= timedelta(minutes=3)
        assert main(["phone", "token-minutes", "0", "--db", f"sqlite:///{desk.db_file}"]) != 0


def test_head_office_deletes_applications_no_desk_took_after_two_days(tmp_path: Path) -> None:
    with phone_desk(tmp_path) as desk:
        old = desk.inbox.invite()
        assert submit(desk.url, old, application_json()).status_code == 200
        with desk.engine.begin() as conn:
            conn.execute(
                update(PhoneApplication).values(
                    created_at=datetime.now(UTC) - timedelta(days=2, minutes=1)
                )
            )
        desk.inbox.invite()  # any new application clears what is past keeping
        with desk.engine.connect() as conn:
            rows = conn.execute(PhoneApplication.__table__.select()).all()
        assert [r.id for r in rows] != [] and fragment(old)["a"] not in [r.id for r in rows]
        assert status(desk.url, old).status_code == 404
