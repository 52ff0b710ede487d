"""A supervisor decides a referral at the clerk's desk, with their own log-in (referrals:
docs/issuance.md)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ui.widgets import named


class ReferralDialog(QDialog):
    def __init__(self, reasons: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("referralDialog")
        self.setWindowTitle(self.tr("Supervisor decision"))
        self.approve = False
        intro = QLabel(self.tr("Underwriting referred this policy:") + "\n" + reasons)
        intro.setWordWrap(True)
        self.username = named(QLineEdit(), "supervisorName")
        self.password = named(QLineEdit(), "supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.note = named(QLineEdit(), "decisionNote")
        self.error = named(QLabel(), "referralError")
        self.error.setWordWrap(True)
        self.error.setProperty("tone", "problem")
        form = QFormLayout()
        form.addRow(QLabel(self.tr("Supervisor")), self.username)
        form.addRow(QLabel(self.tr("Password")), self.password)
        form.addRow(QLabel(self.tr("Note")), self.note)
        self.approve_button = named(QPushButton(self.tr("Approve")), "approveButton")
        self.decline_button = named(QPushButton(self.tr("Decline")), "declineButton")
        cancel = QPushButton(self.tr("Cancel"))
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.decline_button.clicked.connect(lambda: self._decide(False))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.approve_button, self.decline_button, cancel):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)

    def _decide(self, approve: bool) -> None:
        if not self.note.text().strip():
            self.error.setText(self.tr("Write a note with the decision."))
            return
        self.approve = approve
        self.accept()
