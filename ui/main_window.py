"""The main window only composes: navigation on the left, one page per entry, a status bar. It
owns the operations runner every page writes and reads through (ui/operations.py), and fits a
1366×768 screen."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.access.permissions import ROLE_NAMES_ZH, CurrentUser
from app.core.changes import Changes
from app.core.policy_number import TRAINING_WATERMARK
from app.desk.context import AppContext
from sync.rates import WARNING_STATES
from ui import heap, pause_watch
from ui.i18n import current_language
from ui.lan import LanHolder
from ui.operations import Operations
from ui.pages.archive_page import ArchivePage
from ui.pages.issue_page import IssuePage
from ui.pages.policies_page import PoliciesPage
from ui.pages.renewals_page import RenewalsPage
from ui.pages.reports_page import ReportsPage
from ui.pages.settings_page import SettingsPage
from ui.pages.sync_page import SyncPage, local_error
from ui.pages.training_page import TrainingPage
from ui.pages.work_items_page import WorkItemsPage
from ui.style import set_state
from ui.sync_runner import INTERVAL_MS, SyncRunner
from ui.tasks import TaskRunner
from ui.training_mark import DialogMarker, TrainingWatermark
from ui.widgets import named

SYNC_PAGE = 5
# A sync run may have confirmed policies, answered referrals and sent what waited.
SYNCED = Changes(policies=True, work_items=True, outbox=True)
# Last (after 单证库), so the pages before it keep their places (tests and muscle memory).
RENEWALS_PAGE = 7
TRAINING_PAGE = 8  # 实战演练, after 续保 for the same reason


def phone_inbox_for(ctx: AppContext, lan: LanHolder | None = None):
    """The desk's inbox for the customer's phone, made when 手机填写 is first opened (its
    cryptography is not loaded before): head office's, and the LAN server's while it runs
    (yard.desk.DeskPhoneInbox reads both, and the yard's hand-offs)."""
    from sync.phone_inbox import for_desk

    hq = for_desk(ctx)
    if lan is None:
        return hq
    if hq is None and lan.server is None:
        from sync.phone_pending import PendingApplications

        if not PendingApplications(ctx.store).ids():  # nothing kept from an earlier run either
            return None
    from yard.desk import DeskPhoneInbox

    return DeskPhoneInbox(hq, lan.get())


class MainWindow(QMainWindow):
    logged_out = Signal()

    def __init__(
        self, ctx: AppContext, user: CurrentUser, *, sync_interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.user = user
        self.tasks = TaskRunner(self)
        self.ops = Operations(self.tasks, ctx.settings.language, self)
        from ui.pages.ocr_box import ocr_settings
        from ui.wizard.issue_wizard import OcrHolder

        self.ocr = OcrHolder(lambda: ocr_settings(ctx))
        # A training session (app/desk/training.py) syncs with the simulated head office,
        # which the 实战演练 page points at the scenario being played (sync/sandbox.py).
        self.training = bool(getattr(ctx, "training", False))
        self.sandbox_hq = None
        worker = None
        if self.training:
            from sync.sandbox import SimulatedHeadOffice, training_worker

            self.sandbox_hq = SimulatedHeadOffice(None, ctx.clock)
            worker = training_worker(ctx, self.sandbox_hq)
        self.sync = SyncRunner(ctx, self.tasks, self, interval_ms=sync_interval_ms, worker=worker)
        ops = self.ops
        # The desk's LAN server for phones (off until started in 设置; never in training).
        self.lan = None if self.training else LanHolder(ctx)
        self.settings_page = SettingsPage(ctx, user, ops=ops, lan=self.lan)
        self.issue_page = IssuePage(
            ctx,
            user,
            tasks=self.tasks,
            ocr=self.ocr,
            lookup=self.sync.worker.ask_now,
            queue_lookup=self.sync.worker.queue,
            refer=self.sync.refer,
            qr_status=self.sync.worker.qr_payment,
            ops=ops,
            sync_now=self.sync.run_now,
            phone_inbox=lambda: phone_inbox_for(ctx, self.lan),
        )
        self.pages = [
            self.issue_page,
            PoliciesPage(ctx, user, ops=ops),
            WorkItemsPage(ctx, user, sync_now=self.sync.run_now, ops=ops),
            ReportsPage(ctx, user, tasks=self.tasks, ops=ops),
            self.settings_page,
            SyncPage(ctx, user, self.sync, ops=ops),
            ArchivePage(ctx, user, tasks=self.tasks, ocr=self.ocr, ops=ops),
            RenewalsPage(
                ctx,
                user,
                open_draft=self.open_draft,
                tasks=self.tasks,
                ocr=self.ocr,
                ops=ops,
                claims_lookup=lambda vin: self.sync.worker.ask_now("claims_history", vin=vin),
            ),
            TrainingPage(
                ctx, user, ops=ops, on_scenario=self._play_scenario, open_draft=self.open_draft
            ),
        ]
        if self.training:
            self.issue_page.training_documents = self._scenario_documents
        self.nav = named(QListWidget(), "navigation")
        self.nav.setFixedWidth(140)
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
        self.watermark = TrainingWatermark(central) if self.training else None
        self.dialog_marker = DialogMarker(self) if self.training else None
        if self.dialog_marker is not None:
            self.dialog_marker.install()

        self.user_label = named(QLabel(), "statusUser")
        # A button that looks like status text: clicking it opens the sync page.
        self.sync_label = named(QPushButton(flat=True), "statusSync")
        self.sync_label.clicked.connect(lambda: self.show_page(SYNC_PAGE))
        self.rates_label = named(QLabel(), "statusRates")
        self.logout_button = named(QPushButton(), "logoutButton")
        self.logout_button.clicked.connect(self.log_out)
        self.statusBar().addWidget(self.user_label)
        if self.training:
            mark = named(QLabel(TRAINING_WATERMARK), "statusTraining")
            set_state(mark, "tone", "problem")
            self.statusBar().addWidget(mark)
        self.statusBar().addPermanentWidget(self.rates_label)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().addPermanentWidget(self.logout_button)
        # A desk screen is often 1366×768: the window opens within it, and every page scrolls
        # rather than growing past it.
        self.setMinimumSize(QSize(1024, 640))
        self.resize(1340, 720)
        self.sync.status_changed.connect(self._show_sync)
        self.sync.finished.connect(lambda _summary: ops.announce(SYNCED))
        ops.changed.connect(self._changed)
        self.settings_page.ocr_changed = self.ocr.reset
        self.retranslate()
        self.sync.refresh_status()
        self.nav.setCurrentRow(0)
        # CHUDAN_PAUSE_LOG=<ms>: log what held the GUI thread longer than that (ui/pause_watch.py).
        self.pause_watch = pause_watch.from_environment(self)
        heap.freeze()  # the window's objects are not walked by every full collection (ui/heap.py)

    def start_sync(self) -> None:
        """At start-up (after log-in): sync now, then on the timer and when the network is back."""
        self.sync.start()

    def retranslate(self) -> None:
        title = self.tr("Chudan insurance desk")
        self.setWindowTitle(f"{TRAINING_WATERMARK} · {title}" if self.training else title)
        names = [
            self.tr("New policy"),
            self.tr("Policies"),
            self.tr("Waiting"),
            self.tr("Reports"),
            self.tr("Settings"),
            self.tr("Sync"),
            self.tr("Archive"),
            self.tr("Renewals"),
            self.tr("Training"),
        ]
        for i, name in enumerate(names):
            self.nav.item(i).setText(name)
        # The role is a word of the interface (the display name is data, shown as typed).
        zh = current_language().startswith("zh")
        role = ROLE_NAMES_ZH[self.user.role] if zh else self.user.role.value
        self.user_label.setText(
            self.tr("User: %1 (%2)").replace("%1", self.user.display_name).replace("%2", role)
        )
        self.logout_button.setText(self.tr("Log out"))
        self._show_sync(self.sync.status)

    def _show_sync(self, st: dict) -> None:
        state = st.get("state")
        waiting = st.get("queue_length", 0)
        if not st or state == "not_provisioned":
            text, tone = self.tr("Sync: not set up"), "muted"
        elif state == "revoked":
            text, tone = self.tr("Sync: device revoked"), "problem"
        elif state == "never":  # provisioned, no sync has run yet: not a link that failed
            text, tone = (
                self.tr("Not synced yet · waiting %1").replace("%1", str(waiting)),
                "muted",
            )
        elif state == "online":
            text, tone = self.tr("Online · waiting %1").replace("%1", str(waiting)), "ok"
        else:
            text, tone = self.tr("Offline · waiting %1").replace("%1", str(waiting)), "warning"
        if st.get("last_success"):
            when = datetime.fromisoformat(st["last_success"]).astimezone().strftime("%H:%M")
            text += " · " + self.tr("last sync %1").replace("%1", when)
        zh = current_language().startswith("zh")  # the status bar follows the window
        error = st.get("last_error_zh") if zh else st.get("last_error")
        self.sync_label.setText(text)
        self.sync_label.setToolTip(local_error(error) if error else "")
        set_state(self.sync_label, "tone", tone)
        self._show_rate_table()  # a sync may have brought a new table
        table = st.get("rate_table") or {}
        if table.get("state") in WARNING_STATES:
            # Expiring, expired but quoting under the table's own grace, or expired and refusing.
            self.rates_label.setText(table.get("text_zh" if zh else "text") or "")
            set_state(self.rates_label, "tone", "problem")

    def _changed(self, changes, _initiator) -> None:
        if changes.outbox or changes.policies:
            self.sync.refresh_status_later()  # what waits for head office, in the status bar

    def _show_rate_table(self) -> None:
        from datetime import date

        from app.rating.installed import InstalledTables
        from app.rating.signing import RateTableError

        try:
            # The table in use today: the one a policy starting today is priced with.
            table = InstalledTables(self.ctx.home).for_date(date.today())
        except (RateTableError, OSError) as exc:
            self.rates_label.setText(self.tr("Rate table: none usable"))
            self.rates_label.setToolTip(str(exc))
            return
        text = self.tr("Rate table v%1").replace("%1", str(table.version))
        set_state(self.rates_label, "tone", "")
        self.rates_label.setToolTip("")
        if table.illustrative:
            # The bundled table is an example: commercial base premiums differ by insurer.
            text += " " + self.tr("(illustrative)")
            set_state(self.rates_label, "tone", "warning")
        self.rates_label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def closeEvent(self, event) -> None:
        """Closing keeps the open issuance: its draft is saved before the store closes (the
        caller waits for the write lane); a closed window no longer syncs on its timer (a run in
        flight still finishes)."""
        self.issue_page.save_open()
        self.sync.stop()
        if self.lan is not None:
            self.lan.stop()  # phones must not reach a desk that is closed
        if self.pause_watch is not None:
            self.pause_watch.stop()
        heap.thaw()
        if self.dialog_marker is not None:
            self.dialog_marker.remove()
        super().closeEvent(event)

    def _scenario_documents(self) -> list:
        """The documents of the scenario being played, for the wizard's scan steps."""
        from app.desk.training import real_home
        from app.training.documents import scenario_documents

        scenario = self.sandbox_hq.scenario if self.sandbox_hq is not None else None
        return scenario_documents(real_home(self.ctx), scenario) if scenario else []

    def _play_scenario(self, scenario) -> None:
        """The simulated head office answers as the scenario being played says (no effect
        outside a training session: real work never talks to it)."""
        if self.sandbox_hq is not None:
            self.sandbox_hq.play(scenario)

    def open_draft(self, draft_id: str):
        """The issue page's wizard on a saved draft (a renewal's, from the 续保 page)."""
        self.show_page(0)
        return self.issue_page.open_wizard(draft_id)

    def log_out(self) -> None:
        self.issue_page.save_open()
        self.tasks.wait_idle()
        self.ctx.auth.logout(self.user)
        self.sync.stop()
        self.tasks.wait_idle()
        self.close()
        self.logged_out.emit()
