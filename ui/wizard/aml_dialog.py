"""Cash at or above the large-value threshold needs the anti-money-laundering record
(docs/regulations.md §10.2, PBOC large-value cash reporting): who paid, with which document,
nationality, occupation and why. The threshold comes from the rate table."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.identity import check_party_id
from ui.widgets import named


class AmlDialog(QDialog):
    def __init__(self, amount: str, parent=None, payer_id: str = "", why: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("amlDialog")
        self.setWindowTitle(self.tr("Large cash payment record"))
        # `why` is the service's own bilingual message: the payer's cash today and the threshold
        # it reaches (§10.2 counts a day, so an earlier policy's cash can be the reason).
        intro = named(
            QLabel(
                why
                or self.tr(
                    "Cash of %1 yuan needs the large-value record before it is taken."
                ).replace("%1", amount)
            ),
            "amlIntro",
        )
        intro.setWordWrap(True)
        # The payer is the policyholder (实名缴费): their number is already known.
        self.id_number = named(QLineEdit(payer_id), "amlIdNumber")
        self.nationality = named(QLineEdit(text=self.tr("China")), "amlNationality")
        self.occupation = named(QLineEdit(), "amlOccupation")
        self.reason = named(QLineEdit(text=self.tr("Motor insurance premium")), "amlReason")
        self.error = named(QLabel(), "amlError")
        self.error.setProperty("tone", "problem")
        form = QFormLayout()
        form.addRow(QLabel(self.tr("Payer's ID number")), self.id_number)
        form.addRow(QLabel(self.tr("Nationality")), self.nationality)
        form.addRow(QLabel(self.tr("Occupation")), self.occupation)
        form.addRow(QLabel(self.tr("Purpose of the payment")), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Record"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.record: dict | None = None

    def _accept(self) -> None:
        checked = check_party_id(self.id_number.text())
        if not checked.valid:
            zh = QLocale().language() == QLocale.Language.Chinese
            self.error.setText(checked.message_zh if zh else checked.message_en)
            return
        if not all(w.text().strip() for w in (self.nationality, self.occupation, self.reason)):
            self.error.setText(self.tr("Fill in every line of the record."))
            return
        self.record = {
            "id_number": checked.value,
            "nationality": self.nationality.text().strip(),
            "occupation": self.occupation.text().strip(),
            "reason": self.reason.text().strip(),
        }
        self.accept()
