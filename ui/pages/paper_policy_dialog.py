"""A paper policy scanned for the book: what OCR read on its first page, each field to be checked
against the paper and ticked by the clerk (doubtful ones marked), and what the page does not show
(the policyholder, the phone) typed. Added only when every filled field is ticked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ui.widgets import named

REQUIRED = (
    "policy_number",
    "insurer",
    "start_date",
    "end_date",
    "holder_name",
    "holder_id_number",
    "vin",
)


class PaperPolicyDialog(QDialog):
    def __init__(
        self, scanned: dict, add: Callable[[dict[str, str]], str | None], parent=None
    ) -> None:
        """`add(fields)` stores the policy and returns None, or the reason it was refused (shown
        here, the fields kept for the clerk to put right)."""
        super().__init__(parent)
        self._add = add
        self.setObjectName("paperPolicyDialog")
        self.setWindowTitle(self.tr("A paper policy for the book"))
        labels = {
            "policy_number": self.tr("Policy number"),
            "insurer": self.tr("Insurer"),
            "start_date": self.tr("Cover starts (YYYY-MM-DD)"),
            "end_date": self.tr("Cover ends (YYYY-MM-DD)"),
            "holder_name": self.tr("Policyholder"),
            "holder_id_number": self.tr("Policyholder's ID number"),
            "holder_phone": self.tr("Mobile"),
            "plate": self.tr("Plate"),
            "vin": self.tr("VIN"),
            "covers": self.tr("Covers (codes; add limits as third_party:2000000)"),
        }
        outer = QVBoxLayout(self)
        outer.addWidget(
            QLabel(
                self.tr(
                    "Check each field against the paper and tick it; orange ones OCR was unsure of."
                )
            )
        )
        grid = QGridLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.ticks: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(labels.items()):
            field = scanned.get(key)
            edit = named(QLineEdit(field.value if field else ""), f"scan_{key}")
            tick = named(QCheckBox(self.tr("checked")), f"confirm_{key}")
            if field is not None and field.doubtful:
                edit.setStyleSheet("background: #ffe0b2;")
                edit.setToolTip(self.tr("OCR was unsure: check it against the paper."))
            edit.textEdited.connect(lambda *_, t=tick: t.setChecked(False))
            edit.textChanged.connect(self._update)
            tick.toggled.connect(self._update)
            grid.addWidget(QLabel(label + (" *" if key in REQUIRED else "")), i, 0)
            grid.addWidget(edit, i, 1)
            grid.addWidget(tick, i, 2)
            self.edits[key], self.ticks[key] = edit, tick
        outer.addLayout(grid)
        self.error = named(QLabel(), "paperPolicyError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add.setObjectName("addPaperPolicy")
        self.add.setText(self.tr("Add to the book"))
        self.buttons.accepted.connect(self._try_add)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._update()

    def _update(self, *_args) -> None:
        filled = {k for k, e in self.edits.items() if e.text().strip()}
        self.add.setEnabled(
            all(k in filled for k in REQUIRED) and all(self.ticks[k].isChecked() for k in filled)
        )

    def _try_add(self) -> None:
        problem = self._add(self.fields())
        if problem is None:
            self.accept()
        else:
            self.error.setText(problem)

    def fields(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}
