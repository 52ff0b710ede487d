"""A photo dropped on the customer step is read like a scan (the customer step: a file, drag-and-drop
or a camera). The drop is delivered as Qt delivers one from a file manager; OCR is real."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.support.paths import SPECIMEN_IMAGES as IMAGES


def _drop(widget, path) -> bool:
    """Let go of a dragged file over `widget`, as a file manager does: the window gets the drop
    and hands it to the widget under the pointer that takes drops."""
    window = widget.window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(widget.mapTo(window, widget.rect().center()))
    handle = window.windowHandle()
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(handle, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(handle, drop)
    return drop.isAccepted()


def test_dropping_an_id_card_photo_fills_the_customer(
    qtbot, gui_ctx, tmp_path, desk_clerk, make_wizard
):
    truth = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))["id-front-101.jpg"][
        "fields"
    ]
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    assert "拖" in wiz.customer.scan_status.text()
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a photo")
    assert not _drop(wiz.customer.scan_status, text_file)  # only images are taken
    assert _drop(wiz.customer.scan_status, IMAGES / "id-front-101.jpg")
    qtbot.waitUntil(lambda: wiz.customer.id_number.text() == truth["id_number"], timeout=120_000)
    assert wiz.customer.name.text() == truth["name"]
    wiz.tasks.wait_idle()


def test_the_back_of_an_expired_id_card_stops_the_customer_step(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """The back (国徽面) says until when the card is valid; the specimen's ran out in 2022."""
    truth = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))["id-back-102.jpg"][
        "fields"
    ]
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    wiz.customer.load(
        {"kind": "person", "name": "张伟", "id_number": "110105198507231238", "consent": True}
    )
    wiz.scan("id-back", str(IMAGES / "id-back-102.jpg"))
    qtbot.waitUntil(lambda: wiz.customer.valid_until == truth["valid_until"], timeout=120_000)
    assert "已于 2022-07-12 过期" in wiz.customer.validity.text()
    wiz.go(1)
    assert wiz.stack.currentIndex() == 0 and "过期" in wiz.problems.text()
    wiz.customer.set_validity("长期")  # a card valid for life: no expiry
    wiz.go(1)
    assert wiz.stack.currentIndex() == 1
    wiz.tasks.wait_idle()


def test_no_camera_means_no_camera_button_and_the_camera_dialog_opens_and_closes(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """This machine has QtMultimedia but no camera: the wizard offers none, and the camera dialog
    (what a desk with a document camera sees) still opens and cancels cleanly."""
    from PySide6.QtMultimedia import QMediaDevices

    from ui.wizard.camera import CameraDialog, cameras_available

    assert cameras_available() == bool(QMediaDevices.videoInputs())
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    assert wiz.customer.camera_button.isVisible() == cameras_available()
    dialog = CameraDialog(wiz)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.path is None and not dialog.isVisible()


def test_a_camera_the_installation_cannot_drive_says_how_to_photograph_instead(
    qtbot, gui_ctx, monkeypatch, desk_clerk, make_wizard
):
    """The outlet bundle has no Qt multimedia (docs/install.md). On a PC with a document camera
    attached the camera button is still there, and pressing it tells the clerk, in Chinese, how
    to get the photo instead (the customer's phone, or a photo or scan chosen as a file) rather
    than opening a camera view that cannot work."""
    import sys

    from ui.wizard import camera

    monkeypatch.setattr(camera.glob, "glob", lambda _pattern: ["/dev/video0"])
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import fails, as bundled
    said = []
    monkeypatch.setattr(
        camera.QMessageBox, "information", lambda _parent, title, text: said.append((title, text))
    )
    monkeypatch.setattr(camera, "CameraDialog", lambda *_a: pytest.fail("no camera view here"))
    assert camera.camera_state() == camera.NOT_INSTALLED
    wiz = make_wizard(gui_ctx, desk_clerk)
    assert wiz.customer.camera_button.isVisible()
    qtbot.mouseClick(wiz.customer.camera_button, Qt.MouseButton.LeftButton)
    assert len(said) == 1
    title, text = said[0]
    assert title == "相机" and "客户手机填写" in text and "扫描" in text, text
    wiz.tasks.wait_idle()


def test_a_photo_taken_with_the_camera_is_read_like_a_scan(
    qtbot, gui_ctx, monkeypatch, desk_clerk, make_wizard
):
    """There is no camera on this machine, so the camera's own capture is stood in for: when the
    clerk presses "take photo", the capture reports a saved image (a specimen ID card), exactly
    as QImageCapture does after writing the file. Everything after that is real."""
    from PySide6.QtCore import QTimer

    from ui.wizard import camera

    truth = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))["id-front-101.jpg"][
        "fields"
    ]
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    opened = []

    class Camera(camera.CameraDialog):
        def __init__(self, parent=None):
            super().__init__(parent)
            opened.append(self)
            self.capture.captureToFile = lambda _target: self.capture.imageSaved.emit(
                1, str(IMAGES / "id-front-101.jpg")
            )

    monkeypatch.setattr(camera, "CameraDialog", Camera)
    QTimer.singleShot(0, lambda: qtbot.mouseClick(opened[0].take, Qt.MouseButton.LeftButton))
    wiz.photograph("id-front")
    qtbot.waitUntil(lambda: wiz.customer.id_number.text() == truth["id_number"], timeout=120_000)
    assert (
        opened[0].path == IMAGES / "id-front-101.jpg" and wiz.customer.name.text() == truth["name"]
    )
    wiz.tasks.wait_idle()


