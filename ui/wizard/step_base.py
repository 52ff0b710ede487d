"""What every step of the wizard shares. A step shows the flow's data for its part
(`show(data)`), reports what the clerk changed (`collect()`, then `edited`), and names the widget
each of the flow's field paths lives in, so the wizard can put the cursor where a problem is.
A step scrolls instead of growing: the window fits a 1366×768 screen whatever a step holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import named
from ui.wizard.fields import CheckedField

W = TypeVar("W", bound=QWidget)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")


def dropped_images(event) -> list[str]:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
    return [p for p in paths if p.lower().endswith(IMAGE_SUFFIXES)]


class DropArea(QWidget):
    """The step's body: takes photos dropped from a file manager (several at once, too), and the
    Enter key its fields pass on (a line edit, a closed drop-down, a tick box and a date all
    leave Enter to their parent), to go on from the field that has the focus."""

    def __init__(self, on_drop: Callable[[list[str]], None] | None) -> None:
        super().__init__()
        self._on_drop = on_drop
        self.setAcceptDrops(on_drop is not None)
        self.on_enter: Callable[[QWidget | None], None] | None = None

    def keyPressEvent(self, event) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and self.on_enter is not None
        ):
            self.on_enter(QApplication.focusWidget())
            event.accept()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event) -> None:
        if self._on_drop is not None and dropped_images(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if self._on_drop is not None and dropped_images(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = dropped_images(event)
        if paths and self._on_drop is not None:
            event.acceptProposedAction()
            self._on_drop(paths)


class ScanRow(QWidget):
    """The scan buttons, and the line beside them saying what the last photo gave (with a busy
    bar while one is being read)."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.buttons = QHBoxLayout()
        self.status = named(QLabel(), prefix + "ScanStatus" if prefix else "scanStatus")
        self.status.setWordWrap(True)
        self.busy = named(QProgressBar(), prefix + "ScanBusy" if prefix else "scanBusy")
        self.busy.setRange(0, 0)  # no known end: it moves while the reader works
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(self.buttons)
        row.addWidget(self.busy)
        row.addWidget(self.status, 1)

    def add(self, button: QPushButton) -> QPushButton:
        self.buttons.addWidget(button)
        return button


