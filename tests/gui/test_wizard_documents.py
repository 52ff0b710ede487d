"""Documents on the wrong step, and scans that are kept: a photo says what it is; an ID card dropped
on the 行驶证 step, or a 行驶证 on the customer step, says "this is not…" and fills nothing; the
line beside the scan buttons never stays at "reading"; a scan alone is saved as a draft, listed by
name and plate; closing the window keeps what was typed. OCR is real, on the specimens."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.support.clerk import Clerk, wait_until
from tests.support.desk import (
    IMAGES,
    clerk_at_demo_outlet,
    main_window,
    new_policy,
)
from tests.support.screenshots import shot

TRUTH = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))


def _drop(widget, *names: str) -> None:
    hand = Clerk()
    try:
        hand.drop(widget, *(IMAGES / n for n in names))
    finally:
        hand.stop()


def test_an_id_card_on_the_vehicle_step_and_a_licence_on_the_customer_step_say_so(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    customer = wiz.customer

    # A 行驶证 on the customer step: said so in words, nothing filled on either step.
    _drop(customer.scan_status, "vehicle-licence-103.jpg")
    assert customer.scan_row.busy.isVisible()  # something moves while the reader works
    wait_until(lambda: "正在识别" not in customer.scan_status.text(), 120, "the reading")
    assert "这不是身份证" in customer.scan_status.text()
    assert "行驶证" in customer.scan_status.text()  # what it looks like instead
    assert not customer.scan_row.busy.isVisible()
    assert customer.name.text() == "" and wiz.vehicle.vin.text() == ""
    assert customer.scan_status.property("tone") == "problem"
    shot(w, "documents-licence-on-customer-step")

    # The right document then fills the step.
    front = TRUTH["id-front-101.jpg"]["fields"]
    _drop(customer.scan_status, "id-front-101.jpg")
    wait_until(lambda: customer.id_number.text() == front["id_number"], 120, "the ID card")
    assert "已识别" in customer.scan_status.text()
    customer.phone.edit.setText("13812345678")
    customer.consent.setChecked(True)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1, wiz.problems.text()

    # The 行驶证 read, then an ID card dropped on the vehicle step: the status line says it is not
    # a licence; the licence's values are not shown as confirmed by it, nor replaced.
    vehicle = wiz.vehicle
    lic = TRUTH["vehicle-licence-204-degraded-turn0.jpg"]["fields"]
    _drop(vehicle.scan_status, "vehicle-licence-204-degraded-turn0.jpg")
    wait_until(lambda: vehicle.vin.text() == lic["vin"], 120, "the licence")
    _drop(vehicle.scan_status, "id-front-201-degraded-turn0.jpg")
    wait_until(lambda: "正在识别" not in vehicle.scan_status.text(), 120, "the second reading")
    assert "这不是行驶证" in vehicle.scan_status.text()
    assert "身份证" in vehicle.scan_status.text() and "已识别" not in vehicle.scan_status.text()
    assert vehicle.vin.text() == lic["vin"] and vehicle.plate.text() == lic["plate"]
    shot(w, "documents-id-card-on-vehicle-step")
    w.tasks.wait_idle()


def test_a_scan_alone_is_saved_and_listed_by_name_and_plate(qtbot, gui_ctx):
    """The clerk scans the ID card and the 行驶证 and is called away: no key pressed, and still the
    draft is in the store, listed by the customer's (masked) name and the plate."""
    from app.core.errors import NotFound
    from app.core.masking import mask_name

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    front = TRUTH["id-front-101.jpg"]["fields"]
    _drop(wiz.customer.scan_status, "id-front-101.jpg", "id-back-203-degraded-turn180.jpg")
    wait_until(lambda: bool(wiz.customer.valid_until), 120, "both sides of the ID card")
    draft_id = wiz.draft_id

    def saved_name() -> str:
        try:
            return (gui_ctx.drafts.load(clerk, draft_id)[1].get("policyholder") or {}).get(
                "name"
            ) or ""
        except NotFound:  # not saved yet
            return ""

    wait_until(lambda: saved_name() == front["name"], 10, "the scan saved without a key pressed")
    assert gui_ctx.drafts.load(clerk, draft_id)[1]["policyholder"]["id_valid_until"] == "长期"
    with gui_ctx.store.read() as s:
        from local_db.models import Document

        kinds = {d.kind for d in s.query(Document).filter(Document.draft_id == draft_id)}
        assert kinds == {"id-front", "id-back"}  # the photos kept with it

    page = w.pages[0]
    qtbot.mouseClick(page.drafts_button, Qt.MouseButton.LeftButton)  # the list, one click away
    qtbot.waitUntil(lambda: page.drafts.rowCount() == 1)
    assert page.drafts.item(0, 0).text() == mask_name(front["name"])  # not "—"
    shot(w, "documents-scan-alone-listed")
    w.tasks.wait_idle()


def test_closing_the_window_keeps_what_was_just_typed(qtbot, gui_ctx):
    """Typed, and the window closed before the autosave's pause is over: the draft has it."""
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    qtbot.keyClicks(wiz.customer.name.edit, "Zhang Wei")
    draft_id = wiz.draft_id
    w.close()  # at once: no 0.7 s pause for the autosave
    w.tasks.wait_idle()
    step, data = gui_ctx.drafts.load(clerk, draft_id)
    assert (step, data["policyholder"]["name"]) == ("customer", "Zhang Wei")
