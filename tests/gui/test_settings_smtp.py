"""Settings → e-mail (e-policies: SMTP configured on the settings page): an administrator
saves the account; the password is kept (encrypted) and never shown again; an incomplete form
says what is missing; a clerk does not get the box."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_admin_saves_the_smtp_account_and_a_clerk_has_no_such_box(qtbot, gui_ctx):
    from app.delivery.service import load_smtp
    from ui.main_window import MainWindow

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = MainWindow(gui_ctx, admin)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    box = w.pages[4].smtp_box
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)  # stored on the write lane
    qtbot.waitUntil(lambda: "SMTP" in box.message.text())
    assert load_smtp(gui_ctx.secure_settings) is None
    box.host.setText("smtp.insurer.example")
    box.port.setValue(465)
    box.security.setCurrentIndex(box.security.findData("ssl"))
    box.sender_address.setText("epolicy@insurer.example")
    box.username.setText("epolicy")
    box.password.setText("s3cret-mail-pass")
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "epolicy@insurer.example" in box.message.text())
    smtp = load_smtp(gui_ctx.secure_settings)
    assert (smtp.host, smtp.port, smtp.security, smtp.password) == (
        "smtp.insurer.example",
        465,
        "ssl",
        "s3cret-mail-pass",
    )
    assert box.password.text() == "" and "epolicy@insurer.example" in box.message.text()
    box.port.setValue(587)
    box.security.setCurrentIndex(box.security.findData("starttls"))
    qtbot.mouseClick(
        box.save, Qt.MouseButton.LeftButton
    )  # the password left blank keeps the stored one
    qtbot.waitUntil(lambda: load_smtp(gui_ctx.secure_settings).port == 587)
    assert load_smtp(gui_ctx.secure_settings).password == "s3cret-mail-pass"
    assert all("s3cret" not in e.summary for e in gui_ctx.audit.recent(10))

    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    w2 = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w2)
    assert w2.pages[4].smtp_box is None


def test_admin_chooses_the_ocr_engine_and_missing_model_folders_are_named(qtbot, gui_ctx, tmp_path):
    """OCR engines (docs/ocr.md): PaddleOCR configured with local model folders in Settings; a clear message when its
    models are missing, never a download."""
    from app.ocr.settings import ENGINE_KEY, PADDLE_DET_DIR_KEY
    from ui.main_window import MainWindow

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = MainWindow(gui_ctx, admin)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    box = w.pages[4].ocr_box
    assert not box.det_dir.isVisible()  # the shipped engine needs no folders
    box.engine.setCurrentIndex(box.engine.findData("paddleocr"))
    assert box.det_dir.isVisible()
    det = tmp_path / "PP-OCRv5_server_det"
    det.mkdir()
    box.det_dir.setText(str(det))
    box.rec_dir.setText(str(tmp_path / "nowhere"))
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)
    text = box.message.text()
    assert "inference.yml" in text and "nowhere" in text and "不会自动下载" in text
    assert gui_ctx.secure_settings.get(ENGINE_KEY) is None  # nothing saved

    w.ocr.service = object()  # stands for a loaded engine: saving a new choice drops it
    box.engine.setCurrentIndex(box.engine.findData("rapidocr"))
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.ocr.service is None)
    assert gui_ctx.secure_settings.get(ENGINE_KEY) == "rapidocr"
    assert gui_ctx.secure_settings.get(PADDLE_DET_DIR_KEY) == str(det)
