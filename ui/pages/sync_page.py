"""同步: where this desk stands with head office (online or not, what waits, the last success and
the last error), "sync now", and provisioning for an administrator. Opened from the status bar."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from app.access.permissions import Permission
from app.desk.sync_queue import KIND_NAMES_ZH, STATUS_NAMES_ZH, waiting, waiting_count
from sync.rates import WARNING_STATES
from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import named

log = logging.getLogger(__name__)


def local_error(error: str) -> str:
    """The worker stores "<UTC ISO time> <message>": shown with the time in local time, as the
    last success is."""
    when, _, message = error.partition(" ")
    try:
        at = datetime.fromisoformat(when)
    except ValueError:
        return error
    return f"{at.astimezone().strftime('%Y-%m-%d %H:%M')} {message}"


class SyncPage(Page):
    shows = ("outbox", "policies")

    def __init__(self, ctx, user, runner, parent=None, ops=None) -> None:
        super().__init__(ctx, user, parent, ops)
        self.runner = runner
        self.state = named(QLabel(), "syncState")
        self.state.setWordWrap(True)
        self.sync_now = named(QPushButton(), "syncNow")
        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.sync_now)
        self.layout_.addLayout(top)
        self.queue = read_only_table("syncQueue")
        self.layout_.addWidget(self.queue, 1)
        self.provision_box = named(QGroupBox(), "provisionBox")
        form = QFormLayout(self.provision_box)
        self.url = named(QLineEdit(), "provisionUrl")
        self.code = named(QLineEdit(), "provisionCode")
        self.region = named(
            QLineEdit(), "provisionRegion"
        )  # only asked when the desk has no outlet yet
        self.provision_online = named(QPushButton(), "provisionOnline")
        self.provision_file = named(QPushButton(), "provisionFile")
        self.provision_message = named(QLabel(), "provisionMessage")
        self.provision_message.setWordWrap(True)
        self.url_label, self.code_label, self.region_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.url_label, self.url)
        form.addRow(self.code_label, self.code)
        form.addRow(self.region_label, self.region)
        buttons = QHBoxLayout()
        buttons.addWidget(self.provision_online)
        buttons.addWidget(self.provision_file)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow(self.provision_message)
        self.layout_.addWidget(self.provision_box)
        self.provision_box.setVisible(user.can(Permission.MANAGE_SETTINGS))
        self.sync_now.clicked.connect(self._sync_now)
        self.provision_online.clicked.connect(self._provision_online)
        self.provision_file.clicked.connect(lambda: self._provision_file())
        runner.status_changed.connect(lambda _status: self.refresh())
        self.waiting_count = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sync with head office"))
        self.note.setText(
            self.tr(
                "Policies are issued here and uploaded when the line is up; nothing is lost while "
                "offline. Head office confirms each policy; the formal policy and the e-policy follow."
            )
        )
        self.sync_now.setText(self.tr("Sync now"))
        self.provision_box.setTitle(self.tr("Provision this desk"))
        self.url_label.setText(self.tr("Head office address"))
        self.code_label.setText(self.tr("Enrolment code"))
        self.region_label.setText(self.tr("Outlet region code (new desk only)"))
        self.provision_online.setText(self.tr("Provision online"))
        self.provision_file.setText(self.tr("From a provisioning file…"))

    def describe(self, st: dict) -> str:
        zh = self.ctx.settings.language().startswith("zh")
        if not st:
            return ""
        state = str(st.get("state") or "")
        admin = self.user.can(Permission.MANAGE_SETTINGS)
        head = {
            # A clerk is not sent to controls only an administrator sees.
            "not_provisioned": self.tr(
                "Not provisioned: provision this desk below (administrator)."
            )
            if admin
            else self.tr(
                "This desk is not set up with head office yet: ask an administrator to "
                "provision it. Policies issued here wait safely until then."
            ),
            "revoked": self.tr(
                "Head office has revoked this device: ask head office for a new enrolment code."
            ),
            "never": self.tr("Not synced yet."),
            "online": self.tr("Online."),
            "offline": self.tr("Offline: everything waits here and goes when the line is back."),
        }.get(state, state)
        parts = [head, self.tr("Waiting to send: %1").replace("%1", str(self.waiting_count))]
        if st.get("last_success"):
            when = (
                datetime.fromisoformat(st["last_success"]).astimezone().strftime("%Y-%m-%d %H:%M")
            )
            parts.append(self.tr("Last success: %1").replace("%1", when))
        error = st.get("last_error_zh") if zh else st.get("last_error")
        if error:
            parts.append(self.tr("Last error: %1").replace("%1", local_error(error)))
        table = st.get("rate_table") or {}
        if table.get("state") in WARNING_STATES:
            parts.append(table.get("text_zh" if zh else "text") or "")
        return "\n".join(p for p in parts if p)

    def refresh(self) -> None:
        self.sync_now.setEnabled(
            not self.runner.running and self.runner.status.get("provisioned", False)
        )
        # Where the desk stands is known already (the runner holds it); what waits is read.
        self.state.setText(self.describe(self.runner.status))
        store = self.ctx.store
        self.ops.read(lambda: waiting(store), done=self.show_queue, owner=self)

    def show_queue(self, queue: list) -> None:
        """The queue as read, and the count above it of what in it still waits to go."""
        self.waiting_count = waiting_count(queue)
        self.state.setText(self.describe(self.runner.status))
        zh = self.lang().startswith("zh")
        rows = [
            [
                KIND_NAMES_ZH.get(r.kind, r.kind) if zh else r.kind,
                r.what,
                STATUS_NAMES_ZH.get(r.status, r.status) if zh else r.status,
                str(r.attempts),
                r.next_attempt_at.astimezone().strftime("%m-%d %H:%M")
                if r.next_attempt_at
                else "—",
                r.last_error,
            ]
            for r in queue
        ]
        fill_table(
            self.queue,
            [
                self.tr("What"),
                self.tr("Policy or subject"),
                self.tr("State"),
                self.tr("Attempts"),
                self.tr("Next try"),
                self.tr("Last error"),
            ],
            rows,
        )

    def _sync_now(self) -> None:
        self.sync_now.setEnabled(False)
        self.runner.run_now()

    def _provisioned(self, result) -> None:
        self.provision_message.setProperty("tone", "ok")
        self.provision_message.style().polish(self.provision_message)
        self.provision_message.setText(
            self.tr("Provisioned as device %1 of outlet %2.")
            .replace("%1", result.device_id)
            .replace("%2", result.outlet_code)
        )
        self.code.clear()
        self.runner.start()

    def _failed(self, text: str) -> None:
        self.provision_message.setProperty("tone", "problem")
        self.provision_message.style().polish(self.provision_message)
        self.provision_message.setText(text)

    def _region(self) -> str | None:
        return self.region.text().strip() or None

    def _provision_online(self) -> None:
        from sync.provisioning import Provisioner

        url, code, region = self.url.text().strip(), self.code.text().strip(), self._region()
        self.provision_online.setEnabled(False)
        self.provision_message.setText(self.tr("Contacting head office…"))

        def done(result) -> None:
            self.provision_online.setEnabled(True)
            self._provisioned(result)

        def failed(text: str, exc: BaseException) -> None:
            from sync.outbox import LinkDown

            self.provision_online.setEnabled(True)
            if isinstance(exc, LinkDown):  # the link's own words go to the log, not the admin
                log.info("provisioning: head office not reached: %s", exc)
                text = self.tr(
                    "Head office could not be reached at this address: check the address and "
                    "the network cable or Wi-Fi, then try again."
                )
            self._failed(text)

        # Network first, then the store: on the pool like every call to head office.
        self.ops.read(
            lambda: Provisioner(self.ctx).online(self.user, url, code, region=region),
            done=done,
            failed=failed,
            owner=self,
        )

    def _provision_file(self, path: str | None = None) -> None:
        from pathlib import Path

        from sync.provisioning import Provisioner

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Provisioning file from head office"),
                "",
                self.tr("Provisioning files (*.json *.chudan)"),
            )
            if not path:
                return
        user, region = self.user, self._region()
        self.ops.write(
            lambda: Provisioner(self.ctx).from_file(user, Path(path), region=region),
            done=self._provisioned,
            failed=lambda text, _e: self._failed(text),
            initiator=self,
        )
