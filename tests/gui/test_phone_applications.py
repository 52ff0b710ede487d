"""手机填写 at the desk: the clerk shows the QR code, the customer's phone sends the
ID card and the 行驶证 photographed, the mobile and e-mail typed; the desk opens it, its OCR reads
the photos before the clerk opens it, and the wizard starts filled from it with the readings to
check highlighted as scans are. A returned application says why on the phone. Real head office on
loopback, real OCR on the specimens; the phone's part is sealed as the page seals it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from sync.phone_inbox import Invitation
from tests.support.clerk import wait_until
from tests.support.desk import IMAGES, clerk_at_demo_outlet, main_window
from tests.support.phone import EMAIL, MOBILE, application_json, phone_desk, status, submit
from tests.support.screenshots import shot

pytestmark = pytest.mark.slow

TRUTH = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))


def _shown(dialog) -> Invitation:
    wait_until(lambda: dialog.qr.data, 20, "the QR code")
    return Invitation("", dialog.qr.data, datetime.now(UTC))


@pytest.mark.live
def test_an_application_from_the_phone_is_read_and_continued_in_the_wizard(
    qtbot, gui_ctx, tmp_path: Path
) -> None:
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    page = w.issue_page
    with phone_desk(tmp_path) as desk:
        page.phone_inbox = lambda: desk.inbox
        qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
        dialog = page.phone_dialog
        first = _shown(dialog)
        photos = {
            "id_front": (IMAGES / "id-front-101.jpg").read_bytes(),
            "vehicle_licence": (IMAGES / "vehicle-licence-103.jpg").read_bytes(),
        }
        assert submit(desk.url, first, application_json(photos)).status_code == 200
        dialog.poll()  # the timer's tick, without waiting for it
        wait_until(lambda: dialog.list.count() == 1, 20, "the application listed")
        # Listed at once; the desk's OCR reads the photos before the clerk can continue it.
        assert "正在识别" in dialog.list.item(0).text() or "行驶证" in dialog.list.item(0).text()
        wait_until(lambda: "行驶证" in dialog.list.item(0).text(), 120, "the photos read")
        assert dialog.continue_button.isEnabled()
        row = dialog.list.item(0).text()
        assert MOBILE not in row and MOBILE[-4:] in row  # masked in the list
        assert "身份证" in row and "行驶证" in row
        wait_until(lambda: dialog.qr.data != first.url, 20, "a fresh QR code")
        shot(dialog, "phone-applications")

        # A second customer's application is returned: their phone says why.
        second = _shown(dialog)
        assert submit(desk.url, second, application_json({})).status_code == 200
        dialog.poll()
        wait_until(lambda: dialog.list.count() == 2, 60, "the second application")
        dialog.list.setCurrentRow(1)
        dialog._show_list()  # a redraw (the first one's photos read) keeps the clerk's choice
        assert dialog.list.currentRow() == 1
        dialog.reason.setCurrentIndex(dialog.reason.findData("photo_unreadable"))
        qtbot.mouseClick(dialog.refuse_button, Qt.MouseButton.LeftButton)
        wait_until(
            lambda: status(desk.url, second).json().get("refusal") == "photo_unreadable",
            20,
            "the refusal at head office",
        )

        dialog.list.setCurrentRow(0)
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
        wiz = page.wizard
        front = TRUTH["id-front-101.jpg"]["fields"]
        licence = TRUTH["vehicle-licence-103.jpg"]["fields"]
        wait_until(lambda: wiz.customer.id_number.text() == front["id_number"], 60, "the ID card")
        wait_until(lambda: wiz.vehicle.vin.text() == licence["vin"], 60, "the licence")
        assert wiz.customer.phone.text() == MOBILE and wiz.customer.email.text() == EMAIL
        assert wiz.customer.consent.isChecked()
        assert wiz.customer.phone.badge.source == "phone"
        assert status(desk.url, first).json()["status"] == "received"
        shot(w, "phone-application-in-wizard")
        w.tasks.wait_idle()


@pytest.mark.live
def test_the_customer_signs_the_proposal_on_the_phone_and_the_desk_goes_on(
    qtbot, gui_ctx, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    from tests.support.desk import fill_to_coverage
    from tests.support.phone import STROKES, phone_signs

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    page = w.issue_page
    phone_key = ec.generate_private_key(ec.SECP256R1())
    with phone_desk(tmp_path) as desk:
        page.phone_inbox = lambda: desk.inbox
        qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
        dialog = page.phone_dialog
        invitation = _shown(dialog)
        assert submit(desk.url, invitation, application_json({}), phone_key).status_code == 200
        dialog.poll()
        wait_until(lambda: dialog.list.count() == 1, 30, "the application")
        wait_until(dialog.continue_button.isEnabled, 30, "the application, read")
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
        wiz = page.wizard
        fill_to_coverage(qtbot, wiz)
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        wait_until(lambda: wiz.stack.currentIndex() == 3 and wiz.review.view is not None, 30)
        review = wiz.review
        assert review.phone_button.isVisible()
        qtbot.mouseClick(review.phone_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: wiz._phone_wait is not None, 20, "the proposal sent")
        application_id = wiz.phone_link[1]
        assert phone_signs(desk.url, invitation, phone_key, application_id).status_code == 200
        wait_until(lambda: review.phone_hash is not None, 20, "the signature from the phone")
        assert review.pad.strokes() == STROKES
        assert "手机上签名" in review.phone_status.text()
        shot(w, "phone-signed-review")
        qtbot.mouseClick(review.all_checked, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        # Stored as a desk signature: the wizard moves on to payment over the signed schedule.
        wait_until(lambda: wiz.stack.currentIndex() == 4, 30, "the payment step")
        assert wiz.flow.data["review"]["signed_hash"] == review.phone_hash
        # The clerk finishes the policy: the customer pays in one part, and it is issued.
        wait_until(lambda: wiz.payment.total > 0, 30, "the amount due")
        qtbot.mouseClick(wiz.payment.paid_button, Qt.MouseButton.LeftButton)
        wait_until(wiz.payment.issue_button.isEnabled, 30, "the payment recorded")
        qtbot.mouseClick(wiz.payment.issue_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: wiz.result is not None, 60, "the policy")
        assert wiz.result.policy_number and wiz.result.state == "bound"
        w.tasks.wait_idle()


def test_a_desk_not_provisioned_says_so_instead_of_a_qr_code(qtbot, gui_ctx) -> None:
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    qtbot.mouseClick(w.issue_page.phone_button, Qt.MouseButton.LeftButton)
    dialog = w.issue_page.phone_dialog
    wait_until(lambda: "尚未连接总部" in dialog.status.text(), 20, "the dialog's answer")
    assert not dialog.new_qr.isEnabled() and not dialog.timer.isActive() and not dialog.qr.data
    dialog.close()
    w.tasks.wait_idle()


@pytest.mark.live
def test_an_issuance_started_at_the_desk_is_signed_on_the_phone_through_a_signature_link(
    qtbot, gui_ctx, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    from tests.support.desk import new_policy, to_review
    from tests.support.phone import STROKES, phone_hello, phone_signs

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    page = w.issue_page
    phone_key = ec.generate_private_key(ec.SECP256R1())
    with phone_desk(tmp_path) as desk:
        page.phone_inbox = lambda: desk.inbox
        wiz = new_policy(qtbot, w)
        to_review(qtbot, wiz)  # typed at the desk: no phone application behind it
        review = wiz.review
        assert wiz.phone_link is None and review.phone_button.isVisible()
        qtbot.mouseClick(review.phone_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: review.phone_qr.data, 20, "the signature link's QR code")
        assert review.phone_qr.isVisible() and review.phone_qr.data.endswith("&m=sign")
        assert "扫描" in review.phone_status.text()
        shot(w, "phone-signature-link")
        link = Invitation("", review.phone_qr.data, datetime.now(UTC))
        assert phone_hello(desk.url, link, phone_key).status_code == 200
        # The phone answered: the QR code goes, and the proposal is sealed to that phone.
        wait_until(lambda: wiz._phone_wait is not None, 20, "the proposal sent to the phone")
        assert not review.phone_qr.isVisible()
        application_id = wiz.phone_link[1]
        assert phone_signs(desk.url, link, phone_key, application_id).status_code == 200
        wait_until(lambda: review.phone_hash is not None, 20, "the signature from the phone")
        assert review.pad.strokes() == STROKES
        qtbot.mouseClick(review.all_checked, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        # Stored as a desk signature, over the schedule the phone showed.
        wait_until(lambda: wiz.stack.currentIndex() == 4, 30, "the payment step")
        assert wiz.flow.data["review"]["signed_hash"] == review.phone_hash
        w.tasks.wait_idle()


@pytest.mark.live
def test_the_poster_prints_one_code_that_gives_each_customer_a_fresh_application(
    qtbot, gui_ctx, tmp_path: Path, monkeypatch
) -> None:
    import subprocess

    import requests
    from PySide6.QtGui import QDesktopServices

    from app.documents.qr import read_qr_codes
    from sync.phone_inbox import PhoneInbox
    from sync.phone_keys import StoredKeys
    from sync.phone_protocol import PhonePaths

    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    page = w.issue_page
    with phone_desk(tmp_path) as desk:
        # The desk's own store keeps the poster's key, as on a provisioned desk.
        inbox = PhoneInbox(desk.inbox.client, keys=StoredKeys(gui_ctx.store))
        page.phone_inbox = lambda: inbox
        qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
        dialog = page.phone_dialog
        wait_until(dialog.poster_button.isEnabled, 20, "the dialog ready")
        qtbot.mouseClick(dialog.poster_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: opened, 30, "the poster opened for printing")
        path = Path(opened[0])
        assert path == dialog.poster_path and path.read_bytes().startswith(b"%PDF-")
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "扫码填写车险投保信息" in text and "Scan the code with your phone" in text
        [url] = read_qr_codes(path)
        assert url == inbox.poster_url() and url.startswith(desk.url + "/m/#p=")
        assert "".join(text.split()).find(url.split("#")[1][:40]) > 0  # the address printed
        # The code works for several customers in a row, each with an application of their own.
        code = url.split("#p=")[1].split("&")[0]
        ids = set()
        for _ in range(3):
            r = requests.post(desk.url + PhonePaths.POSTER, json={"code": code}, timeout=30)
            assert r.status_code == 200
            ids.add(r.json()["application_id"])
        assert len(ids) == 3
        dialog.close()
        w.tasks.wait_idle()
