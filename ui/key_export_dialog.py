"""导出数据库密钥: the store key into a passphrase-protected file (app/desk/store_key.py).
Offered once right after the first administrator is created, and any time from 设置 → 数据库密钥.
When the OS keyring holds the key, this file is the only way a backup outlives this PC."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ChudanError
from app.desk.store_key import SUFFIX, export_key, key_backup_note
from ui.widgets import field_label, named


def default_key_path() -> Path:
    return Path.home() / f"chudan-store-key{SUFFIX}"


class KeyExportDialog(QDialog):
    def __init__(self, ctx, user, *, first_run: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("keyExportDialog")
        self.ctx, self.user, self.first_run = ctx, user, first_run
        self.exported: Path | None = None
        self.intro = named(QLabel(), "keyExportIntro")
        self.intro.setWordWrap(True)
        self.path = named(QLineEdit(str(default_key_path())), "keyExportPath")
        self.browse = named(QPushButton(), "keyExportBrowse")
        self.browse.clicked.connect(self._browse)
        self.path_row = path_row = named(QWidget(), "keyExportPathRow")
        h = QHBoxLayout(path_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.path, 1)
        h.addWidget(self.browse)
        self.passphrase = named(QLineEdit(), "keyExportPassphrase")
        self.repeat = named(QLineEdit(), "keyExportRepeat")
        for secret in (self.passphrase, self.repeat):
            secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QFormLayout()
        for w in (path_row, self.passphrase, self.repeat):
            self.form.addRow(QLabel(), w)
        self.message = named(QLabel(), "keyExportMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close
        )
        self.export_button = named(
            self.buttons.button(QDialogButtonBox.StandardButton.Ok), "keyExportButton"
        )
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def _zh(self) -> bool:
        return self.ctx.settings.language().startswith("zh")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export the store key"))
        note = key_backup_note(self.ctx.store)
        where = (
            self.tr(
                "The key is in this PC's keyring only: without an exported copy, a backup cannot be read on another PC."
            )
            if note["only_in_keyring"]
            else self.tr("The key is in the file %1 beside the store.").replace(
                "%1", str(note["location"])
            )
        )
        self.intro.setText(
            where
            + "\n"
            + self.tr(
                "Export it into a file protected by a passphrase, and keep the file and the passphrase apart from the backups."
            )
        )
        for w, text in (
            (self.path_row, self.tr("Key file")),
            (self.passphrase, self.tr("Passphrase (10+ characters)")),
            (self.repeat, self.tr("Repeat passphrase")),
        ):
            field_label(self.form, w).setText(text)
        self.browse.setText(self.tr("Browse…"))
        self.export_button.setText(self.tr("Export"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(
            self.tr("Later") if self.first_run else self.tr("Close")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the store key"), self.path.text(), f"*{SUFFIX}"
        )
        if chosen:
            self.path.setText(chosen if chosen.endswith(SUFFIX) else chosen + SUFFIX)

    def export(self) -> None:
        if self.passphrase.text() != self.repeat.text():
            self._error(self.tr("The two passphrases differ; type them again."))
            return
        dest = Path(self.path.text().strip()).expanduser()
        try:
            path = export_key(self.ctx.store, self.user, dest, self.passphrase.text())
        except ChudanError as exc:
            self._error(exc.localized(self.ctx.settings.language()))
            return
        self.ctx.audit.log(self.user.audit_name, "db.export_key", "store", "", str(path))
        self.exported = path
        self.passphrase.clear()
        self.repeat.clear()
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(
            self.tr("Key exported to %1. Keep it apart from the backups.").replace("%1", str(path))
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))

    def _error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
