"""Settings → e-mail: the SMTP account e-policies are sent from (admins; stored encrypted)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from app.core.errors import ChudanError
from app.delivery.service import SmtpSettings, load_smtp, save_smtp
from ui.widgets import field_label, named


class SmtpBox(QGroupBox):
    def __init__(self, ctx, user, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("smtpBox")
        self.ctx, self.user = ctx, user
        self.host = named(QLineEdit(), "smtpHost")
        self.port = named(QSpinBox(minimum=1, maximum=65535, value=587), "smtpPort")
        self.security = named(QComboBox(), "smtpSecurity")
        for code in ("starttls", "ssl", "none"):
            self.security.addItem(code, code)
        self.sender_address = named(QLineEdit(), "smtpSender")
        self.username = named(QLineEdit(), "smtpUser")
        self.password = named(QLineEdit(), "smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.save = named(QPushButton(), "smtpSave")
        self.message = named(QLabel(), "smtpMessage")
        self.message.setWordWrap(True)
        self.form = QFormLayout(self)
        for w in (
            self.host,
            self.port,
            self.security,
            self.sender_address,
            self.username,
            self.password,
        ):
            self.form.addRow(QLabel(), w)
        self.form.addRow(self.save, self.message)
        self.save.clicked.connect(self._save)
        current = load_smtp(ctx.secure_settings)
        if current is not None:
            self.host.setText(current.host)
            self.port.setValue(current.port)
            self.security.setCurrentIndex(self.security.findData(current.security))
            self.sender_address.setText(current.sender)
            self.username.setText(current.username)
            self.password.setPlaceholderText("••••••" if current.password else "")
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("E-policy by e-mail (SMTP)"))
        for w, text in (
            (self.host, self.tr("Server")),
            (self.port, self.tr("Port")),
            (self.security, self.tr("Security")),
            (self.sender_address, self.tr("Sender address")),
            (self.username, self.tr("Account")),
            (self.password, self.tr("Password (kept encrypted)")),
        ):
            field_label(self.form, w).setText(text)
        self.save.setText(self.tr("Save e-mail settings"))

    def _save(self) -> None:
        old = load_smtp(self.ctx.secure_settings)
        password = self.password.text() or (
            old.password if old is not None else ""
        )  # blank keeps the stored one
        try:
            smtp = SmtpSettings(
                host=self.host.text().strip(),
                port=self.port.value(),
                sender=self.sender_address.text().strip(),
                username=self.username.text().strip(),
                password=password,
                security=self.security.currentData(),
            )
            save_smtp(self.ctx.secure_settings, self.user, smtp)
        except ChudanError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(exc.localized(self.ctx.settings.language()))
            return
        self.password.clear()
        self.password.setPlaceholderText("••••••" if password else "")
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(
            self.tr("Saved. E-policies go out from %1.").replace("%1", smtp.sender)
        )
