"""续保: the renewal work-list (docs/renewals.md). Policies whose cover ends within the outlet's
window, by due date; a clerk takes one, notes calls, marks it lost with a reason, or presses 续保,
which opens the issuance wizard on a draft pre-filled from the expiring policy. A supervisor sees
every row, hands rows to clerks and imports the book from another system."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
)

from app.access.permissions import Permission
from app.core.errors import ChudanError
from app.core.money import fmt_amount
from app.renewals.consent import CONSENT_TEXT_EN, CONSENT_TEXT_ZH
from app.renewals.renewal import HeadOfficeRecord
from app.renewals.states import CALL_OUTCOME_NAMES, LOST_REASON_NAMES
from ui.pages.base import Page, fill_table, read_only_table
from ui.pages.paper_policy_dialog import PaperPolicyDialog
from ui.tasks import TaskRunner
from ui.widgets import named

WINDOWS = (30, 60, 90)


class RenewalsPage(Page):
    def __init__(
        self,
        ctx,
        user,
        parent=None,
        open_draft: Callable[[str], object] | None = None,
        tasks: TaskRunner | None = None,
        ocr=None,
        ops=None,
        claims_lookup: Callable[[str], dict | None] | None = None,
    ) -> None:
        super().__init__(ctx, user, parent, ops)
        self.open_draft = open_draft  # the main window's: the issue page's wizard on a draft
        # Head office's claims register by VIN (the sync worker's ask_now): None when offline or
        # head office does not answer in time; the renewal then estimates the NCD level.
        self.claims_lookup = claims_lookup
        self.tasks = tasks  # a book import runs on a worker, its progress shown
        self.ocr = ocr  # the window's OCR (ui.wizard.issue_wizard.OcrHolder), for paper policies
        self.scan_dialog: PaperPolicyDialog | None = None
        self.manages = user.can(Permission.MANAGE_BOOK)
        top = QHBoxLayout()
        self.window_label = QLabel()
        self.due_window = named(QComboBox(), "renewalWindow")
        top.addWidget(self.window_label)
        top.addWidget(self.due_window)
        self.funnel = named(QLabel(), "renewalFunnel")
        top.addWidget(self.funnel, 1)
        self.import_button = named(QPushButton(), "importBook")
        self.import_button.setVisible(self.manages)
        top.addWidget(self.import_button)
        self.scan_button = named(QPushButton(), "scanPaperPolicy")
        self.scan_button.setVisible(self.manages and ocr is not None)
        top.addWidget(self.scan_button)
        self.layout_.addLayout(top)
        self.table = read_only_table("renewalsTable")
        self.layout_.addWidget(self.table, 3)
        self.history = named(QTextBrowser(), "renewalHistory")
        self.layout_.addWidget(self.history, 1)

        act = QHBoxLayout()
        self.renew = named(QPushButton(), "renewButton")
        self.renew.setProperty("role", "primary")  # the one style sheet (ui/style.py) draws it
        self.take = named(QPushButton(), "takeRenewal")
        self.show_number = named(QPushButton(), "showNumber")
        self.text = named(QLineEdit(), "renewalNote")
        self.call = named(QComboBox(), "callOutcome")
        self.save_note = named(QPushButton(), "saveRenewalNote")
        self.reason = named(QComboBox(), "lostReason")
        self.lost = named(QPushButton(), "markLost")
        act.addWidget(self.renew)
        act.addWidget(self.take)
        act.addWidget(self.show_number)
        act.addWidget(self.text, 1)
        act.addWidget(self.call)
        act.addWidget(self.save_note)
        act.addWidget(self.reason)
        act.addWidget(self.lost)
        self.layout_.addLayout(act)
        consent_row = QHBoxLayout()
        # PIPL: the customer agrees, to this text, to reminders over the channels ticked.
        self.consent_label = QLabel()
        self.consent_sms = named(QCheckBox(), "consentSms")
        self.consent_email = named(QCheckBox(), "consentEmail")
        self.record_consent = named(QPushButton(), "recordConsent")
        self.remind = named(QPushButton(), "sendReminders")
        self.remind.setVisible(self.manages)
        for part in (self.consent_label, self.consent_sms, self.consent_email, self.record_consent):
            consent_row.addWidget(part)
        consent_row.addStretch(1)
        consent_row.addWidget(self.remind)
        self.layout_.addLayout(consent_row)
        hand = QHBoxLayout()
        self.assign_label = QLabel()
        self.assignee = named(QComboBox(), "renewalAssignee")
        self.assign = named(QPushButton(), "assignRenewal")
        for w in (self.assign_label, self.assignee, self.assign):
            hand.addWidget(w)
            w.setVisible(self.manages)
        hand.addStretch(1)
        self.layout_.addLayout(hand)

        self.rows: list = []
        self.due_window.activated.connect(lambda *_: self.refresh())
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.renew.clicked.connect(self.start_renewal)
        self.take.clicked.connect(
            lambda: self._act(
                lambda r: self.ctx.renewals.assign(self.user, [r.id], self.user.username)
            )
        )
        self.assign.clicked.connect(
            lambda: self._act(
                lambda r: self.ctx.renewals.assign(self.user, [r.id], self.assignee.currentData())
            )
        )
        self.save_note.clicked.connect(
            lambda: self._act(
                lambda r: self.ctx.renewals.note(
                    self.user, r.id, self.text.text(), call=self.call.currentData()
                )
            )
        )
        self.lost.clicked.connect(
            lambda: self._act(
                lambda r: self.ctx.renewals.mark_lost(
                    self.user, r.id, self.reason.currentData(), self.text.text()
                )
            )
        )
        self.import_button.clicked.connect(lambda: self.import_file(None))
        self.scan_button.clicked.connect(lambda: self.scan_paper(None))
        self.record_consent.clicked.connect(
            lambda: self._act(
                lambda r: self.ctx.renewals.record_consent(
                    self.user,
                    r.id,
                    {"sms": self.consent_sms.isChecked(), "email": self.consent_email.isChecked()},
                )
            )
        )
        self.remind.clicked.connect(self.send_reminders)
        self.show_number.clicked.connect(self.reveal_contact)
        self.retranslate()

    # -- words ---------------------------------------------------------------------------------
    def _zh(self) -> bool:
        return self.ctx.settings.language().startswith("zh")

    def retranslate(self) -> None:
        zh = self._zh()
        self.title.setText(self.tr("Renewals"))
        self.note.setText(
            self.tr(
                "Policies ending soon, by due date. Take one, call the customer, note what they "
                "said; 续保 opens the new policy filled in from the old one."
            )
        )
        self.window_label.setText(self.tr("Ending within"))
        chosen = self.due_window.currentData()
        self.due_window.clear()
        for days in WINDOWS:
            self.due_window.addItem(self.tr("%1 days").replace("%1", str(days)), days)
        default = chosen or self.ctx.renewals.settings().window_days
        index = self.due_window.findData(default)
        if index < 0:
            self.due_window.addItem(self.tr("%1 days").replace("%1", str(default)), default)
            index = self.due_window.count() - 1
        self.due_window.setCurrentIndex(index)
        self.renew.setText(self.tr("Renew (续保)"))
        self.take.setText(self.tr("Take it"))
        self.show_number.setText(self.tr("Show the number"))
        self.text.setPlaceholderText(self.tr("Note: what the customer said"))
        self.call.clear()
        self.call.addItem(self.tr("(no call)"), None)
        for outcome, (o_zh, o_en) in CALL_OUTCOME_NAMES.items():
            self.call.addItem(o_zh if zh else o_en, outcome.value)
        self.save_note.setText(self.tr("Save note"))
        self.reason.clear()
        for reason, (r_zh, r_en) in LOST_REASON_NAMES.items():
            self.reason.addItem(r_zh if zh else r_en, reason.value)
        self.lost.setText(self.tr("Mark lost"))
        self.assign_label.setText(self.tr("Hand to:"))
        self.assign.setText(self.tr("Hand over"))
        self.import_button.setText(self.tr("Import the book…"))
        self.scan_button.setText(self.tr("Scan a paper policy…"))
        self.consent_label.setText(self.tr("Renewal reminders agreed to:"))
        self.consent_label.setToolTip(CONSENT_TEXT_ZH if zh else CONSENT_TEXT_EN)
        self.consent_sms.setText(self.tr("SMS"))
        self.consent_email.setText(self.tr("E-mail"))
        self.record_consent.setText(self.tr("Record consent"))
        self.record_consent.setToolTip(CONSENT_TEXT_ZH if zh else CONSENT_TEXT_EN)
        self.remind.setText(self.tr("Send due reminders now"))

    # -- reading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        zh = self._zh()
        try:
            wl = self.ctx.renewals.work_list(self.user, due_within=self.due_window.currentData())
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return
        self.rows = wl.rows
        fill_table(
            self.table,
            [
                self.tr("Ends"),
                self.tr("Days left"),
                self.tr("Policy number"),
                self.tr("Insurer"),
                self.tr("Policyholder"),
                self.tr("Plate"),
                self.tr("Premium"),
                self.tr("State"),
                self.tr("Clerk"),
                self.tr("Renewable from"),
            ],
            [
                [
                    r.end_date.isoformat(),
                    str(r.days_left),
                    r.policy_number,
                    r.insurer,
                    r.holder,
                    r.plate or self.tr("no plate yet"),
                    fmt_amount(r.premium) if r.premium is not None else "—",
                    r.state_zh if zh else r.state,
                    r.assigned_to or "—",
                    r.renewable_from.isoformat(),
                ]
                for r in wl.rows
            ],
        )
        self._show_funnel(wl.today)
        if self.manages:
            chosen = self.assignee.currentData()
            self.assignee.clear()
            try:
                for u in self.ctx.users.list_users(self.user):
                    if not u.disabled:
                        self.assignee.addItem(f"{u.display_name} ({u.username})", u.username)
            except ChudanError:
                pass  # may manage the book but not see the users: no hand-over list
            self.assignee.setCurrentIndex(max(0, self.assignee.findData(chosen)))
        self._selected_changed()

    def _show_funnel(self, today: date) -> None:
        """This month's funnel (policies ending this month): 应续, 已报价, 已续, 流失, 续保率."""
        first = today.replace(day=1)
        last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        try:
            f = self.ctx.renewals.funnel(self.user, first, last)
        except ChudanError:
            self.funnel.clear()
            return
        rate = "—" if f.renewal_rate is None else f"{f.renewal_rate * 100:.1f}%"
        self.funnel.setText(
            self.tr("This month: due %1 · quoted %2 · renewed %3 · lost %4 · renewal rate %5")
            .replace("%1", str(f.due))
            .replace("%2", str(f.quoted))
            .replace("%3", str(f.renewed))
            .replace("%4", str(f.lost))
            .replace("%5", rate)
        )

    def selected(self):
        index = self.table.currentRow()
        return (
            self.rows[index] if 0 <= index < len(self.rows) and self.table.selectedItems() else None
        )

    def _selected_changed(self) -> None:
        row = self.selected()
        for b in (
            self.renew,
            self.take,
            self.show_number,
            self.save_note,
            self.lost,
            self.record_consent,
        ):
            b.setEnabled(row is not None)
        self.assign.setEnabled(row is not None and self.assignee.count() > 0)
        if row is None:
            self.history.clear()
            return
        try:
            detail = self.ctx.renewals.detail(self.user, row.id)
        except ChudanError as exc:
            self.history.setPlainText(exc.localized(self.ctx.settings.language()))
            return
        self.consent_sms.setChecked("sms" in detail.consent)
        self.consent_email.setChecked("email" in detail.consent)
        lines = [
            f"{detail.policy_number} · {detail.insurer} · {detail.start_date} – {detail.end_date}",
            f"{detail.holder} {detail.holder_id_number} · {detail.phone or '—'}",
        ]
        lines += [
            f"{e.at.astimezone().strftime('%Y-%m-%d %H:%M')} {e.actor}: {e.outcome or e.kind} {e.text}"
            for e in detail.events
        ]
        self.history.setPlainText("\n".join(lines))

    # -- acting --------------------------------------------------------------------------------
    def _act(self, action) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            action(row)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return
        self.text.clear()
        self.refresh()
        for i, r in enumerate(self.rows):
            if r.id == row.id:
                self.table.selectRow(i)

    def reveal_contact(self) -> None:
        """The customer's phone and e-mail in full, to call them (audited; the clerk the renewal
        is handed to, or a supervisor)."""
        row = self.selected()
        if row is None:
            return
        try:
            c = self.ctx.renewals.contact_details(self.user, row.id)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return
        self.note.setText(
            self.tr("%1: phone %2, e-mail %3")
            .replace("%1", row.policy_number)
            .replace("%2", c.get("phone") or "—")
            .replace("%3", c.get("email") or "—")
        )

    def send_reminders(self) -> None:
        """The reminders due now, on a worker (the mail server and the SMS gateway may be slow)."""
        self.remind.setEnabled(False)

        def done(run) -> None:
            self.remind.setEnabled(True)
            self.note.setText(
                self.tr("Reminders: %1 queued, %2 sent, %3 waiting, %4 failed")
                .replace("%1", str(run.planned))
                .replace("%2", str(run.sent))
                .replace("%3", str(run.waiting))
                .replace("%4", str(run.failed))
            )
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.remind.setEnabled(True)
            self.note.setText(
                exc.localized(self.ctx.settings.language())
                if isinstance(exc, ChudanError)
                else str(exc)
            )

        if self.tasks is None:
            try:
                done(self.ctx.renewals.remind(self.user))
            except ChudanError as exc:
                failed(exc)
            return
        self.tasks.run(self.ctx.renewals.remind, self.user, on_success=done, on_failure=failed)

    def start_renewal(self) -> str | None:
        """续保: asks head office's claims register first when the window can (on the pool,
        the answer back on the GUI thread), then opens the draft. Returns the draft's id when
        it was opened at once (no look-up, or no task runner)."""
        row = self.selected()
        if row is None:
            return None
        if self.claims_lookup is None:
            return self._open_renewal(row.id, None, asked=False)
        try:
            vin = self.ctx.renewals.detail(self.user, row.id).vin
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return None
        if self.tasks is None:
            return self._open_renewal(row.id, self._ask(vin), asked=True)
        self.renew.setEnabled(False)
        self.note.setText(self.tr("Asking head office for the vehicle's claims record…"))

        def done(answer: dict | None) -> None:
            self.renew.setEnabled(True)
            self._open_renewal(row.id, answer, asked=True)

        def failed(_exc: BaseException) -> None:
            self.renew.setEnabled(True)
            self._open_renewal(row.id, None, asked=True)

        self.tasks.run(self._ask, vin, on_success=done, on_failure=failed)
        return None

    def _ask(self, vin: str) -> dict | None:
        return self.claims_lookup(vin) if self.claims_lookup is not None and vin else None

    def _open_renewal(self, row_id: int, answer: dict | None, *, asked: bool) -> str | None:
        record = HeadOfficeRecord.from_answer(answer)
        try:
            draft_id = self.ctx.renewals.start_renewal(self.user, row_id, record=record)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return None
        if record is not None:
            self.note.setText(
                self.tr("NCD level %1 from head office's claims register (%2).")
                .replace("%1", str(record.ncd_level))
                .replace("%2", record.as_of)
            )
        elif asked:
            self.note.setText(
                self.tr(
                    "Head office gave no claims record now: the NCD level is estimated from last "
                    "year's; the platform's record is binding."
                )
            )
        if self.open_draft is not None:
            self.open_draft(draft_id)
        return draft_id

    def import_file(self, path: str | None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the policies to import"),
                "",
                self.tr("Policies (*.csv *.xlsx)"),
            )
            if not path:
                return

        def failed(exc: BaseException) -> None:
            self.import_button.setEnabled(True)
            self.note.setText(
                exc.localized(self.ctx.settings.language())
                if isinstance(exc, ChudanError)
                else str(exc)
            )

        def progress(done: int, total: int) -> None:
            self.note.setText(
                self.tr("Checking the file: %1 of %2 rows")
                .replace("%1", f"{done:,}")
                .replace("%2", f"{total:,}")
            )

        self.import_button.setEnabled(False)
        if self.tasks is None:
            try:
                self._imported(self.ctx.renewals.import_file(self.user, path))
            except ChudanError as exc:
                failed(exc)
            return
        self.tasks.run(
            self.ctx.renewals.import_file,
            self.user,
            path,
            on_success=self._imported,
            on_failure=failed,
            on_progress=progress,
        )

    def scan_paper(self, path: str | None) -> None:
        """OCR reads the photo of a paper policy's first page on a worker; the clerk then confirms
        each field in a dialog (ui.pages.paper_policy_dialog) before it joins the book."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the photo of the policy's first page"),
                "",
                self.tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)"),
            )
            if not path:
                return
        if self.ocr is None or self.tasks is None:
            return
        self.scan_button.setEnabled(False)
        self.note.setText(self.tr("Reading the policy…"))

        def work():
            from app.ocr.images import read_image_file

            content = read_image_file(path)
            return content, self.ctx.renewals.scan_paper_policy(self.user, content, self.ocr.get())

        def done(result) -> None:
            content, scanned = result
            self.scan_button.setEnabled(True)
            self.note.clear()
            self.scan_dialog = PaperPolicyDialog(
                scanned, lambda fields: self._add_paper(fields, content, path), self
            )
            self.scan_dialog.open()

        def failed(exc: BaseException) -> None:
            self.scan_button.setEnabled(True)
            self.note.setText(
                exc.localized(self.ctx.settings.language())
                if isinstance(exc, ChudanError)
                else str(exc)
            )

        self.tasks.run(work, on_success=done, on_failure=failed)

    def _add_paper(self, fields: dict[str, str], content: bytes, path: str) -> str | None:
        try:
            self.ctx.renewals.add_paper_policy(
                self.user, fields, image=content, file_name=Path(path).name
            )
        except ChudanError as exc:
            return exc.localized(self.ctx.settings.language())
        self.note.setText(
            self.tr("%1 joined the book.").replace("%1", fields.get("policy_number", ""))
        )
        self.refresh()
        return None

    def _imported(self, report) -> None:
        self.import_button.setEnabled(True)
        zh = self._zh()
        text = (
            self.tr("%1: %2 rows; %3 added, %4 already in the book, %5 refused")
            .replace("%1", report.file_name)
            .replace("%2", str(report.total))
            .replace("%3", str(report.added))
            .replace("%4", str(report.already))
            .replace("%5", str(report.refused_rows))
        )
        for r in report.refused[:20]:
            text += f"\n{r['row']} · {r['column']}: {r['zh'] if zh else r['en']}"
        self.note.setText(text)
        self.refresh()
