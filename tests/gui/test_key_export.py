"""设置 → 数据库密钥: an administrator exports the store key into a passphrase-protected file
from the window; the file then opens with that passphrase (and only with it)."""

from __future__ import annotations

import pytest

from app.core.errors import InvalidInput
from app.desk.store_key import read_key_file
from tests.support.screenshots import shot


def test_an_admin_exports_the_store_key_from_settings(qtbot, gui_ctx, tmp_path):
    from ui.main_window import MainWindow

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w = MainWindow(gui_ctx, admin)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    box = w.pages[4].key_box
    assert box is not None and "chudan.db.key" in box.where.text()  # tests keep the key in a file
    box.export_button.click()
    dialog = box.dialog
    qtbot.waitUntil(dialog.isVisible)
    target = tmp_path / "desk.chudankey"
    dialog.path.setText(str(target))
    dialog.passphrase.setText("counter desk 7 key")
    dialog.repeat.setText("counter desk 7 kez")
    dialog.export_button.click()
    assert "两次" in dialog.message.text() and not target.exists()
    dialog.repeat.setText("counter desk 7 key")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: target.exists())
    assert str(target) in dialog.message.text()
    shot(dialog, "key-export-done")
    assert read_key_file(target, "counter desk 7 key").store_hex == gui_ctx.store.key.hex
    with pytest.raises(InvalidInput):
        read_key_file(target, "counter desk 7 kez")
    dialog.close()


def test_a_clerk_has_no_key_box(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(4)
    assert w.pages[4].key_box is None
