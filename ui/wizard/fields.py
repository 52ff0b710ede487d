"""Fields of the wizard's steps. A `CheckedField` checks itself when left (app validators) and
shows what to do; a value read from a scan with low confidence is highlighted until the clerk
confirms it against the document (the button beside it) or corrects it; a value the clerk did not
type says where it came from (the licence, the registry, the platform). A `NumberField` starts
empty: nothing is assumed for a number that prices the policy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.check_result import CheckResult
from app.core.limits import MAX_ADDRESS
from ui.style import set_state
from ui.widgets import named

SOURCES = {
    "licence": ("行驶证", "licence"),
    "registry": ("登记系统", "registry"),
    "platform": ("平台查询", "platform"),
    "id-card": ("身份证", "ID card"),
    "business-licence": ("营业执照", "business licence"),
    "suggested": ("按使用性质建议", "suggested from the usage"),
    "by_type": ("按车辆类型建议", "suggested from the vehicle type"),
    "catalogue": ("车型库", "model catalogue"),
    "phone": ("客户手机填写", "typed on the customer's phone"),
}


def source_text(source: str, language: str) -> str:
    zh, en = SOURCES.get(source, (source, source))
    return zh if language.startswith("zh") else en


class SourceBadge(QLabel):
    """A small tag beside a field: where its value came from."""

    def __init__(self, name: str, language: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name + "Source")
        self.setProperty("tone", "source")
        self._language = language
        self.source = ""
        self.hide()

    def show_source(self, source: str) -> None:
        self.source = source
        self.setText(source_text(source, self._language()) if source else "")
        self.setVisible(bool(source))

    def retranslate(self) -> None:
        self.show_source(self.source)


class CheckedField(QWidget):
    reviewed = Signal()  # a highlighted reading was confirmed or corrected

    def __init__(
        self,
        name: str,
        check: Callable[[str], CheckResult] | None = None,
        language: Callable[[], str] = lambda: "zh_CN",
        parent: QWidget | None = None,
        *,
        width: int | None = None,
        max_length: int = MAX_ADDRESS,
    ) -> None:
        super().__init__(parent)
        self.edit = named(QLineEdit(), name)
        self.edit.setMaxLength(max_length)  # app.core.limits: the longest text a request takes
        if width:  # as wide as what it holds, not as wide as the window
            self.edit.setFixedWidth(width)
        self.message = named(QLabel(), name + "Message")
        self.message.setWordWrap(True)
        self.message.setProperty("tone", "problem")
        self.message.hide()
        self.confirm = named(QPushButton(), name + "Confirm")
        self.confirm.hide()
        self.badge = SourceBadge(name, language)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1 if not width else 0)
        row.addWidget(self.badge)
        row.addWidget(self.confirm)
        if width:
            row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._check = check
        self._language = language
        self._message_result: CheckResult | None = None
        self.edit.editingFinished.connect(self.validate)
        self.edit.textEdited.connect(self._typed)
        self.confirm.clicked.connect(self.accept_reading)
        self.retranslate()

    def retranslate(self) -> None:
        self.confirm.setText(self.tr("Matches the document"))
        self.confirm.setToolTip(
            self.tr("The value read from the scan is the same as on the document.")
        )
        if self.needs_review():
            self.edit.setToolTip(
                self.tr("Read from the scan with low confidence: compare with the document.")
            )
        self.badge.retranslate()
        if self._message_result is not None:
            self._show_message(self._message_result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _typed(self, _text: str) -> None:
        self.badge.show_source("")  # typed by the clerk now
        self.accept_reading()  # corrected by hand: reviewed

    def set_check(self, check: Callable[[str], CheckResult] | None) -> None:
        self._check = check
        if self.text():
            self.validate()

    def text(self) -> str:
        return self.edit.text().strip()

    def needs_review(self) -> bool:
        """Read with low confidence and not yet confirmed or corrected by the clerk."""
        return not self.confirm.isHidden()

    def set_text(self, value: str, needs_review: bool = False, source: str = "") -> None:
        self.edit.setText(value)
        self.confirm.hide()
        self.edit.setToolTip("")
        self.badge.show_source(source if value else "")
        if self.validate() and needs_review and value:
            self.flag()

    def clear_reading(self) -> None:
        """A new document did not give this field: it is empty again, not left looking read."""
        self.edit.clear()
        self.confirm.hide()
        self.edit.setToolTip("")
        self.badge.show_source("")
        self.validate()

    def flag(self) -> None:
        """Highlight the value for the clerk to compare with the document."""
        set_state(self.edit, "state", "review")
        self.edit.setToolTip(
            self.tr("Read from the scan with low confidence: compare with the document.")
        )
        self.confirm.show()

    def accept_reading(self) -> None:
        if self.needs_review():
            self.confirm.hide()
            self.edit.setToolTip("")
            set_state(self.edit, "state", "")
            self.reviewed.emit()

    def validate(self) -> bool:
        value = self.text()
        if self._check is None or not value:
            self._message_result = None
            self.message.hide()
            if not self.needs_review():
                set_state(self.edit, "state", "")
            return True
        r = self._check(value)
        if r.valid:
            if r.value != value:
                self.edit.setText(r.value)  # normalised (x → X, full-width → half-width)
            self._message_result = None
            self.message.hide()
            if not self.needs_review():
                set_state(self.edit, "state", "")
            return True
        self._show_message(r)
        self.confirm.hide()  # a wrong value is corrected, not confirmed
        set_state(self.edit, "state", "bad")
        return False

    def _show_message(self, r: CheckResult) -> None:
        self._message_result = r
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


class NumberField(QLineEdit):
    """A whole number that may be left empty (None): the clerk enters what the document or the
    platform says; nothing is filled in for them."""

    def __init__(self, name: str, low: int, high: int, width: int = 90) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setValidator(QIntValidator(low, high, self))
        self.setMaximumWidth(width)
        self.low, self.high = low, high

    def value(self) -> int | None:
        text = self.text().strip()
        if not text or text in ("-", "+"):
            return None
        try:
            number = int(text)
        except ValueError:
            return None
        return number if self.low <= number <= self.high else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))
