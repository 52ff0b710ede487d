"""A bar chart drawn with QPainter: the reports' charts. Qt Charts is deprecated since Qt 6.10 and
Qt Graphs' 2D charts need QML; bars with labels are a few dozen lines on QPainter, which ships
with every Qt and draws the same offscreen, in the frozen app and on every platform
(pyproject.toml says so beside the dependencies). A bar is clicked to list what is behind it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#3A6EA5")
PREVIOUS = QColor("#B8C4D0")
AXIS = QColor("#7A7A7A")
MAX_LABELS = 16  # more bars than this: label every n-th so the labels never overlap


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown above the bar ("12", "3,515.00")
    previous: float | None = None  # the previous period's value, drawn behind


class BarChart(QWidget):
    barClicked = Signal(int)  # the index of the clicked bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[Bar] = []
        self.empty_text = "—"
        self.setMinimumSize(QSize(240, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_bars(self, title: str, bars: list[Bar], empty_text: str = "—") -> None:
        self.title, self.bars, self.empty_text = title, bars, empty_text
        self.setToolTip("")
        self.update()

    def _plot(self) -> QRectF:
        fm = QFontMetrics(self.font())
        top = fm.height() * 2 + 6
        bottom = fm.height() + 8
        return QRectF(8, top, max(1, self.width() - 16), max(1, self.height() - top - bottom))

    def bar_rect(self, i: int) -> QRectF:
        """Where bar i is drawn (its full column, for clicks and for the tests)."""
        plot = self._plot()
        step = plot.width() / max(1, len(self.bars))
        return QRectF(plot.left() + i * step, plot.top(), step, plot.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        p.setPen(self.palette().text().color())
        p.drawText(
            QRectF(8, 2, self.width() - 16, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title
        )
        plot = self._plot()
        p.setPen(QPen(AXIS, 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        if not self.bars:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        peak = max(max(b.value, b.previous or 0) for b in self.bars) or 1.0
        step = self.bar_rect(0).width()
        # Label every n-th bar so that no two labels overlap (30 days: every other or third).
        widest = max(fm.horizontalAdvance(b.label) for b in self.bars) + 8
        every = max(1, -(-widest // max(1, int(step))), -(-len(self.bars) // MAX_LABELS))
        every = min(every, len(self.bars))
        for i, bar in enumerate(self.bars):
            col = self.bar_rect(i)
            width = max(2.0, col.width() * 0.7)
            x = col.center().x() - width / 2
            if bar.previous:
                h = plot.height() * bar.previous / peak * 0.9
                p.fillRect(QRectF(x - width * 0.12, plot.bottom() - h, width, h), PREVIOUS)
            h = plot.height() * bar.value / peak * 0.9
            p.fillRect(QRectF(x, plot.bottom() - h, width, h), BAR)
            if bar.value and (every == 1 or fm.horizontalAdvance(bar.text) < col.width()):
                p.setPen(self.palette().text().color())
                p.drawText(
                    QRectF(
                        col.left() - col.width(),
                        plot.bottom() - h - fm.height() - 2,
                        col.width() * 3,
                        fm.height(),
                    ),
                    Qt.AlignmentFlag.AlignHCenter,
                    bar.text,
                )
            if i % every == 0:
                room = col.width() * every
                p.setPen(AXIS)
                p.drawText(
                    QRectF(col.center().x() - room / 2, plot.bottom() + 4, room, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(room) - 4),
                )
        p.end()

    def _index_at(self, x: float) -> int | None:
        plot = self._plot()
        if not self.bars or not plot.left() <= x < plot.right():
            return None
        return min(len(self.bars) - 1, int((x - plot.left()) / (plot.width() / len(self.bars))))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self._index_at(event.position().x())
        self.setToolTip(f"{self.bars[i].label}: {self.bars[i].text}" if i is not None else "")
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            i = self._index_at(event.position().x())
            if i is not None:
                self.barClicked.emit(i)
        super().mouseReleaseEvent(event)