class Step(QScrollArea):
    edited = Signal()  # the clerk changed something here: the wizard saves it and prices again
    key = ""
    scan_note: tuple[str, ...] = ()  # what the last photo gave (steps that read documents)
    documents: QWidget | None = None  # a training scenario's documents offered here

    def __init__(self, wizard, *, takes_photos: bool = False) -> None:
        super().__init__()
        self.setObjectName("stepScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # A click on the step's empty space (or a link-like button) leaves the cursor in its
        # field: the keys, Enter included, still go where the clerk was typing.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.wizard = wizard
        self.body = DropArea(self._dropped if takes_photos else None)
        self.body.setObjectName("stepBody")
        self.setWidget(self.body)
        self.outer = QVBoxLayout(self.body)
        self.outer.setContentsMargins(4, 4, 12, 4)
        self.outer.setSpacing(8)
        self.paths: dict[str, QWidget] = {}  # the flow's field path → the widget holding it
        self._filling = False  # showing the flow's data: not an edit
        self._typing = QTimer(self, singleShot=True, interval=0)  # keys of this turn (_typed)
        self._typing.timeout.connect(self._changed)
        self._parts: Iterator[None] | None = None

    # -- building in parts ---------------------------------------------------------------------
    # Building a step and polishing its widgets against the style sheet is the GUI thread's own
    # work (the coverage step's took 15-50 ms of CPU, several times that in wall time while a
    # worker held the interpreter): the wizard builds the steps the clerk has not reached one
    # part per turn of the event loop (`build_part`), each a section of the form or the style
    # sheet applied to one, so the window answers in between. A step asked for before its
    # turn is finished at once (`finish_building`).
    def build_in_parts(self, parts: Iterator[None]) -> None:
        """`parts` builds the rest of the step, yielding between sections; then each section is
        polished (what its first showing would otherwise do, in the step change)."""
        self._parts = self._then_polish(parts)

    def _then_polish(self, parts: Iterator[None]) -> Iterator[None]:
        yield from parts
        yield
        for child in self.body.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            child.ensurePolished()
            yield
        self.ensurePolished()

    def build_part(self) -> bool:
        """One part more; True once the step is whole."""
        if self._parts is None:
            return True
        if next(self._parts, False) is False:
            self._parts = None
            return True
        return False

    def finish_building(self) -> None:
        while not self.build_part():
            pass

    @property
    def building(self) -> bool:
        return self._parts is not None

    # -- building ------------------------------------------------------------------------------
    def section(self, name: str) -> tuple[QGroupBox, QFormLayout]:
        box = named(QGroupBox(), name)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        self.outer.addWidget(box)
        return box, form

    def row(self, form: QFormLayout, widget: W, path: str = "") -> W:
        form.addRow(QLabel(), widget)
        if path:
            self.paths[path] = widget
        return widget

    def watch(self, *widgets: QWidget) -> None:
        """Every change a person makes to these is an edit of the step."""
        for w in widgets:
            if isinstance(w, CheckedField):
                w.edit.textEdited.connect(self._typed)
                w.edit.editingFinished.connect(self._changed)
                w.reviewed.connect(self._changed)
            elif isinstance(w, QLineEdit):
                w.textEdited.connect(self._typed)
            elif isinstance(w, QComboBox):
                w.activated.connect(self._changed)
            elif isinstance(w, QDateEdit):
                w.dateChanged.connect(self._changed)
            elif isinstance(w, QCheckBox):
                w.toggled.connect(self._changed)

    def _changed(self, *_args: Any) -> None:
        if not self._filling:
            self._typing.stop()
            self.edited.emit()

    def _typed(self, *_args: Any) -> None:
        """A key typed: the edit is taken on the next turn of the event loop, with the keys that
        came in the same turn. A barcode gun types a VIN's 17 keys faster than the loop turns,
        and taking each (the flow, the summary panel, the problems) made one long pause of
        them; a person's keys are each a turn apart and are taken as before."""
        if not self._filling and not self._typing.isActive():
            self._typing.start()

    def flush_typing(self) -> None:
        """Keys typed but not yet taken are taken now (before the flow's data is read)."""
        if self._typing.isActive():
            self._changed()

    # -- what the wizard asks of a step -------------------------------------------------------
    def lang(self) -> str:
        return self.wizard.language()

    def show_data(self, data: dict[str, Any]) -> None:
        """Show what the flow holds (a draft opened, a scan read): not an edit."""
        self._filling = True
        try:
            self.fill(data)
        finally:
            self._filling = False

    def fill(self, data: dict[str, Any]) -> None:
        pass

    def collect(self) -> dict[str, Any]:
        """{section of the draft's data: values} as the widgets hold them now."""
        return {}

    def widget_for(self, path: str) -> QWidget | None:
        w = self.paths.get(path)
        if isinstance(w, CheckedField):
            return w.edit
        return w

    def inputs(self) -> list[QWidget]:
        """The fields in the order the form shows them (Enter goes from one to the next that
        still needs something)."""
        out = []
        for w in self.paths.values():
            target = w.edit if isinstance(w, CheckedField) else w
            if target.isVisibleTo(self) and target.isEnabled():
                out.append(target)
        return out

    def to_check(self) -> list[str]:
        """Paths of the fields still highlighted from a scan."""
        return [
            path
            for path, w in self.paths.items()
            if isinstance(w, CheckedField) and w.needs_review()
        ]

    def flag_paths(self, paths: list[str]) -> None:
        for path in paths:
            w = self.paths.get(path)
            if isinstance(w, CheckedField) and w.text():
                w.flag()

    def retranslate(self) -> None:
        pass

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and not self.building:
            self.retranslate()  # (a step still being built says its texts when it is whole)
        super().changeEvent(event)

    # Steps that read documents say which they take, fill themselves from one, and say where the
    # cursor goes after it.
    def accepts(self, kind: str) -> bool:
        return False

    def apply_scan(self, kind: str, fields: dict[str, Any]) -> list[CheckedField]:
        return []

    def next_to_fill(self) -> list[CheckedField]:
        return []

    def _dropped(self, paths: list[str]) -> None:
        self.wizard.step_named(self.key)  # whole, if the photos came before its last part
        self.wizard.scan_files(self, paths)
