"""In a training session, the scenario customer's documents beside a scan step (docs/training.md):
each a thumbnail button the clerk clicks to read it, or drags onto the step as a photo from a
file manager. Either way the real reader reads it and the real fields fill, so a degraded photo's
misread is the clerk's to catch. The files are app.training.documents'."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, QUrl
from PySide6.QtGui import QDrag, QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.training.documents import DocumentFile
from ui.widgets import named


class DocumentButton(QToolButton):
    """One document: click to read it, drag it to drop it on the step."""

    def __init__(self, doc: DocumentFile) -> None:
        super().__init__()
        self.doc = doc
        self.setObjectName(f"trainingDocument_{doc.kind}")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setIcon(QIcon(QPixmap(str(doc.path))))
        self.setIconSize(QSize(96, 64))
        self._pressed: QPoint | None = None

    def mime_data(self) -> QMimeData:
        """What a drag carries: the file, as a file manager's drag does."""
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(self.doc.path))])
        return mime

    def mousePressEvent(self, event) -> None:
        self._pressed = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        start = self._pressed
        if start is not None and (event.position().toPoint() - start).manhattanLength() > 12:
            self._pressed = None
            self.setDown(False)
            drag = QDrag(self)
            drag.setMimeData(self.mime_data())
            drag.setPixmap(self.icon().pixmap(self.iconSize()))
            drag.exec(Qt.DropAction.CopyAction)
            return
        super().mouseMoveEvent(event)


class DocumentStrip(QWidget):
    """The documents a step takes, with a line saying what they are."""

    def __init__(self, docs: list[DocumentFile], read: Callable[[list[str]], None]) -> None:
        super().__init__()
        self.setObjectName("trainingDocuments")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = named(QLabel(), "trainingDocumentsLabel")
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.buttons: list[DocumentButton] = []
        for doc in docs:
            b = DocumentButton(doc)
            b.clicked.connect(lambda _=False, d=doc: read([str(d.path)]))
            self.buttons.append(b)
            row.addWidget(b)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(
            self.tr(
                "Training: the customer's documents. Click one to read it, or drag it onto "
                "this step."
            )
        )
        names = {
            "id-front": self.tr("ID card, front"),
            "id-back": self.tr("ID card, back"),
            "vehicle-licence": self.tr("Vehicle licence"),
            "vehicle-licence-back": self.tr("Vehicle licence, second page"),
            "business-licence": self.tr("Business licence"),
        }
        for b in self.buttons:
            text = names.get(b.doc.kind, b.doc.kind)
            if b.doc.degraded:
                text += " " + self.tr("(phone photo)")
            b.setText(text)
