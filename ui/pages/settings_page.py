"""设置: the interface language (takes effect at once) and, for supervisors and admins, users."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.access.permissions import ROLE_NAMES_ZH, Permission, Role
from app.settings.local import LANGUAGES
from ui.i18n import install_language
from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import field_label, named


class SettingsPage(Page):
    shows = ("users",)

    def __init__(self, ctx, user, parent=None, ops=None, lan=None) -> None:
        super().__init__(ctx, user, parent, ops)
        # An admin's page (language, users, e-mail, OCR) is taller than a desk screen: it scrolls
        # rather than squeezing the user table to two rows.
        scroll = named(QScrollArea(), "settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        self.layout_.addWidget(scroll, 1)
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.language_box = QGroupBox()
        self.language = named(QComboBox(), "languageCombo")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(ctx.settings.language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        lang_layout = QHBoxLayout(self.language_box)
        lang_layout.addWidget(self.language)
        lang_layout.addStretch(1)
        self.layout_.addWidget(self.language_box)

        self.users_box = named(QGroupBox(), "usersBox")
        box = QVBoxLayout(self.users_box)
        self.users = read_only_table("usersTable")
        self.users.setMinimumHeight(self.users.fontMetrics().height() * 12)  # about eight rows
        box.addWidget(self.users)
        self.form = QFormLayout()
        self.new_username = named(QLineEdit(), "newUsername")
        self.new_display = named(QLineEdit(), "newDisplayName")
        self.new_password = named(QLineEdit(), "newPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_role = named(QComboBox(), "newRole")
        for w in (self.new_username, self.new_display, self.new_password, self.new_role):
            self.form.addRow(QLabel(), w)
        box.addLayout(self.form)
        row = QHBoxLayout()
        self.add_button = named(QPushButton(), "addUser")
        self.disable_button = named(QPushButton(), "disableUser")
        self.enable_button = named(QPushButton(), "enableUser")
        self.unlock_button = named(QPushButton(), "unlockUser")
        self.reset_button = named(QPushButton(), "resetPassword")
        for b in (
            self.add_button,
            self.disable_button,
            self.enable_button,
            self.unlock_button,
            self.reset_button,
        ):
            row.addWidget(b)
        box.addLayout(row)
        self.message = named(QLabel(), "usersMessage")
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        self.layout_.addWidget(self.users_box, 1)
        # Hidden, not just disabled, for clerks; the service refuses them anyway.
        self.users_box.setVisible(user.can(Permission.MANAGE_CLERKS))
        self.smtp_box = None
        self.ocr_box = None
        self.key_box = None
        if user.can(Permission.MANAGE_STORE):
            from ui.pages.key_box import KeyBox

            self.key_box = KeyBox(ctx, user)
            self.layout_.addWidget(self.key_box)
        self.lan_box = None
        if lan is not None and user.can(Permission.MANAGE_CLERKS):
            from ui.pages.lan_box import LanBox  # Qt's network module only for who uses it

            self.lan_box = LanBox(ctx, user, lan, self.ops)
            self.layout_.addWidget(self.lan_box)
        self.ocr_changed = lambda: None  # the window reloads its OCR engine (set by MainWindow)
        if user.can(Permission.MANAGE_SETTINGS):
            from ui.pages.smtp_box import SmtpBox

            self.smtp_box = SmtpBox(ctx, user, ops=self.ops)
            self.layout_.addWidget(self.smtp_box)
            from ui.pages.ocr_box import OcrBox

            self.ocr_box = OcrBox(ctx, user, on_saved=lambda: self.ocr_changed(), ops=self.ops)
            self.layout_.addWidget(self.ocr_box)
        self.layout_.addStretch(1)

        self.add_button.clicked.connect(self._add)
        self.disable_button.clicked.connect(
            lambda: self._on_selected(lambda u: self.ctx.users.set_disabled(self.user, u, True))
        )
        self.enable_button.clicked.connect(
            lambda: self._on_selected(lambda u: self.ctx.users.set_disabled(self.user, u, False))
        )
        self.unlock_button.clicked.connect(
            lambda: self._on_selected(lambda u: self.ctx.users.unlock(self.user, u))
        )
        self.reset_button.clicked.connect(self._reset_password)
        self.retranslate()

    def _zh(self) -> bool:
        return self.ctx.settings.language().startswith("zh")

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        self.note.setText(self.tr("Changes take effect at once."))
        self.language_box.setTitle(self.tr("Interface language"))
        self.users_box.setTitle(self.tr("Users"))
        for w, text in (
            (self.new_username, self.tr("User name")),
            (self.new_display, self.tr("Display name")),
            (self.new_password, self.tr("Password (8+ characters)")),
            (self.new_role, self.tr("Role")),
        ):
            label = field_label(self.form, w)
            label.setText(text)
            label.setMinimumWidth(
                label.sizeHint().width()
            )  # the form keeps the old width otherwise
        current = self.new_role.currentData()
        self.new_role.clear()
        roles = [Role.CLERK] + (
            [Role.SUPERVISOR, Role.ADMIN] if self.user.can(Permission.MANAGE_ALL_USERS) else []
        )
        for role in roles:
            self.new_role.addItem(ROLE_NAMES_ZH[role] if self._zh() else role.value, role.value)
        if current:
            self.new_role.setCurrentIndex(max(0, self.new_role.findData(current)))
        self.add_button.setText(self.tr("Add user"))
        self.disable_button.setText(self.tr("Disable"))
        self.enable_button.setText(self.tr("Enable"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.reset_button.setText(self.tr("Set password"))

    def refresh(self) -> None:
        if not self.user.can(Permission.MANAGE_CLERKS):
            return
        if self.lan_box is not None:
            self.lan_box.refresh()
        user = self.user
        self.ops.read(lambda: self.ctx.users.list_users(user), done=self.show_users, owner=self)

    def show_users(self, users: list) -> None:
        now = self.ctx.clock()
        rows = []
        for u in users:
            state = (
                self.tr("disabled")
                if u.disabled
                else (self.tr("locked") if u.is_locked(now) else self.tr("active"))
            )
            rows.append(
                [
                    u.username,
                    u.display_name,
                    ROLE_NAMES_ZH[u.role] if self._zh() else u.role.value,
                    state,
                ]
            )
        fill_table(
            self.users,
            [self.tr("User name"), self.tr("Display name"), self.tr("Role"), self.tr("State")],
            rows,
        )

    def _language_changed(self) -> None:
        lang = self.language.currentData()
        self.ctx.settings.set_language(lang, self.user)
        install_language(lang)

    def _show_error(self, text: str, _exc: BaseException | None = None) -> None:
        self.message.setProperty("tone", "problem")
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _show_ok(self, text: str) -> None:
        self.message.setProperty("tone", "ok")
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _add(self) -> None:
        """Added on the write lane (hashing the password takes a moment)."""
        args = (
            self.user,
            self.new_username.text(),
            self.new_password.text(),
            self.new_role.currentData(),
            self.new_display.text(),
        )

        def done(info) -> None:
            for w in (self.new_username, self.new_display, self.new_password):
                w.clear()
            self._show_ok(self.tr("Added %1.").replace("%1", info.username))
            self.refresh()

        self.ops.write(
            self.ctx.users.add_user, *args, done=done, failed=self._show_error, initiator=self
        )

    def _selected_username(self) -> str | None:
        row = self.users.currentRow()
        item = self.users.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def _on_selected(self, action) -> None:
        """`action(username)` on the write lane."""
        username = self._selected_username()
        if not username:
            self.message.setText(self.tr("Choose a user in the table first."))
            return

        def done(_result) -> None:
            self._show_ok(self.tr("Done: %1.").replace("%1", username))
            self.refresh()

        self.ops.write(action, username, done=done, failed=self._show_error, initiator=self)

    def _reset_password(self) -> None:
        new = self.new_password.text()
        if not new:
            self.message.setText(
                self.tr("Type the new password in the password field, then choose the user.")
            )
            return
        users, me = self.ctx.users, self.user
        self._on_selected(lambda u: users.reset_password(me, u, new))
        self.new_password.clear()
