"""设置 → 局域网服务 (docs/phone.md, "The desk on the LAN"): an administrator starts the desk's
LAN server on an address of the PC, sees the certificate's fingerprint, shows a pairing QR a
tablet pairs with, and revokes the tablet; closing the window stops the server; a clerk does not
get the box."""

from __future__ import annotations

import requests
from PySide6.QtCore import Qt

from tests.support.ports import free_port


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
    w.pages[4].refresh()
    qtbot.waitUntil(lambda: box.devices.rowCount() == 1)
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
