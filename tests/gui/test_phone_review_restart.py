"""The review list after a restart (docs/phone.md, "Kept across a restart"): a yard hand-off the
last run took, read by the OCR but neither continued nor refused, is in the store; the window of
the next run lists it in 手机填写 without reading its photos again, and continuing it starts the
wizard with the yard's covers and takes it off the list for good."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from sync.phone_pending import YARD, PendingApplications, Received
from sync.phone_protocol import parse_application
from tests.gui.test_phone_landing import YARD_COVERS, _reads
from tests.support.clerk import wait_until
from tests.support.desk import clerk_at_demo_outlet, main_window
from tests.support.phone import MOBILE, application_json, specimen_jpeg

pytestmark = pytest.mark.slow


@pytest.mark.gui
def test_a_hand_off_taken_before_a_restart_is_listed_again_and_continued(qtbot, gui_ctx) -> None:
    front = specimen_jpeg("FRONT")
    application = parse_application(application_json({"id_front": front}))
    pending = PendingApplications(gui_ctx.store)
    pending.keep(
        Received("a" * 8 + "-0000-4000-8000-" + "0" * 12, datetime.now(UTC), application, ""),
        YARD,
        staff="yardclerk",
        quote={"request": {"coverages": YARD_COVERS}, "total": "1.00"},
    )
    [app_id] = pending.ids()
    # What the OCR read from it in the last run (the landing test's readings).
    pending.save_reads(app_id, [(name, result) for name, _jpeg, result in _reads()])

    w = main_window(qtbot, gui_ctx, clerk_at_demo_outlet(gui_ctx))
    page = w.issue_page
    qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
    dialog = page.phone_dialog
    dialog.poll()
    wait_until(lambda: dialog.list.count() == 1, 20, "the kept hand-off listed")
    row = dialog.list.item(0).text()
    assert MOBILE[-4:] in row and "yardclerk" in row
    assert "身份证" in row and "行驶证" in row  # its readings, not read again
    assert dialog.continue_button.isEnabled()

    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    wiz = page.wizard
    wait_until(lambda: wiz.stack.currentIndex() == 2, 30, "the coverage step")
    assert wiz.coverage.plan() == "custom"
    wait_until(lambda: not pending.ids(), 20, "off the list once continued")
    assert wiz.flow.data["policyholder"]["phone"] == MOBILE
    w.tasks.wait_idle()
