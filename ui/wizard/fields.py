"""A labelled input that checks itself when left (app validators) and shows what to do. A value
read from a scan with low confidence is highlighted until the clerk confirms it against the
document (the button beside it) or corrects it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.check_result import CheckResult
from app.core.limits import MAX_ADDRESS
from ui.widgets import named

OK_STYLE = ""
BAD_STYLE = "QLineEdit { border: 2px solid #c62828; }"
REVIEW_STYLE = "QLineEdit { background: #fff8e1; border: 2px solid #f9a825; }"


class CheckedField(QWidget):
    reviewed = Signal()  # a highlighted reading was confirmed or corrected

    def __init__(
        self,
        name: str,
        check: Callable[[str], CheckResult] | None = None,
        language: Callable[[], str] = lambda: "zh_CN",
        parent: QWidget | None = None,
        max_length: int = MAX_ADDRESS,
    ) -> None:
        super().__init__(parent)
        self.edit = named(QLineEdit(), name)
        self.edit.setMaxLength(max_length)  # app.core.limits: the longest text a request takes
        self.message = named(QLabel(), name + "Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828; font-size: 9pt;")
        self.message.hide()
        self.confirm = named(QPushButton(self.tr("Matches the document")), name + "Confirm")
        self.confirm.setToolTip(
            self.tr("The value read from the scan is the same as on the document.")
        )
        self.confirm.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._check = check
        self._language = language
        self.edit.editingFinished.connect(self.validate)
        self.edit.textEdited.connect(lambda _: self.accept_reading())  # corrected by hand: reviewed
        self.confirm.clicked.connect(self.accept_reading)

    def set_check(self, check: Callable[[str], CheckResult] | None) -> None:
        self._check = check
        if self.text():
            self.validate()

    def text(self) -> str:
        return self.edit.text().strip()

    def needs_review(self) -> bool:
        """Read with low confidence and not yet confirmed or corrected by the clerk."""
        return not self.confirm.isHidden()

    def set_text(self, value: str, needs_review: bool = False) -> None:
        self.edit.setText(value)
        self.confirm.hide()
        self.edit.setToolTip("")
        if self.validate() and needs_review:
            self.flag()

    def flag(self) -> None:
        """Highlight the value for the clerk to compare with the document."""
        self.edit.setStyleSheet(REVIEW_STYLE)
        self.edit.setToolTip(
            self.tr("Read from the scan with low confidence: compare with the document.")
        )
        self.confirm.show()

    def accept_reading(self) -> None:
        if self.needs_review():
            self.confirm.hide()
            self.edit.setToolTip("")
            self.edit.setStyleSheet(OK_STYLE)
            self.reviewed.emit()

    def validate(self) -> bool:
        value = self.text()
        if self._check is None or not value:
            self.message.hide()
            if not self.needs_review():
                self.edit.setStyleSheet(OK_STYLE)
            return True
        r = self._check(value)
        if r.valid:
            if r.value != value:
                self.edit.setText(r.value)  # normalised (x → X, full-width → half-width)
            self.message.hide()
            if not self.needs_review():
                self.edit.setStyleSheet(OK_STYLE)
            return True
        zh = self._language().startswith("zh")
        text = r.message_zh if zh else r.message_en
        suggestion = r.suggestion_zh if zh else r.suggestion_en
        self.message.setText(
            text
            + (
                f"（{suggestion}）"
                if suggestion and zh
                else f" ({suggestion})"
                if suggestion
                else ""
            )
        )
        self.message.show()
        self.confirm.hide()  # a wrong value is corrected, not confirmed
        self.edit.setStyleSheet(BAD_STYLE)
        return False
