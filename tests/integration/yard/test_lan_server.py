"""The desk's LAN server on loopback with a real store (docs/phone.md, "The desk on the LAN"):
pairing a device, the staff log-in and its refusals, the instant quote against `chudan quote`,
the yard's hand-off and a customer's self-fill landing in the desk's review list."""

from __future__ import annotations

import base64
import http.client
import json
import logging
import ssl

import pytest
import requests

from cli.launcher import main as chudan
from sync.phone_protocol import PhonePaths, PhoneProtocolError, seal_for_desk
from tests.support.examples import QUOTE_REQUEST_FILE
from tests.support.phone import EMAIL, MOBILE, application_json, fragment, specimen_jpeg
from tests.support.yard import ADMIN, CLERK, lan_desk
from yard.desk import LanService
from yard.staff import MAX_HANDOFF_BYTES


def test_the_server_speaks_https_only_with_the_desks_certificate(app_ctx) -> None:
    with lan_desk(app_ctx) as desk:
        url = desk.url
        cert = desk.service.server.certificate
        assert len(cert.fingerprint.split(":")) == 32
        page = desk.http.get(desk.url + "/yard/")
        assert page.status_code == 200 and "现场出单" in page.text
        csp = page.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
        assert desk.http.get(desk.url + "/m/").headers["Content-Security-Policy"]
        # The certificate itself, for installing on the outlet's devices.
        crt = desk.http.get(desk.url + "/desk-lan.crt")
        assert (
            crt.content == cert.pem and crt.headers["Content-Type"] == "application/x-x509-ca-cert"
        )
        # A client that does not trust the desk's certificate is refused by TLS itself.
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(desk.url + "/yard/", timeout=5)
        # The desk's relay paths need the desk's own per-run token.
        assert desk.http.get(desk.url + PhonePaths.INBOX).status_code == 404
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url + "/yard/", timeout=2, verify=False)  # stopped


def test_pairing_is_one_time_and_revocable_and_login_needs_a_paired_device(app_ctx) -> None:
    with lan_desk(app_ctx) as desk:
        code = desk.service.pairing_url(desk.admin).split("#p=", 1)[1]
        r = desk.post("pair", {"code": code, "name": "车间平板"})
        assert r.status_code == 200
        device = r.json()["device_token"]
        again = desk.post("pair", {"code": code, "name": "another"})
        assert again.status_code == 401 and again.json()["error"] == "pairing_refused"

        unpaired = desk.post(
            "login", {"device_token": "x" * 43, "username": CLERK[0], "password": CLERK[1]}
        )
        assert unpaired.status_code == 401 and unpaired.json()["error"] == "device_unpaired"

        wrong = desk.post(
            "login", {"device_token": device, "username": CLERK[0], "password": "nope-nope"}
        )
        assert wrong.status_code == 401 and wrong.json()["error"] == "login_failed"
        assert "再错 4 次" in wrong.json()["message_zh"]

        session = desk.staff_session(device)
        [paired] = desk.service.devices.devices()
        assert paired.name == "车间平板" and paired.paired_by == ADMIN[0]
        # The store keeps the token's hash, never the token.
        assert device.encode() not in (app_ctx.home / "chudan.db").read_bytes()

        desk.service.devices.revoke(desk.admin, paired.device_id)
        # Revoked at the desk: the open session stops at once, and no new log-in.
        quote = desk.post("quote", {"request": {}}, session)
        assert quote.status_code == 403 and quote.json()["error"] == "device_revoked"
        relog = desk.post(
            "login", {"device_token": device, "username": CLERK[0], "password": CLERK[1]}
        )
        assert relog.status_code == 403 and relog.json()["error"] == "device_revoked"


def test_a_clerk_cannot_pair_devices(app_ctx) -> None:
    from app.core.errors import PermissionDenied

    with lan_desk(app_ctx) as desk:
        clerk = app_ctx.auth.login(*CLERK)
        with pytest.raises(PermissionDenied):
            desk.service.devices.new_pairing_code(clerk)


def test_log_ins_are_throttled_per_address_and_by_the_accounts_lock(app_ctx) -> None:
    with lan_desk(app_ctx, login_rate=6) as desk:
        device = desk.paired_device()  # one call of the six a minute
        answers = [
            desk.post(
                "login", {"device_token": device, "username": CLERK[0], "password": "bad-pass"}
            )
            for _ in range(6)
        ]
        assert [a.status_code for a in answers[:4]] == [401] * 4
        # The fifth wrong password locks the account, as at the desk's own log-in.
        assert "锁定" in answers[4].json()["message_zh"]
        assert answers[5].status_code == 429 and answers[5].headers["Retry-After"] == "60"


