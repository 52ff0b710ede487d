"""设置 → 局域网服务 (docs/phone.md, "The desk on the LAN"): an administrator starts the desk's
LAN server on an address of the PC, sees the certificate's fingerprint, shows a pairing QR a
tablet pairs with, and revokes the tablet; closing the window stops the server; a clerk does not
get the box."""

from __future__ import annotations

import base64
import json

import pytest
import requests
from PySide6.QtCore import Qt

from tests.support.ports import free_port

pytestmark = pytest.mark.slow  # a window, a server and its certificate: several seconds


def test_admin_starts_the_lan_server_pairs_and_revokes_a_device(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = MainWindow(gui_ctx, admin)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    box = w.pages[4].lan_box
    assert "未启动" in box.state.text() and not box.pair.isEnabled()
    box.address.setCurrentText("127.0.0.1")
    box.port.setValue(free_port())
    qtbot.mouseClick(box.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.lan.server is not None and "SHA-256" in box.state.text())
    server = w.lan.server
    assert server.certificate.fingerprint in box.state.text()
    assert box.start.text() == "停止局域网服务" and box.pair.isEnabled()

    qtbot.mouseClick(box.pair, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.qr.isVisible())
    assert box.qr.data.startswith(server.url + "/yard/#p=")
    http = requests.Session()
    http.trust_env = False
    http.verify = str(server.certificate.cert_file)
    code = box.qr.data.split("#p=", 1)[1]
    r = http.post(server.url + "/api/v1/yard/pair", json={"code": code, "name": "车间平板"})
    assert r.status_code == 200
    # The box watches for the device while its QR is shown, then drops the used code.
    qtbot.waitUntil(lambda: box.devices.rowCount() == 1, timeout=6000)
    assert not box.qr.isVisible() and "车间平板" in box.pair_note.text()
    assert box.devices.item(0, 0).text() == "车间平板"
    assert box.devices.item(0, 3).text() == "已配对"
    box.devices.selectRow(0)
    qtbot.mouseClick(box.revoke, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.devices.item(0, 3).text() == "已撤销")
    login = http.post(
        server.url + "/api/v1/yard/login",
        json={"device_token": r.json()["device_token"], "username": "clerk", "password": "x"},
    )
    assert login.json()["error"] == "device_revoked"

    w.close()  # phones must not reach a closed desk
    assert w.lan.server is None
    http.close()

    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    w2 = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w2)
    assert w2.pages[4].lan_box is None


def test_the_yard_and_the_lan_page_land_in_the_review_list(qtbot, gui_ctx):
    """A desk not connected to head office: with the LAN server running, 手机填写 shows the LAN
    page's QR code, and a yard hand-off and a customer's application both reach the list."""
    from sync.phone_protocol import PhonePaths, seal_for_desk
    from tests.support.clerk import wait_until
    from tests.support.desk import clerk_at_demo_outlet, main_window
    from tests.support.phone import MOBILE, application_json, specimen_jpeg

    clerk = clerk_at_demo_outlet(gui_ctx)
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = main_window(qtbot, gui_ctx, clerk)
    server = w.lan.get().start(admin, "127.0.0.1", free_port())
    http = requests.Session()
    http.trust_env = False
    http.verify = str(server.certificate.cert_file)
    code = w.lan.get().pairing_url(admin).split("#p=", 1)[1]
    device = http.post(server.url + "/api/v1/yard/pair", json={"code": code}).json()
    login = http.post(
        server.url + "/api/v1/yard/login",
        json={
            "device_token": device["device_token"],
            "username": "clerk",
            "password": "clerk-pass-1",
        },
    ).json()
    assert login["region"]  # the quote form starts from the outlet's region

    page = w.issue_page
    qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
    dialog = page.phone_dialog
    wait_until(lambda: dialog.qr.data, 20, "the QR code")
    assert dialog.qr.data.startswith(server.url + "/m/#a=")
    fragment = dict(p.split("=", 1) for p in dialog.qr.data.split("#", 1)[1].split("&"))
    envelope = seal_for_desk(application_json(), fragment["k"], fragment["a"]).model_dump()
    sent = http.post(
        server.url + PhonePaths.SUBMIT,
        json={"token": fragment["t"], "application_id": fragment["a"], "envelope": envelope},
    )
    assert sent.status_code == 200
    application = json.loads(application_json({"id_front": specimen_jpeg("YARD")}))
    handed = http.post(
        server.url + "/api/v1/yard/handoff",
        json={"application": application},
        headers={"Authorization": f"Bearer {login['session']}"},
    )
    assert handed.status_code == 200
    dialog.poll()
    wait_until(lambda: dialog.list.count() == 2, 20, "both applications listed")
    assert all(MOBILE[-4:] in dialog.list.item(i).text() for i in range(2))
    dialog.close()
    http.close()
    w.close()


