"""The window keeps the request's limits (app.core.limits) as the clerk types and signs: a field
takes no more than a request may hold, and the signature pad stops taking points at the limit
instead of making a schedule the issue would refuse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from app.core.limits import MAX_ADDRESS, MAX_SIGNATURE_POINTS

pytestmark = pytest.mark.gui


def test_a_field_takes_no_more_than_a_request_may_hold(qtbot):
    from ui.wizard.fields import CheckedField

    field = CheckedField("address")
    qtbot.addWidget(field)
    field.edit.setText("路" * (MAX_ADDRESS + 500))  # pasted
    assert len(field.text()) == MAX_ADDRESS


def _send(pad, kind, x: float, y: float, buttons) -> None:
    pos = QPointF(x, y)
    event = QMouseEvent(
        kind,
        pos,
        pad.mapToGlobal(pos),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(pad, event)


def test_the_signature_pad_stops_at_the_limit(qtbot):
    from ui.wizard.signature_pad import SignaturePad

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 160)
    left = Qt.MouseButton.LeftButton
    _send(pad, QMouseEvent.Type.MouseButtonPress, 10, 10, left)
    for i in range(MAX_SIGNATURE_POINTS + 200):  # a pen left down on the pad
        _send(pad, QMouseEvent.Type.MouseMove, 10 + i % 300, 10 + i % 120, left)
    _send(pad, QMouseEvent.Type.MouseButtonRelease, 20, 20, Qt.MouseButton.NoButton)
    assert sum(len(s) for s in pad.strokes()) == MAX_SIGNATURE_POINTS
