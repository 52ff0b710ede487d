"""What every page shares: a title, a note, `refresh()` when shown, `retranslate()` on
LanguageChange, and the operations runner (ui/operations.py): a page reads the store on the pool,
writes through the one write lane, and redraws when a write anywhere changed what it shows
(`shows`: the Changes fields it lists)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from app.access.permissions import CurrentUser
from app.core.changes import Changes
from app.desk.context import AppContext
from ui.operations import Operations
from ui.widgets import named


class Page(QWidget):
    shows: tuple[str, ...] = ()  # which changes this page redraws for

    def __init__(
        self,
        ctx: AppContext,
        user: CurrentUser,
        parent: QWidget | None = None,
        ops: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        if ops is None:
            from ui.tasks import TaskRunner

            ops = Operations(TaskRunner(self), ctx.settings.language, self)
        self.ops = ops
        self.ops.changed.connect(self._changed)
        self.title = QLabel()
        self.title.setProperty("tone", "title")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("pageNote")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.note)
        self.stale = False  # changed while hidden: redrawn when shown

    def lang(self) -> str:
        """The window's language (a page's own `language` may be its language chooser)."""
        return self.ctx.settings.language()

    def retranslate(self) -> None:  # pages override and call super()
        pass

    def refresh(self) -> None:
        pass

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if not any(getattr(changes, name) for name in self.shows):
            return
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            # What the store says is read again in the new language when it is seen: a hidden
            # page (or a closed window's) starts no read of a store that may be closing.
            if self.isVisible():
                self.refresh()
            else:
                self.stale = True
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        self.stale = False
        self.refresh()
        super().showEvent(event)


def fill_table(table: QTableWidget, headers: list[str], rows: list[list[str]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()


def read_only_table(name: str) -> QTableWidget:
    t = named(QTableWidget(), name)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def age_text(minutes: float) -> str:
    """How long something has waited, as a person says it."""
    if minutes < 1:
        return QCoreApplication.translate("Age", "just now")
    if minutes < 60:
        return QCoreApplication.translate("Age", "%1 min").replace("%1", str(int(minutes)))
    if minutes < 48 * 60:
        return QCoreApplication.translate("Age", "%1 h").replace("%1", str(int(minutes // 60)))
    return QCoreApplication.translate("Age", "%1 days").replace(
        "%1", str(int(minutes // (24 * 60)))
    )
