"""The customer signs on their phone (docs/phone.md): the desk sends the schedule it
would have the customer sign on the pad, sealed to the phone's one-time key, through a real head
office on loopback; the phone's strokes come back with the schedule's hash and are stored exactly
as a desk signature, and only over that very schedule."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import update

from app.issuance.schedule import canonical_hash
from app.issuance.signing import ScheduleChanged
from hq.models import PhoneApplication
from sync.phone_protocol import (
    PhonePaths,
    PhoneProtocolError,
    RemoteSchedule,
    RemoteSignature,
    StatusAnswer,
    open_from_desk,
    seal_for_desk,
)
from tests.support.examples import POLICY_REQUEST
from tests.support.phone import application_json, fragment, phone_desk, phone_hello, submit

pytestmark = pytest.mark.live

STROKES = [[(0.1, 0.2), (0.3, 0.4), (0.5, 0.3)], [(0.6, 0.6), (0.8, 0.7)]]


def _request(ctx, clerk) -> dict:
    request = copy.deepcopy(POLICY_REQUEST) | {
        "draft_id": ctx.drafts.create(clerk),
        "payments": [],
        "start_date": ctx.test_clock.tomorrow().isoformat(),
    }
    request.pop("signature", None)
    return request


def _phone_signs(url, invitation, phone_key, app_id, schedule_hash=None) -> requests.Response:
    status = StatusAnswer.model_validate(
        requests.post(url + PhonePaths.STATUS, json={"token": fragment(invitation)["t"]}).json()
    )
    assert status.status == "received" and status.schedule is not None
    shown = RemoteSchedule.model_validate_json(open_from_desk(status.schedule, phone_key, app_id))
    signed = RemoteSignature(
        schedule_hash=schedule_hash or shown.schedule_hash, strokes=STROKES
    ).model_dump_json()
    envelope = seal_for_desk(
        signed.encode(), fragment(invitation)["k"], app_id, phone_key, "signature"
    )
    return requests.post(
        url + PhonePaths.SIGN,
        json={"token": fragment(invitation)["t"], "envelope": envelope.model_dump()},
        timeout=30,
    )


def test_a_signature_from_the_phone_is_stored_over_the_schedule_sent(desk, tmp_path: Path):
    ctx, clerk = desk
    request = _request(ctx, clerk)
    schedule = ctx.issuance.preview(request).schedule
    phone_key = ec.generate_private_key(ec.SECP256R1())
    with phone_desk(tmp_path) as relay:
        invitation = relay.inbox.invite()
        assert submit(relay.url, invitation, application_json(), phone_key).status_code == 200
        [got], [] = relay.inbox.fetch()
        sent = relay.inbox.send_schedule(got.application_id, got.phone_key, schedule)
        assert sent == canonical_hash(schedule)
        assert relay.inbox.signature(got.application_id, got.phone_key, sent) is None

        # What the phone shows: the covers and the premium, the ID number masked.
        status = requests.post(
            relay.url + PhonePaths.STATUS, json={"token": fragment(invitation)["t"]}
        ).json()
        shown = RemoteSchedule.model_validate_json(
            open_from_desk(
                StatusAnswer.model_validate(status).schedule, phone_key, got.application_id
            )
        )
        assert shown.schedule_hash == sent and shown.total
        text = json.dumps(shown.model_dump(), ensure_ascii=False)
        assert "交强险" in text and request["policyholder"]["id_number"] not in text

        answer = _phone_signs(relay.url, invitation, phone_key, got.application_id)
        assert answer.status_code == 200
        again = _phone_signs(relay.url, invitation, phone_key, got.application_id)
        assert again.status_code == 409  # once per schedule
        strokes = relay.inbox.signature(got.application_id, got.phone_key, sent)
        assert strokes == STROKES

    # Stored exactly as a desk signature: the strokes with the schedule's hash.
    signature = ctx.issuance.sign(clerk, request | {"signature": strokes}, signed_over=sent)
    assert signature.schedule_hash == sent
    # Changed after the customer signed on the phone: not stored.
    changed = copy.deepcopy(request) | {"signature": strokes}
    changed["policyholder"]["name"] = "张卫"
    with pytest.raises(ScheduleChanged) as refused:
        ctx.issuance.sign(clerk, changed, signed_over=sent)
    assert "phone" in refused.value.message and "手机" in refused.value.zh


def test_a_signature_not_from_the_phone_or_over_another_schedule_is_refused(desk, tmp_path):
    ctx, clerk = desk
    schedule = ctx.issuance.preview(_request(ctx, clerk)).schedule
    phone_key = ec.generate_private_key(ec.SECP256R1())
    with phone_desk(tmp_path) as relay:
        invitation = relay.inbox.invite()
        submit(relay.url, invitation, application_json(), phone_key)
        [got], [] = relay.inbox.fetch()
        sent = relay.inbox.send_schedule(got.application_id, got.phone_key, schedule)
        # Someone with the token but not the phone's key signs: the desk refuses it.
        stranger = ec.generate_private_key(ec.SECP256R1())
        forged = seal_for_desk(
            RemoteSignature(schedule_hash=sent, strokes=STROKES).model_dump_json().encode(),
            fragment(invitation)["k"],
            got.application_id,
            stranger,
            "signature",
        )
        with relay.engine.begin() as conn:
            conn.execute(update(PhoneApplication).values(signature=forged.model_dump_json()))
        with pytest.raises(PhoneProtocolError):
            relay.inbox.signature(got.application_id, got.phone_key, sent)
        with relay.engine.begin() as conn:
            conn.execute(update(PhoneApplication).values(signature=None))
        # A signature naming another schedule: refused at the desk.
        other = "0" * 64
        assert _phone_signs(relay.url, invitation, phone_key, got.application_id, other).ok
        with pytest.raises(PhoneProtocolError, match="another schedule"):
            relay.inbox.signature(got.application_id, got.phone_key, sent)


def test_any_issuance_is_signed_on_the_phone_through_a_signature_link(desk, seeded_home, tmp_path):
    """An issuance started at the desk (no phone application): the desk opens a signature link,
    the phone says hello with its one-time key, the schedule is sealed to it, the phone signs, and
    the signature is stored exactly as a desk signature - also after the desk restarted between
    showing the link and the phone's hello (the link's key is in the store)."""
    from sync.client import HqClient
    from sync.phone_inbox import SIGNATURE, PhoneInbox
    from sync.phone_keys import StoredKeys

    ctx, clerk = desk
    request = _request(ctx, clerk)
    schedule = ctx.issuance.preview(request).schedule
    phone_key = ec.generate_private_key(ec.SECP256R1())
    with phone_desk(tmp_path) as relay:
        token = relay.inbox.client._token
        shown_by = PhoneInbox(HqClient(relay.url, token=token), keys=StoredKeys(ctx.store))
        link = shown_by.invite(SIGNATURE)
        assert link.url.endswith("&m=sign")
        assert shown_by.signing_phone(link.application_id) is None  # nobody scanned it yet
        # The desk restarts; meanwhile the customer scans the link.
        inbox = PhoneInbox(HqClient(relay.url, token=token), keys=StoredKeys(ctx.store))
        assert phone_hello(relay.url, link, phone_key).status_code == 200
        # The desk's application inbox leaves the hello to the wizard that showed the link.
        assert inbox.fetch() == ([], [])
        epk = inbox.signing_phone(link.application_id)
        assert epk is not None
        assert StoredKeys(ctx.store).count() == 0  # taken: no longer in the store
        sent = inbox.send_schedule(link.application_id, epk, schedule)
        assert sent == canonical_hash(schedule)
        assert _phone_signs(relay.url, link, phone_key, link.application_id).status_code == 200
        strokes = inbox.signature(link.application_id, epk, sent)
        assert strokes == STROKES
        # A second hello with the same link: the token worked once.
        assert phone_hello(relay.url, link, phone_key).status_code == 409

    signature = ctx.issuance.sign(clerk, request | {"signature": strokes}, signed_over=sent)
    assert signature.schedule_hash == sent


def test_a_hello_that_does_not_open_is_returned_and_said(desk, tmp_path):
    from sync.phone_inbox import SIGNATURE
    from sync.phone_protocol import SIGN_MODE

    with phone_desk(tmp_path) as relay:
        link = relay.inbox.invite(SIGNATURE)
        assert fragment(link)["m"] == SIGN_MODE
        # An application form's envelope sent on a signature link: not a hello.
        assert submit(relay.url, link, application_json()).status_code == 200
        with pytest.raises(PhoneProtocolError, match="did not open"):
            relay.inbox.signing_phone(link.application_id)
        answer = requests.post(
            relay.url + PhonePaths.STATUS, json={"token": fragment(link)["t"]}
        ).json()
        assert answer["status"] == "refused" and answer["refusal"] == "damaged"


def test_an_application_taken_before_a_restart_is_still_signed_on_its_phone(
    desk, tmp_path: Path
) -> None:
    """Taken (opened, acknowledged) by one run of the desk and continued by the next: the
    application is read back from the store with the key it came with, so the phone that applied
    still reads and signs the schedule."""
    from sync.client import HqClient
    from sync.phone_inbox import PhoneInbox
    from sync.phone_keys import StoredKeys
    from sync.phone_pending import PendingApplications

    ctx, clerk = desk
    schedule = ctx.issuance.preview(_request(ctx, clerk)).schedule
    phone_key = ec.generate_private_key(ec.SECP256R1())

    def started(relay) -> PhoneInbox:  # a desk as it starts: nothing kept in memory
        client = HqClient(relay.url, token=relay.inbox.client._token, attempts=1)
        return PhoneInbox(
            client, keys=StoredKeys(ctx.store), pending=PendingApplications(ctx.store)
        )

    with phone_desk(tmp_path) as relay:
        before = started(relay)
        invitation = before.invite()
        assert submit(relay.url, invitation, application_json(), phone_key).status_code == 200
        [got], [] = before.fetch()
        before.client.close()  # the desk closes before the clerk continues it

        after = started(relay)
        assert after.fetch() == ([], [])  # head office dropped it when it was taken
        [kept] = PendingApplications(ctx.store).unlisted(set())
        assert (kept.application_id, kept.phone_key) == (got.application_id, got.phone_key)
        after.continued(kept.application_id)  # into a draft: off the list, key kept for the run
        assert PendingApplications(ctx.store).ids() == set()
        sent = after.send_schedule(kept.application_id, kept.phone_key, schedule)
        r = _phone_signs(relay.url, invitation, phone_key, kept.application_id)
        assert r.status_code == 200, r.text
        assert after.signature(kept.application_id, kept.phone_key, sent) == STROKES
        after.client.close()
