"""A signature pad: the customer signs with the mouse or a pen; strokes are kept as points in a
0..1 box so the PDF can draw them at any size."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from app.core.limits import MAX_SIGNATURE_POINTS, MAX_SIGNATURE_STROKES


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(360, 140)
        # Kept in a 0..1 box: the PDF draws them at its own size, and a draft restored into a
        # window of another size shows the same signature.
        self._strokes: list[list[tuple[float, float]]] = []

    def _norm(self, e: QMouseEvent) -> tuple[float, float]:
        w, h = max(1, self.width()), max(1, self.height())
        return (round(e.position().x() / w, 4), round(e.position().y() / h, 4))

    def strokes(self) -> list[list[tuple[float, float]]]:
        return [list(s) for s in self._strokes if len(s) > 1]

    def set_strokes(self, strokes: list) -> None:
        self._strokes = [[(float(x), float(y)) for x, y in s] for s in strokes or []]
        self.update()

    def is_empty(self) -> bool:
        return not self.strokes()

    def clear(self) -> None:
        self._strokes = []
        self.update()
        self.changed.emit()

    def _full(self) -> bool:
        """The request's limits (app.core.limits): the pad stops taking points, not the issue."""
        return sum(len(s) for s in self._strokes) >= MAX_SIGNATURE_POINTS

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if len(self._strokes) < MAX_SIGNATURE_STROKES and not self._full():
            self._strokes.append([self._norm(e)])

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._strokes and e.buttons() & Qt.MouseButton.LeftButton and not self._full():
            self._strokes[-1].append(self._norm(e))
            self.update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._strokes and not self._full():
            self._strokes[-1].append(self._norm(e))
            self.update()
            self.changed.emit()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        p.setPen(QPen(QColor("#999"), 1, Qt.PenStyle.DashLine))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.setPen(
            QPen(
                QColor("#1a237e"),
                2.2,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        w, h = self.width(), self.height()
        for stroke in self._strokes:
            if len(stroke) > 1:
                path = QPainterPath(QPointF(stroke[0][0] * w, stroke[0][1] * h))
                for x, y in stroke[1:]:
                    path.lineTo(QPointF(x * w, y * h))
                p.drawPath(path)
        p.end()
