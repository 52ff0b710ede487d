"""The policies page opens and prints the cover note and, once head office has confirmed, the
formal policy, either one as the clerk picks (the issue step's documents). The store is the record: a PDF
file deleted from the data folder is written again from it. There is no desktop to open files
with and no CUPS here, so QDesktopServices.openUrl is recorded and `lp` is a script on PATH
that records its arguments."""

from __future__ import annotations

import copy
import os
import stat

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from tests.support.examples import POLICY_REQUEST


def test_open_and_print_cover_note_then_formal_policy(qtbot, gui_ctx, monkeypatch, tmp_path):
    from app.access.permissions import system_actor
    from app.desk.demo import ensure_demo_outlet
    from app.issuance.lifecycle import Event, Lifecycle
    from local_db.models import Policy
    from ui.main_window import MainWindow

    ensure_demo_outlet(gui_ctx)
    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    issued = gui_ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    printed = tmp_path / "printed.txt"
    lp = tmp_path / "bin" / "lp"
    lp.parent.mkdir()
    lp.write_text(f'#!/bin/sh\necho "$@" >> {printed}\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{lp.parent}{os.pathsep}{os.environ['PATH']}")

    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(1)
    page = w.pages[1]
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)  # read on the pool
    qtbot.mouseClick(page.open_cover_note, Qt.MouseButton.LeftButton)
    assert "先在列表中选择" in page.note.text() and opened == []
    page.table.selectRow(0)
    qtbot.mouseClick(page.open_cover_note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: opened == [str(issued.pdf_path)])  # written out from the store
    original = issued.pdf_path.read_bytes()
    issued.pdf_path.unlink()  # someone tidied the folder: the store still has it
    qtbot.mouseClick(page.open_cover_note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert issued.pdf_path.read_bytes() == original
    qtbot.mouseClick(page.open_policy, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "尚无正式保单" in page.note.text())
    assert len(opened) == 2
    page.note.clear()
    qtbot.mouseClick(page.print_policy, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "尚无正式保单" in page.note.text())
    assert not printed.exists()
    qtbot.mouseClick(page.print_cover_note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已发送到打印机" in page.note.text())
    assert printed.read_text().strip() == str(issued.pdf_path)

    with gui_ctx.store.write() as s:  # head office's answer, as the sync worker records it
        policy = s.get(Policy, issued.policy_id)
        policy.confirmation_code = "HQ7K2M9Q"
        Lifecycle(gui_ctx.audit).apply(s, policy, Event.CONFIRM, system_actor("sync"), "confirmed")
    (formal,) = gui_ctx.formal_policies.release([issued.policy_id])
    page.refresh()
    qtbot.waitUntil(lambda: page.rows and page.rows[0].state == "confirmed")
    page.table.selectRow(0)
    qtbot.mouseClick(page.open_policy, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: opened[-1] == str(formal))
    qtbot.mouseClick(page.print_policy, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: printed.read_text().splitlines()[-1] == str(formal))
    # Confirmed, and the customer still asks for the cover note they were given: it prints too.
    qtbot.mouseClick(page.print_cover_note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: printed.read_text().splitlines()[-1] == str(issued.pdf_path))
    assert str(formal) != str(issued.pdf_path)
    assert [page.print_cover_note.text(), page.print_policy.text()] == [
        "打印暂保单",
        "打印正式保单",
    ]
    w.tasks.wait_idle()
