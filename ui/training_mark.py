"""The training watermark over the whole window (docs/training.md): 培训 · TRAINING · 无效
painted across every page, diagonally and repeated, over the central widget and letting every
click through, so no screen of a training session can be mistaken for real work."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.core.policy_number import TRAINING_WATERMARK


class TrainingWatermark(QWidget):
    def __init__(self, covered: QWidget) -> None:
        super().__init__(covered)
        self.setObjectName("trainingWatermark")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        covered.installEventFilter(self)
        self.setGeometry(covered.rect())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded, QEvent.Type.Show):
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
            self.raise_()  # above pages added or shown after it
        return False

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(200, 30, 30, 46)
        p.setPen(color)
        w, h = self.width(), self.height()
        font = QFont(self.font())
        font.setPointSize(26 if w > 800 else 14)  # a small dialog still shows it whole
        font.setBold(True)
        p.setFont(font)
        text_w = QFontMetrics(font).horizontalAdvance(TRAINING_WATERMARK)
        step_x, step_y = text_w + 80, max(90, text_w // 2)
        p.translate(w / 2, h / 2)
        p.rotate(-25)
        span = int((w + h) * 0.8)
        for y in range(-span, span, step_y):
            offset = (y // step_y) % 2 * (step_x // 2)
            for x in range(-span, span, step_x):
                p.drawText(x + offset, y, TRAINING_WATERMARK)
        p.end()


class DialogMarker(QObject):
    """While a training window is open, every dialog shown (the AML record, a referral, an
    endorsement, a message) gets the watermark too: installed on the application."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QDialog)
            and watched.findChild(TrainingWatermark, "trainingWatermark") is None
        ):
            TrainingWatermark(watched).show()
        return False

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
