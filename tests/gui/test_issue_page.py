"""新建投保 lists the open drafts; "继续所选草稿" reopens the selected one at the step where it was
left with what was typed (the Issue page lists open drafts to resume, docs/ui.md). A second window
on the same store stands in for the desk after a restart: what it shows comes from the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.errors import NotFound
from tests.support.clerk import Clerk
from tests.support.examples import POLICY_REQUEST

VIN, PLATE, ENGINE = "LSVAU2180N2183294", "京N6E830", "E83021"


def _window(qtbot, ctx, user):
    from ui.main_window import MainWindow

    w = MainWindow(ctx, user)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):  # keys go to the focused field
        w.show()
    return w


def test_a_draft_left_at_the_vehicle_step_is_listed_and_resumed_there(qtbot, gui_ctx, desk_clerk):
    from app.core.masking import mask_name

    clerk = desk_clerk
    w = _window(qtbot, gui_ctx, clerk)
    page = w.pages[0]
    qtbot.waitUntil(page.new_button.isEnabled)  # the outlet read: the desk can issue
    assert page.drafts.rowCount() == 0
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    wiz = page.wizard
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1
    typist = Clerk()  # clicks into each field and types (the plate's 京 through the input method)
    for field, text in (
        (wiz.vehicle.plate, PLATE),
        (wiz.vehicle.vin, VIN),
        (wiz.vehicle.engine, ENGINE),
    ):
        typist.fill(field.edit, text)
    typist.stop()
    draft_id = wiz.draft_id

    # The typing is saved soon after it stops (no step left since), so a restart keeps it. The
    # draft's first save is itself on the write lane: until it lands the draft is not found yet.
    def saved_engine() -> str | None:
        try:
            return gui_ctx.drafts.load(clerk, draft_id)[1]["vehicle"].get("engine_number")
        except NotFound:
            return None

    qtbot.waitUntil(lambda: saved_engine() == ENGINE, timeout=5_000)
    w.tasks.wait_idle()
    w.close()

    again = _window(qtbot, gui_ctx, clerk)
    page = again.pages[0]
    qtbot.waitUntil(lambda: page.drafts.rowCount() == 1)
    assert (
        page.drafts.item(0, 0).text()
        == f"{mask_name(POLICY_REQUEST['policyholder']['name'])} · {PLATE}"
    )
    assert page.drafts.item(0, 1).text() == "车辆" and page.drafts.item(0, 2).text() == "clerk"
    assert page.resume_button.text() == "继续所选草稿"
    page.drafts.selectRow(0)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    wiz = page.wizard
    assert wiz is not None and wiz.isVisible() and not page.drafts.isVisible()
    qtbot.waitUntil(lambda: wiz.loaded)  # the draft opened on the write lane
    assert wiz.draft_id == draft_id and wiz.stack.currentIndex() == 1
    assert (wiz.vehicle.plate.text(), wiz.vehicle.vin.text(), wiz.vehicle.engine.text()) == (
        PLATE,
        VIN,
        ENGINE,
    )
    assert (
        wiz.customer.name.text() == POLICY_REQUEST["policyholder"]["name"]
        and wiz.customer.consent.isChecked()
    )
    assert wiz.customer.id_number.text() == POLICY_REQUEST["policyholder"]["id_number"]
    again.tasks.wait_idle()


def test_resume_with_no_draft_selected_opens_nothing(qtbot, gui_ctx, desk_clerk):
    clerk = desk_clerk
    gui_ctx.drafts.save(
        clerk, gui_ctx.drafts.create(clerk), "customer", {"policyholder": {"name": "张伟"}}
    )
    w = _window(qtbot, gui_ctx, clerk)
    page = w.pages[0]
    qtbot.waitUntil(lambda: page.drafts.rowCount() == 1)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert page.wizard is None and page.drafts.isVisible()