def test_the_yards_vehicle_photos_are_shown_and_kept_with_the_draft(qtbot, gui_ctx):
    """A hand-off with photos of the vehicle: the review list counts them, the clerk looks at them
    in the viewer, and continuing keeps them with the draft (archived as "other")."""
    from sqlalchemy import select

    from app.archive.categories import VEHICLE_PHOTO, Category
    from local_db.models import ArchiveEntry, Document
    from tests.support.clerk import wait_until
    from tests.support.desk import clerk_at_demo_outlet, main_window
    from tests.support.phone import application_json, specimen_jpeg

    clerk = clerk_at_demo_outlet(gui_ctx)
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = main_window(qtbot, gui_ctx, clerk)
    server = w.lan.get().start(admin, "127.0.0.1", free_port())
    http = requests.Session()
    http.trust_env = False
    http.verify = str(server.certificate.cert_file)
    code = w.lan.get().pairing_url(admin).split("#p=", 1)[1]
    device = http.post(server.url + "/api/v1/yard/pair", json={"code": code}).json()
    login = http.post(
        server.url + "/api/v1/yard/login",
        json={
            "device_token": device["device_token"],
            "username": "clerk",
            "password": "clerk-pass-1",
        },
    ).json()
    cars = [specimen_jpeg("CAR FRONT", (800, 600)), specimen_jpeg("CAR REAR", (600, 800))]
    application = json.loads(application_json({"id_front": specimen_jpeg("YARD")}))
    handed = http.post(
        server.url + "/api/v1/yard/handoff",
        json={
            "application": application,
            "vehicle_photos": [base64.b64encode(c).decode() for c in cars],
        },
        headers={"Authorization": f"Bearer {login['session']}"},
    )
    assert handed.status_code == 200

    page = w.issue_page
    qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
    dialog = page.phone_dialog
    wait_until(lambda: dialog.list.count() == 1, 20, "the hand-off listed")
    text = dialog.list.item(0).text()
    assert "2 张车辆照片" in text and "现场人员提交（clerk）" in text
    assert dialog.vehicle_button.isEnabled()
    qtbot.mouseClick(dialog.vehicle_button, Qt.MouseButton.LeftButton)
    viewer = dialog.vehicle_view
    assert viewer is not None and viewer.isVisible()
    shown = [label.pixmap() for label in viewer.images]
    assert len(shown) == 2 and all(not p.isNull() for p in shown)
    assert shown[0].width() > shown[0].height() and shown[1].width() < shown[1].height()
    viewer.close()

    wait_until(dialog.continue_button.isEnabled, 30, "the photos read")
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    wizard = page.wizard

    def kept() -> list[bytes]:
        with gui_ctx.store.read() as s:
            docs = s.scalars(
                select(Document)
                .where(Document.draft_id == wizard.draft_id, Document.kind == VEHICLE_PHOTO)
                .order_by(Document.id)
            ).all()
            return [d.content for d in docs]

    wait_until(lambda: len(kept()) == 2, 20, "the vehicle photos kept with the draft")
    assert kept() == cars
    w.tasks.wait_idle()
    gui_ctx.archive.refresh()  # the archive files them under "other", linked to the draft's scans
    with gui_ctx.store.read() as s:
        filed = s.execute(
            select(ArchiveEntry.category)
            .join(Document, Document.id == ArchiveEntry.document_id)
            .where(Document.kind == VEHICLE_PHOTO)
        ).all()
    assert [c for (c,) in filed] == [Category.OTHER.value] * 2
    http.close()
    w.close()
