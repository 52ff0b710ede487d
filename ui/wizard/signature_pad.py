"""A signature pad: the customer signs with the mouse or a pen; strokes are kept as points in a
0..1 box so the PDF can draw them at any size."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(360, 140)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._strokes: list[list[QPointF]] = []

    def strokes(self) -> list[list[tuple[float, float]]]:
        w, h = max(1, self.width()), max(1, self.height())
        return [[(round(p.x() / w, 4), round(p.y() / h, 4)) for p in s] for s in self._strokes if len(s) > 1]

    def is_empty(self) -> bool:
        return not self.strokes()

    def clear(self) -> None:
        self._strokes = []
        self.update()
        self.changed.emit()

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self._strokes.append([e.position()])

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._strokes and e.buttons() & Qt.MouseButton.LeftButton:
            self._strokes[-1].append(e.position())
            self.update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._strokes:
            self._strokes[-1].append(e.position())
            self.update()
            self.changed.emit()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        p.setPen(QPen(QColor("#999"), 1, Qt.PenStyle.DashLine))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.setPen(QPen(QColor("#1a237e"), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        for stroke in self._strokes:
            if len(stroke) > 1:
                path = QPainterPath(stroke[0])
                for pt in stroke[1:]:
                    path.lineTo(pt)
                p.drawPath(path)
        p.end()
