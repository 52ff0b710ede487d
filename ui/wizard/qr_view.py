"""A QR code painted from its module matrix (app.documents.qr), crisp at any size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QLabel

from app.documents.qr import qr_matrix

QUIET_ZONE = 4  # modules of white around the code, as scanners expect


class QrView(QLabel):
    def __init__(self, size: int = 180, parent=None) -> None:
        super().__init__(parent)
        self._size = size
        self.data = ""
        self.setFixedSize(size, size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_data(self, data: str) -> None:
        self.data = data
        matrix = qr_matrix(data)
        modules = len(matrix) + 2 * QUIET_ZONE
        cell = max(1, self._size // modules)
        pixmap = QPixmap(cell * modules, cell * modules)
        pixmap.fill(QColor("white"))
        painter = QPainter(pixmap)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    painter.drawRect((c + QUIET_ZONE) * cell, (r + QUIET_ZONE) * cell, cell, cell)
        painter.end()
        self.setPixmap(pixmap)
