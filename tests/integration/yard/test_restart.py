"""Nothing of the LAN server or the review list is held only in memory (docs/phone.md, "Kept
across a restart"): the desk is closed (the server stopped, the store closed) and opened again
on the same SQLCipher file, and a yard hand-off taken but not continued, a refusal not yet told
to its device, a customer's LAN application not yet fetched and a refusal not yet seen by the
phone all survive it; a paired device stays paired, its session asks for a new log-in."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import requests

from app.desk.context import AppContext
from sync.phone_pending import PendingApplications
from sync.phone_protocol import PhonePaths, seal_for_desk
from tests.support.phone import MOBILE, application_json, fragment, specimen_jpeg
from tests.support.yard import ADMIN, CLERK, lan_desk
from ui.pages.phone_dialog import fetch
from yard.desk import DeskPhoneInbox, LanService

QUOTE = {"request": {"region": "110000", "coverages": [{"code": "ctpl"}]}, "total": "950.00"}


def _submit(http: requests.Session, url: str, invitation) -> requests.Response:
    f = fragment(invitation)
    envelope = seal_for_desk(application_json(), f["k"], f["a"]).model_dump()
    body = {"token": f["t"], "application_id": f["a"], "envelope": envelope}
    return http.post(url + PhonePaths.SUBMIT, json=body)


def _status(http: requests.Session, url: str, invitation) -> dict:
    return http.post(url + PhonePaths.STATUS, json={"token": fragment(invitation)["t"]}).json()


def test_a_desk_restart_loses_nothing_the_yard_or_a_phone_sent(seeded_home: Path) -> None:
    car = specimen_jpeg("CAR", (800, 600))
    application = json.loads(application_json())
    ctx = AppContext.open(seeded_home)
    try:
        with lan_desk(ctx) as desk:
            device = desk.paired_device("tablet 1")
            session = desk.staff_session(device)
            kept = desk.post(
                "handoff",
                {
                    "application": application,
                    "vehicle_photos": [base64.b64encode(car).decode()],
                    "quote": QUOTE,
                },
                session,
            ).json()["application_id"]
            refused = desk.post("handoff", {"application": application}, session).json()
            lan_refused = desk.inbox.invite()
            assert _submit(desk.http, desk.url, lan_refused).status_code == 200
            reviews, rejected = fetch(desk.inbox)
            assert rejected == 0 and len(reviews) == 3
            # The OCR's readings of the kept one are kept with it (not read again after).
            desk.inbox.keep_reads(kept, [("phone-id-front.jpg", {"kind": "id-front"})])
            desk.inbox.refuse(refused["application_id"], "documents_mismatch")
            desk.inbox.refuse(lan_refused.application_id, "photo_unreadable")
            # Sent after the desk last asked its relay: still there after the restart.
            waiting = desk.inbox.invite()
            assert _submit(desk.http, desk.url, waiting).status_code == 200
            cert = desk.service.server.certificate.cert_file
        # The window closes: the server stops (above), the store closes.
        for path in seeded_home.glob("chudan.db*"):
            assert MOBILE.encode() not in path.read_bytes()  # SQLCipher: nothing in clear
    finally:
        ctx.close()

    ctx = AppContext.open(seeded_home)  # the desk starts again
    service = LanService(ctx)
    http = requests.Session()
    http.trust_env = False
    http.verify = str(cert)
    try:
        server = service.start(ctx.auth.login(*ADMIN), "127.0.0.1", 0)
        url = server.url

        def post(action: str, body: dict, token: str = "") -> requests.Response:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return http.post(f"{url}/api/v1/yard/{action}", json=body, headers=headers)

        # The session was the last run's: a new log-in, on the device still paired.
        assert post("status", {}, session).json()["error"] == "session_expired"
        login = {"device_token": device, "username": CLERK[0], "password": CLERK[1]}
        again = post("login", login)
        assert again.status_code == 200
        # The refusal the device was not told yet is told now, once.
        [told] = post("status", {}, again.json()["session"]).json()["refused"]
        assert (told["application_id"], told["code"]) == (
            refused["application_id"],
            "documents_mismatch",
        )
        assert post("status", {}, again.json()["session"]).json() == {"refused": []}
        # The phone whose LAN application was refused still learns why.
        assert _status(http, url, lan_refused)["refusal"] == "photo_unreadable"

        inbox = DeskPhoneInbox(None, service)
        reviews, rejected = fetch(inbox)
        assert rejected == 0
        by_id = {r.application_id: r for r in reviews}
        assert set(by_id) == {kept, waiting.application_id}
        yard = by_id[kept]
        assert yard.mobile == MOBILE and yard.vehicle_photos == (car,) and yard.quote == QUOTE
        assert not yard.reading and yard.kinds() == ["id-front"]  # not read again
        assert by_id[waiting.application_id].reading  # opened after the restart: read now
        assert _status(http, url, waiting)["status"] == "received"
        assert fetch(inbox) == ([], 0)  # listed once

        # Continued into a draft: no longer on the list of the next run.
        inbox.continued(kept)
        assert PendingApplications(ctx.store).ids() == {waiting.application_id}
        inbox.refuse(waiting.application_id, "other")
        assert PendingApplications(ctx.store).ids() == set()
    finally:
        http.close()
        service.stop()
        ctx.close()


def test_a_hand_off_refused_while_the_server_is_stopped_is_told_when_it_runs(app_ctx) -> None:
    application = json.loads(application_json())
    with lan_desk(app_ctx) as desk:
        device = desk.paired_device()
        session = desk.staff_session(device)
        handed = desk.post("handoff", {"application": application}, session).json()
        [review], _ = fetch(desk.inbox)
        desk.service.stop(desk.admin)
        desk.inbox.refuse(review.application_id, "photo_unreadable")  # the server is off
        server = desk.service.start(desk.admin, "127.0.0.1", 0)
        r = desk.http.post(
            f"{server.url}/api/v1/yard/login",
            json={"device_token": device, "username": CLERK[0], "password": CLERK[1]},
        )
        fresh = r.json()["session"]
        [told] = desk.post("status", {}, fresh).json()["refused"]
        assert told["application_id"] == handed["application_id"]
