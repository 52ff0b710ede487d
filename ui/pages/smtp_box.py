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

from app.delivery.service import SmtpSettings, load_smtp, save_smtp
from ui.widgets import field_label, named


class SmtpBox(QGroupBox):
    def __init__(self, ctx, user, parent=None, ops=None) -> None:
        super().__init__(parent)
        self.setObjectName("smtpBox")
        self.ctx, self.user = ctx, user
        if ops is None:
            from ui.operations import Operations
            from ui.tasks import TaskRunner

            ops = Operations(TaskRunner(self), ctx.settings.language, self)
        self.ops = ops
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
        """Checked and stored on the write lane (a blank password keeps the stored one)."""
        typed = self.password.text()
        fields = {
            "host": self.host.text().strip(),
            "port": self.port.value(),
            "sender": self.sender_address.text().strip(),
            "username": self.username.text().strip(),
            "security": self.security.currentData(),
        }
        secure, user = self.ctx.secure_settings, self.user

        def save() -> SmtpSettings:
            old = load_smtp(secure)
            smtp = SmtpSettings(
                **fields, password=typed or (old.password if old is not None else "")
            )
            save_smtp(secure, user, smtp)
            return smtp

        def done(smtp: SmtpSettings) -> None:
            self.password.clear()
            self.password.setPlaceholderText("••••••" if smtp.password else "")
            self.message.setProperty("tone", "ok")
            self.message.style().polish(self.message)
            self.message.setText(
                self.tr("Saved. E-policies go out from %1.").replace("%1", smtp.sender)
            )

        def failed(text: str, _exc: BaseException) -> None:
            self.message.setProperty("tone", "problem")
            self.message.style().polish(self.message)
            self.message.setText(text)

        self.ops.write(save, done=done, failed=failed, initiator=self)
