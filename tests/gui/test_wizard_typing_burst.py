"""Keys that arrive within one turn of the event loop are taken together on the next (a barcode
gun types a VIN's 17 keys faster than the loop turns): the wizard takes the step once, not once
a key, and whatever reads the flow's data first takes what was typed, so nothing typed is lost by
a click that comes before the turn."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.test_wizard_every_vehicle import _to_vehicle

VIN = "LSVCC6A45PN123456"


def test_a_scanned_vin_is_taken_once_on_the_next_turn(qtbot, gui_ctx, monkeypatch):
    wiz = _to_vehicle(qtbot, gui_ctx)
    v = wiz.vehicle
    taken = []
    original = wiz._take
    monkeypatch.setattr(wiz, "_take", lambda step: (taken.append(step.key), original(step)))
    v.vin.edit.setFocus()
    v.vin.edit.clear()
    QTest.keyClicks(v.vin.edit, VIN)  # 17 keys inside one call, as a barcode gun's burst
    assert taken == []  # nothing yet: the keys wait for the turn
    qtbot.waitUntil(lambda: taken == ["vehicle"], timeout=2_000)
    assert wiz.flow.data["vehicle"]["vin"] == VIN
    QTest.qWait(50)
    assert taken == ["vehicle"]  # once for all 17 keys


def test_keys_typed_just_before_a_click_are_not_lost(qtbot, gui_ctx):
    wiz = _to_vehicle(qtbot, gui_ctx)
    v = wiz.vehicle
    v.vin.edit.setFocus()
    v.vin.edit.clear()
    QTest.keyClicks(v.vin.edit, VIN)
    qtbot.mouseClick(wiz.back, Qt.MouseButton.LeftButton)  # before the loop turns
    assert wiz.stack.currentIndex() == 0
    assert wiz.data()["vehicle"]["vin"] == VIN
