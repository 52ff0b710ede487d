"""Settings → 数据库密钥 (for whoever may back up the store): where the store key is, and
exporting it into a passphrase-protected file (ui/key_export_dialog.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton

from app.desk.store_key import key_backup_note
from ui.widgets import named


class KeyBox(QGroupBox):
    def __init__(self, ctx, user, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("keyBox")
        self.ctx, self.user = ctx, user
        self.where = named(QLabel(), "keyWhere")
        self.where.setWordWrap(True)
        self.export_button = named(QPushButton(), "keyExportOpen")
        self.export_button.clicked.connect(self.open_export)
        row = QHBoxLayout(self)
        row.addWidget(self.where, 1)
        row.addWidget(self.export_button)
        self.dialog: QDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Store key"))
        note = key_backup_note(self.ctx.store)
        self.where.setText(
            self.tr("In this PC's keyring only: export it, or backups die with this PC.")
            if note["only_in_keyring"]
            else self.tr("In the file %1.").replace("%1", str(note["location"]))
        )
        self.export_button.setText(self.tr("Export the key…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_export(self) -> None:
        from ui.key_export_dialog import KeyExportDialog

        dialog = KeyExportDialog(self.ctx, self.user, parent=self)
        self.dialog = dialog
        dialog.open()
