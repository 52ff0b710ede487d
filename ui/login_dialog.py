"""Log-in, and on a store with no users, the first administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.access.passwords import MIN_PASSWORD_LENGTH
from app.access.permissions import CurrentUser
from app.core.errors import ChudanError
from app.settings.local import LANGUAGES
from ui.i18n import install_language
from ui.store_opening import StoreOpening
from ui.widgets import field_label, named

if TYPE_CHECKING:
    from app.desk.context import AppContext


class LoginDialog(QDialog):
    """Shown while the store may still be opening (see StoreOpening): the clerk can type at
    once; "log in" waits for the store."""

    # exec() results besides Accepted/Rejected
    NEEDS_FIRST_ADMIN = 2  # the store turned out to have no users yet
    STORE_FAILED = 3  # the store could not be opened; `pending.error` says why

    def __init__(self, ctx: AppContext | StoreOpening, parent=None) -> None:
        super().__init__(parent)
        self.pending = ctx if isinstance(ctx, StoreOpening) else StoreOpening.of(ctx)
        self.user: CurrentUser | None = None
        self._login_requested = False
        self.setObjectName("loginDialog")
        self.title = QLabel()
        self.title.setObjectName("loginTitle")
        self.title.setProperty("tone", "title")
        self.illustrative = QLabel()
        self.username = named(QLineEdit(), "username")
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = named(QComboBox(), "language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(self.pending.settings.language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        # 实战演练: the session opens the training store instead (docs/training.md).
        self.training = named(QCheckBox(), "trainingMode")
        self.error = named(QLabel(), "loginError")
        self.error.setProperty("tone", "problem")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.username)
        self.form.addRow(QLabel(), self.password)
        self.form.addRow(QLabel(), self.language)
        self.form.addRow(QLabel(), self.training)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.retranslate()
        self.username.setFocus()
        self.pending.opened.connect(self._store_opened)
        self.pending.failed.connect(self._store_failed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Chudan — log in"))
        self.title.setText(self.tr("Chudan insurance desk"))
        field_label(self.form, self.username).setText(self.tr("User name"))
        field_label(self.form, self.password).setText(self.tr("Password"))
        field_label(self.form, self.language).setText(self.tr("Language"))
        self.training.setText(self.tr("Training mode (nothing is real, nothing is sent)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _language_changed(self) -> None:
        lang = self.language.currentData()
        self.pending.settings.set_language(lang)
        install_language(lang)

    def _lang(self) -> str:
        return self.pending.settings.language()

    def _store_opened(self, ctx: AppContext) -> None:
        if ctx.auth.needs_first_admin():
            self.done(self.NEEDS_FIRST_ADMIN)
        elif self._login_requested:
            self.try_login()

    def _store_failed(self, _error: ChudanError) -> None:
        self.done(self.STORE_FAILED)

    def try_login(self) -> None:
        ctx = self.pending.ctx
        if ctx is None:  # still opening: log in as soon as it is open
            self._login_requested = True
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.error.setText(self.tr("Opening the store…"))
            return
        self._login_requested = False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.error.clear()
        try:
            self.user = ctx.auth.login(self.username.text(), self.password.text())
        except ChudanError as exc:
            self.error.setText(exc.localized(self._lang()))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class FirstAdminDialog(QDialog):
    """First run: there are no users yet, so the first account is the administrator."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user: CurrentUser | None = None
        self.setObjectName("firstAdminDialog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.username = named(QLineEdit(), "username")
        self.display_name = named(QLineEdit(), "displayName")
        self.password = named(QLineEdit(), "password")
        self.repeat = named(QLineEdit(), "repeat")
        for w in (self.password, self.repeat):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = named(QLabel(), "error")
        self.error.setProperty("tone", "problem")
        self.error.setWordWrap(True)
        # The language is chosen here too: the first person at a new desk may read either.
        self.language = named(QComboBox(), "language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(ctx.settings.language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        # The rule is said before it is broken, not only after.
        self.rule = named(QLabel(), "passwordRule")
        self.rule.setProperty("tone", "muted")
        self.rule.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.create_admin)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        fields: tuple[QWidget, ...] = (
            self.language,
            self.username,
            self.display_name,
            self.password,
            self.repeat,
        )
        for field in fields:
            self.form.addRow(QLabel(), field)
        self.form.addRow("", self.rule)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Chudan — first administrator"))
        self.intro.setText(
            self.tr(
                "No users yet. Create the administrator account; it can then add supervisors and clerks."
            )
        )
        for w, text in (
            (self.language, self.tr("Language")),
            (self.username, self.tr("User name")),
            (self.display_name, self.tr("Display name")),
            (self.password, self.tr("Password")),
            (self.repeat, self.tr("Repeat password")),
        ):
            field_label(self.form, w).setText(text)
        self.rule.setText(
            self.tr("The password needs at least %1 characters.").replace(
                "%1", str(MIN_PASSWORD_LENGTH)
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Create and log in")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _language_changed(self) -> None:
        lang = self.language.currentData()
        self.ctx.settings.set_language(lang)
        install_language(lang)

    def create_admin(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ; type them again."))
            return
        try:
            self.user = self.ctx.auth.create_first_admin(
                self.username.text(), self.password.text(), self.display_name.text()
            )
        except ChudanError as exc:
            self.error.setText(exc.localized(self.ctx.settings.language()))
            return
        self.accept()
