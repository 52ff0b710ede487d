"""投诉登记: the complaint register of the period the 报表 page shows (app/reports/complaints.py).
Supervisors and administrators record a complaint (against a policy, a clerk or the outlet) and
resolve it; a clerk sees the complaints about them or their policies. Descriptions and
resolutions are stored masked (ID numbers, phones)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.access.permissions import CurrentUser, Permission
from app.core.errors import ChudanError
from app.desk.context import AppContext
from app.figures.labels import COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_TARGETS, label
from app.figures.period import Period
from ui.pages.base import fill_table, read_only_table
from ui.widgets import named


class ComplaintsDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        user: CurrentUser,
        period: Period,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("complaintsDialog")
        self.ctx, self.user, self.period = ctx, user, period
        self.lang = ctx.settings.language()
        self.setWindowTitle(self.tr("Complaints"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        self.table = read_only_table("complaintsTable")
        layout.addWidget(self.table, 2)
        self.message = named(QLabel(), "complaintMessage")
        self.message.setWordWrap(True)

        form = QFormLayout()
        self.received = named(QDateEdit(), "complaintDate")
        self.received.setCalendarPopup(True)
        today = ctx.clock().astimezone().date()
        self.received.setDate(QDate(today.year, today.month, today.day))
        self.channel = named(QComboBox(), "complaintChannel")
        self.category = named(QComboBox(), "complaintCategory")
        self.against = named(QComboBox(), "complaintAgainst")
        for box, table in (
            (self.channel, COMPLAINT_CHANNELS),
            (self.category, COMPLAINT_CATEGORIES),
            (self.against, COMPLAINT_TARGETS),
        ):
            for code in table:
                box.addItem(label(code, self.lang, table), code)
        self.policy_number = named(QLineEdit(), "complaintPolicy")
        self.clerk = named(QComboBox(), "complaintClerk")
        self.clerk.addItem("—", None)
        for user_id, name in ctx.reports.clerks(user):
            self.clerk.addItem(name, user_id)
        self.description = named(QPlainTextEdit(), "complaintDescription")
        self.description.setMaximumHeight(70)
        self.record_button = named(QPushButton(self.tr("Record the complaint")), "recordComplaint")
        form.addRow(self.tr("Received on"), self.received)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Against"), self.against)
        form.addRow(self.tr("Policy number"), self.policy_number)
        form.addRow(self.tr("Clerk"), self.clerk)
        form.addRow(self.tr("Description"), self.description)
        form.addRow("", self.record_button)
        self.form = QWidget()
        self.form.setLayout(form)
        layout.addWidget(self.form)

        resolve = QHBoxLayout()
        self.resolution = named(QLineEdit(), "complaintResolution")
        self.resolution.setPlaceholderText(self.tr("How it was resolved"))
        self.resolve_button = named(
            QPushButton(self.tr("Resolve the selected complaint")), "resolveComplaint"
        )
        resolve.addWidget(self.resolution, 1)
        resolve.addWidget(self.resolve_button)
        layout.addLayout(resolve)
        layout.addWidget(self.message)

        may = user.can(Permission.MANAGE_COMPLAINTS)
        self.form.setEnabled(may)
        self.resolution.setEnabled(may)
        self.resolve_button.setEnabled(may)
        if not may:
            self.message.setText(
                self.tr(
                    "Supervisors record and resolve complaints; you see those about you or your policies."
                )
            )
        self.record_button.clicked.connect(self.record)
        self.resolve_button.clicked.connect(self.resolve)
        self.views: list = []
        self.reload()

    def reload(self) -> None:
        self.views = self.ctx.complaints.list(self.user, self.period)
        headers = [
            self.tr("Received on"),
            self.tr("Channel"),
            self.tr("Category"),
            self.tr("Against"),
            self.tr("Description"),
            self.tr("Resolution"),
        ]
        rows = []
        for c in self.views:
            target = label(c.against, self.lang, COMPLAINT_TARGETS)
            if c.policy_number:
                target += f" {c.policy_number}"
            if c.clerk:
                target += f" {c.clerk}"
            rows.append(
                [
                    c.received_on.isoformat(),
                    label(c.channel, self.lang, COMPLAINT_CHANNELS),
                    label(c.category, self.lang, COMPLAINT_CATEGORIES),
                    target,
                    c.description,
                    c.resolution or self.tr("open"),
                ]
            )
        fill_table(self.table, headers, rows)

    def record(self) -> None:
        d = self.received.date()
        try:
            self.ctx.complaints.record(
                self.user,
                received_on=date(d.year(), d.month(), d.day()),
                channel=self.channel.currentData(),
                category=self.category.currentData(),
                against=self.against.currentData(),
                description=self.description.toPlainText(),
                policy_number=self.policy_number.text(),
                clerk_id=self.clerk.currentData(),
            )
        except ChudanError as exc:
            self.message.setText(exc.localized(self.lang))
            return
        self.description.clear()
        self.policy_number.clear()
        self.message.setText(self.tr("Recorded."))
        self.reload()

    def resolve(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.views):
            self.message.setText(self.tr("Choose a complaint in the list first."))
            return
        try:
            self.ctx.complaints.resolve(self.user, self.views[row].id, self.resolution.text())
        except ChudanError as exc:
            self.message.setText(exc.localized(self.lang))
            return
        self.resolution.clear()
        self.message.setText(self.tr("Resolved."))
        self.reload()
