"""The main window only composes: navigation on the left, one page per entry, a status bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.context import AppContext
from app.permissions import ROLE_NAMES_ZH, CurrentUser
from ui.pages.exceptions_page import ExceptionsPage
from ui.pages.issue_page import IssuePage
from ui.pages.policies_page import PoliciesPage
from ui.pages.reports_page import ReportsPage
from ui.pages.settings_page import SettingsPage
from ui.tasks import TaskRunner


class MainWindow(QMainWindow):
    logged_out = Signal()

    def __init__(self, ctx: AppContext, user: CurrentUser) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.user = user
        self.tasks = TaskRunner(self)
        from ui.wizard.issue_wizard import OcrHolder

        self.ocr = OcrHolder()
        self.pages = [IssuePage(ctx, user, tasks=self.tasks, ocr=self.ocr), PoliciesPage(ctx, user), ExceptionsPage(ctx, user),
                      ReportsPage(ctx, user), SettingsPage(ctx, user)]
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(160)
        self.nav.setStyleSheet("QListWidget { font-size: 13pt; } QListWidget::item { padding: 10px 8px; }")
        self.stack = QStackedWidget()
        for page in self.pages:
            self.nav.addItem("")
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel(objectName="statusUser")
        self.sync_label = QLabel(objectName="statusSync")
        self.rates_label = QLabel(objectName="statusRates")
        self.logout_button = QPushButton(objectName="logoutButton")
        self.logout_button.clicked.connect(self.log_out)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.rates_label)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().addPermanentWidget(self.logout_button)
        self.resize(1100, 700)
        self.retranslate()
        self.nav.setCurrentRow(0)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Chudan insurance desk"))
        names = [self.tr("New policy"), self.tr("Policies"), self.tr("Waiting"), self.tr("Reports"), self.tr("Settings")]
        for i, name in enumerate(names):
            self.nav.item(i).setText(name)
        zh = self.ctx.settings.language().startswith("zh")
        role = ROLE_NAMES_ZH[self.user.role] if zh else self.user.role.value
        self.user_label.setText(self.tr("User: %1 (%2)").replace("%1", self.user.display_name).replace("%2", role))
        # Wired by the sync issue: until a device is provisioned there is no state to show.
        self.sync_label.setText(self.tr("Sync: not set up"))
        self.logout_button.setText(self.tr("Log out"))
        self._show_rate_table()

    def _show_rate_table(self) -> None:
        from app.rating.installed import InstalledTables
        from app.rating.signing import RateTableError

        try:
            table = InstalledTables(self.ctx.home).newest()
        except (RateTableError, OSError) as exc:
            self.rates_label.setText(self.tr("Rate table: none usable"))
            self.rates_label.setToolTip(str(exc))
            return
        text = self.tr("Rate table v%1").replace("%1", str(table.version))
        if table.illustrative:
            # The bundled table is an example: commercial base premiums differ by insurer.
            text += " " + self.tr("(illustrative)")
            self.rates_label.setStyleSheet("color: #b26a00;")
        self.rates_label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def log_out(self) -> None:
        self.ctx.auth.logout(self.user)
        self.tasks.wait_idle()
        self.close()
        self.logged_out.emit()