def test_a_licence_whose_usage_names_no_code_asks_the_clerk_to_choose(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    """The specimen 行驶证 says 营运 (commercial) without saying which kind: the wizard must not
    keep 非营运 and price a private car; the clerk chooses, and only then goes on."""
    truth = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))[
        "vehicle-licence-103.jpg"
    ]["fields"]
    assert truth["usage"] == "营运"
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    wiz.customer.load(
        {
            "kind": "person",
            "name": truth["owner"],
            "id_number": "110105198507231238",
            "consent": True,
        }
    )
    wiz.go(1)
    assert _drop(wiz.vehicle.scan_status, IMAGES / "vehicle-licence-103.jpg")
    qtbot.waitUntil(lambda: wiz.vehicle.vin.text() == truth["vin"], timeout=120_000)
    assert wiz.vehicle.usage_read == "营运" and wiz.vehicle.usage.property("state") == "review"
    assert "1 项请核对" in wiz.vehicle.scan_status.text()
    wiz.go(2)
    assert (
        wiz.stack.currentIndex() == 1
        and "营运" in wiz.problems.text()
        and "使用性质" in wiz.problems.text()
    )
    wiz.vehicle.usage.setCurrentIndex(wiz.vehicle.usage.findData("D"))
    wiz.vehicle.usage.activated.emit(
        wiz.vehicle.usage.currentIndex()
    )  # what choosing in the list sends
    assert wiz.vehicle.usage_read == "" and wiz.vehicle.usage.property("state") == ""
    assert "营运" not in wiz.problems.text()  # the reason it stopped is gone once put right
    # A taxi's class follows from its usage (marked as a suggestion); the rest the licence
    # does not print is typed.
    assert wiz.vehicle.vclass.currentData() == "taxi_rental"
    assert wiz.vehicle.class_source.text() == "按车辆类型建议"
    for field, text in (
        (wiz.vehicle.seats, "5"),
        (wiz.vehicle.price, "82000"),
        (wiz.vehicle.displacement, "1.5"),
    ):
        field.setText(text)
    wiz.vehicle.fuel.setCurrentIndex(wiz.vehicle.fuel.findData("petrol"))
    wiz.vehicle.edited.emit()
    wiz.go(2)
    assert wiz.stack.currentIndex() == 2 and wiz.request()["vehicle"]["usage"] == "D"
    wiz.tasks.wait_idle()