def test_the_instant_quote_equals_chudan_quote_to_the_fen(app_ctx, capsys) -> None:
    request = json.loads(QUOTE_REQUEST_FILE.read_text(encoding="utf-8"))
    assert chudan(["quote", str(QUOTE_REQUEST_FILE), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    with lan_desk(app_ctx) as desk:
        session = desk.staff_session(desk.paired_device())
        r = desk.post("quote", {"request": request}, session)
        assert r.status_code == 200, r.text
        yard = r.json()
        assert yard["total"] == cli["total"] and yard["ctpl"] == cli["ctpl"]
        assert yard["commercial"] == cli["commercial"]
        assert yard["vehicle_tax"] == cli["vehicle_tax"]
        assert yard["worksheet"] == cli["worksheet"]
        bad = desk.post("quote", {"request": {"region": "x"}}, session)
        assert bad.status_code == 400 and bad.json()["message_zh"]
        assert desk.post("quote", {"request": request}).json()["error"] == "session_expired"


def test_a_yard_hand_off_lands_in_the_review_list(app_ctx) -> None:
    from ui.pages.phone_dialog import fetch

    front, car = specimen_jpeg("FRONT"), specimen_jpeg("CAR", (800, 600))
    with lan_desk(app_ctx) as desk:
        session = desk.staff_session(desk.paired_device())
        application = json.loads(application_json({"id_front": front}))
        refused = desk.post(
            "handoff",
            {
                "application": {
                    **application,
                    "consent": {**application["consent"], "sensitive": False},
                }
            },
            session,
        )
        assert refused.status_code == 400  # the customer's separate consent is required
        r = desk.post(
            "handoff",
            {"application": application, "vehicle_photos": [base64.b64encode(car).decode()]},
            session,
        )
        assert r.status_code == 200 and r.json()["status"] == "handed_off"

        reviews, rejected = fetch(desk.inbox)
        assert rejected == 0
        [review] = reviews
        assert (review.mobile, review.email) == (MOBILE, EMAIL)
        assert review.photos == {"id_front": front}
        assert fetch(desk.inbox) == ([], 0)  # taken once


def test_a_customers_self_fill_through_the_lan_server_reaches_the_desk(app_ctx) -> None:
    with lan_desk(app_ctx) as desk:
        invitation = desk.inbox.invite()
        assert invitation.url.startswith(desk.url + "/m/#a=")
        f = fragment(invitation)
        envelope = seal_for_desk(application_json(), f["k"], f["a"]).model_dump()
        body = {"token": f["t"], "application_id": f["a"], "envelope": envelope}
        r = desk.http.post(desk.url + PhonePaths.SUBMIT, json=body)
        assert r.status_code == 200
        assert desk.http.post(desk.url + PhonePaths.SUBMIT, json=body).status_code == 409
        received, rejected = desk.inbox.fetch()
        assert rejected == []
        [got] = received
        assert got.application.mobile == MOBILE
        status = desk.http.post(desk.url + PhonePaths.STATUS, json={"token": f["t"]}).json()
        assert status["status"] == "received"


def test_oversized_or_forged_requests_are_refused_and_nothing_personal_is_logged(
    app_ctx, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    with lan_desk(app_ctx) as desk:
        session = desk.staff_session(desk.paired_device())
        # A body larger than any hand-off is refused before it is read.
        server = desk.service.server
        tls = ssl.create_default_context(cafile=str(server.certificate.cert_file))
        conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=tls, timeout=10)
        conn.putrequest("POST", "/api/v1/yard/handoff")
        conn.putheader("Content-Length", str(MAX_HANDOFF_BYTES + 1))
        conn.putheader("Authorization", f"Bearer {session}")
        conn.endheaders()  # the body never follows: the answer comes without it
        assert conn.getresponse().status == 413
        conn.close()
        # A vehicle "photo" that is not a JPEG is refused, and so is a forged session.
        application = json.loads(application_json())
        not_jpeg = desk.post(
            "handoff",
            {"application": application, "vehicle_photos": [base64.b64encode(b"GIF89a").decode()]},
            session,
        )
        assert not_jpeg.status_code == 400
        forged = desk.post("handoff", {"application": application}, "forged-session-token")
        assert forged.status_code == 401
        assert desk.post("handoff", {"application": application}, session).status_code == 200
        desk.inbox.fetch()
    records = "\n".join(r.getMessage() for r in caplog.records)
    assert "/api/v1/yard/handoff" in records  # the server logs paths ...
    assert MOBILE not in records and EMAIL not in records and session not in records  # ... only
    # The store keeps who handed over what (counts), never the customer's data.
    store = (app_ctx.home / "chudan.db").read_bytes()
    assert MOBILE.encode() not in store and EMAIL.encode() not in store


def test_a_silent_connection_does_not_hold_up_the_others(app_ctx) -> None:
    import socket

    with lan_desk(app_ctx) as desk:
        server = desk.service.server
        with socket.create_connection(("127.0.0.1", server.port)):  # no TLS handshake, ever
            r = desk.http.get(desk.url + "/yard/", timeout=5)
            assert r.status_code == 200


def test_the_desk_refuses_a_lan_application_and_the_phone_is_told(app_ctx) -> None:
    with lan_desk(app_ctx) as desk:
        invitation = desk.inbox.invite()
        f = fragment(invitation)
        envelope = seal_for_desk(application_json(), f["k"], f["a"]).model_dump()
        body = {"token": f["t"], "application_id": f["a"], "envelope": envelope}
        assert desk.http.post(desk.url + PhonePaths.SUBMIT, json=body).status_code == 200
        [got], [] = desk.inbox.fetch()
        desk.inbox.refuse(got.application_id, "photo_unreadable")
        status = desk.http.post(desk.url + PhonePaths.STATUS, json={"token": f["t"]}).json()
        assert (status["status"], status["refusal"]) == ("refused", "photo_unreadable")
        # A yard hand-off cannot be sent to a phone for signing: the customer signs in the yard.
        session = desk.staff_session(desk.paired_device())
        application = json.loads(application_json())
        assert desk.post("handoff", {"application": application}, session).status_code == 200
        [yard], [] = desk.inbox.fetch()
        with pytest.raises(PhoneProtocolError):
            desk.inbox.send_schedule(yard.application_id, yard.phone_key, {})


def test_starting_on_a_taken_port_or_a_name_says_why(app_ctx) -> None:
    from app.core.errors import ChudanError, PermissionDenied

    with lan_desk(app_ctx) as desk:
        taken = desk.service.server.port
        other = LanService(app_ctx)
        with pytest.raises(ChudanError, match="cannot listen") as exc:
            other.start(desk.admin, "127.0.0.1", taken)
        assert "端口已被占用" in exc.value.zh
        with pytest.raises(ChudanError, match="not an IP address"):
            other.start(desk.admin, "desk.local", 0)
        with pytest.raises(PermissionDenied):
            other.start(app_ctx.auth.login(*CLERK), "127.0.0.1", 0)
        assert other.server is None


def test_hand_offs_nobody_takes_stop_at_a_limit(app_ctx, monkeypatch) -> None:
    monkeypatch.setattr("yard.staff.MAX_WAITING", 1)
    with lan_desk(app_ctx) as desk:
        session = desk.staff_session(desk.paired_device())
        application = json.loads(application_json())
        assert desk.post("handoff", {"application": application}, session).status_code == 200
        full = desk.post("handoff", {"application": application}, session)
        assert full.status_code == 400 and "待审核" in full.json()["message_zh"]
        desk.inbox.fetch()  # the desk takes it: the yard can hand over again
        assert desk.post("handoff", {"application": application}, session).status_code == 200


def test_a_refused_hand_off_is_told_to_the_device_it_came_from_once(app_ctx) -> None:
    from sync.phone_protocol import REFUSAL_CODES
    from yard.staff import REFUSAL_TEXTS

    assert set(REFUSAL_TEXTS) == set(REFUSAL_CODES)  # every reason the desk can give is said
    with lan_desk(app_ctx) as desk:
        session = desk.staff_session(desk.paired_device("tablet 1"))
        other = desk.staff_session(desk.paired_device("tablet 2"))
        application = json.loads(application_json())
        assert desk.post("status", {}).json()["error"] == "session_expired"
        assert desk.post("status", {}, session).json() == {"refused": []}
        handed = desk.post("handoff", {"application": application}, session).json()
        kept = desk.post("handoff", {"application": application}, session).json()
        got, [] = desk.inbox.fetch()
        assert {g.application_id for g in got} == {handed["application_id"], kept["application_id"]}
        desk.inbox.refuse(handed["application_id"], "documents_mismatch")

        assert desk.post("status", {}, other).json() == {"refused": []}  # not that device's
        [told] = desk.post("status", {}, session).json()["refused"]
        assert told["application_id"] == handed["application_id"]
        assert told["code"] == "documents_mismatch"
        assert told["message"] == "The ID card and the vehicle licence do not match."
        assert told["message_zh"] == "身份证与行驶证信息不一致。"
        assert told["mobile"] == MOBILE[:3] + "****" + MOBILE[-4:]  # never the whole number
        assert told["submitted_at"]
        assert desk.post("status", {}, session).json() == {"refused": []}  # told once
        desk.service.server.staff.refuse(handed["application_id"], "other")  # twice: no news
        assert desk.post("status", {}, session).json() == {"refused": []}
