"""保单: the policies this user may see, newest first, with the date each was issued; found by
number, plate, VIN or name; opened with a double-click; printed as the cover note or, once head
office has confirmed, the formal policy. Names are masked except on the clerk's own policies; a
supervisor can reveal a policyholder's details (audited)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton

from app.access.permissions import Permission
from app.core.errors import ChudanError
from app.core.money import fmt_amount
from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import named


def send_to_printer(path: Path) -> None:
    """The system's own printing: the PDF viewer's print verb on Windows, CUPS `lp` elsewhere."""
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only
        return
    lp = shutil.which("lp")
    if lp is None:
        raise ChudanError(
            "No printing system was found on this computer: open the PDF and print it from the viewer.",
            zh="本机未找到打印服务：请打开 PDF 后在阅读器中打印。",
        )
    done = subprocess.run([lp, str(path)], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise ChudanError(
            f"The printer refused the job ({done.stderr.strip() or done.returncode}); check the printer "
            "and try again, or open the PDF and print it from the viewer.",
            zh="打印机未接受该任务：请检查打印机后重试，或打开 PDF 后在阅读器中打印。",
        )


class PoliciesPage(Page):
    shows = ("policies",)

    def __init__(self, ctx, user, parent=None, ops=None) -> None:
        super().__init__(ctx, user, parent, ops)
        self.search = named(QLineEdit(), "policySearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(420)
        self.layout_.addWidget(self.search)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.table = read_only_table("policiesTable")
        self.table.doubleClicked.connect(lambda _i: self.open_pdf(self._best_document()))
        self.layout_.addWidget(self.table)
        self.revealed = named(QLabel(), "revealedDetails")
        self.revealed.setWordWrap(True)
        self.layout_.addWidget(self.revealed)
        buttons = QHBoxLayout()
        # Either document, opened or printed: after confirmation the customer may still want the
        # cover note they were given (a claim filed before the formal policy came, say).
        self.open_cover_note = named(QPushButton(), "openCoverNote")
        self.print_cover_note = named(QPushButton(), "printCoverNote")
        self.open_policy = named(QPushButton(), "openPolicy")
        self.print_policy = named(QPushButton(), "printPolicy")
        self.reveal = named(QPushButton(), "revealPolicyholder")
        self.reveal.setVisible(user.can(Permission.REVEAL_PERSONAL_DATA))
        self.reveal.clicked.connect(self._reveal)
        # 批改, 退保 and the history: the change wizard (ui/changes) and the versions.
        self.endorse_button = named(QPushButton(), "endorsePolicy")
        self.cancel_button = named(QPushButton(), "cancelPolicy")
        self.history_button = named(QPushButton(), "policyHistory")
        for b in (
            self.open_cover_note,
            self.print_cover_note,
            self.open_policy,
            self.print_policy,
            self.reveal,
            self.endorse_button,
            self.cancel_button,
            self.history_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.open_cover_note.clicked.connect(lambda: self.open_pdf("cover_note"))
        self.open_policy.clicked.connect(lambda: self.open_pdf("policy"))
        self.print_cover_note.clicked.connect(lambda: self.print_pdf("cover_note"))
        self.print_policy.clicked.connect(lambda: self.print_pdf("policy"))
        self.endorse_button.clicked.connect(lambda: self.open_change("endorse"))
        self.cancel_button.clicked.connect(lambda: self.open_change("cancel"))
        self.history_button.clicked.connect(self.show_history)
        self.change_dialog: QDialog | None = None
        self.history_dialog: QDialog | None = None
        self.rows: list = []
        self._read_seq = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Policies"))
        self.note.setText(
            self.tr(
                "Newest first. ID numbers and phones are masked; a supervisor can reveal one (audited)."
            )
        )
        self.open_cover_note.setText(self.tr("Open cover note"))
        self.print_cover_note.setText(self.tr("Print cover note"))
        self.open_policy.setText(self.tr("Open policy"))
        self.print_policy.setText(self.tr("Print policy"))
        self.reveal.setText(self.tr("Reveal the policyholder (audited)"))
        self.search.setPlaceholderText(self.tr("Find by policy number, plate, VIN or name"))
        self.endorse_button.setText(self.tr("Endorse"))
        self.cancel_button.setText(self.tr("Cancel policy"))
        self.history_button.setText(self.tr("History"))

    def refresh(self) -> None:
        self._read_seq = seq = self._read_seq + 1
        user, term = self.user, self.search.text()

        def done(rows) -> None:
            if seq == self._read_seq:
                self.show_rows(rows)

        self.ops.read(
            lambda: self.ctx.policies.list_policies(user, search=term), done=done, owner=self
        )

    def show_rows(self, rows: list) -> None:
        zh = self.lang().startswith("zh")
        self.rows = rows
        cells = [
            [
                r.policy_number or self.tr("(no number yet)"),
                r.issued_at.astimezone().strftime("%Y-%m-%d") if r.issued_at else "",
                r.state_zh if zh else r.state,
                r.policyholder,
                r.plate or self.tr("no plate yet"),
                r.start_date.isoformat() if r.start_date else "",
                fmt_amount(r.premium_total) if r.premium_total is not None else "",
            ]
            for r in self.rows
        ]
        fill_table(
            self.table,
            [
                self.tr("Policy number"),
                self.tr("Issued"),
                self.tr("State"),
                self.tr("Policyholder"),
                self.tr("Plate"),
                self.tr("Cover starts"),
                self.tr("Premium"),
            ],
            cells,
        )
        self.revealed.clear()
        # The note says what the list shows: never "no policies" above a listed one.
        if cells:
            self.retranslate()
        elif self.search.text().strip():
            self.note.setText(self.tr("No policy matches this search."))
        else:
            self.note.setText(self.tr("No policies yet."))

    def _best_document(self) -> str:
        """A double-click opens the formal policy once there is one, else the cover note."""
        index = self.table.currentRow()
        if 0 <= index < len(self.rows) and self.rows[index].state == "confirmed":
            return "policy"
        return "cover_note"

    def _reveal(self) -> None:
        """The supervisor sees the policyholder's name, ID number and phone in full: each one
        an audited reveal, written on the write lane."""
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows) or self.rows[index].policyholder_id is None:
            self.note.setText(self.tr("Choose a policy in the list first."))
            return
        customer_id, user = self.rows[index].policyholder_id, self.user
        reveal = self.ctx.personal_data.reveal

        def read_all():
            return [
                reveal(user, customer_id, f, "policies page")
                for f in ("name", "id_number", "phone")
            ]

        def done(values) -> None:
            self.revealed.setText(" · ".join(v for v in values if v))

        self.ops.write(
            read_all, done=done, failed=lambda text, _e: self.note.setText(text), initiator=self
        )

    def _with_pdf(self, kind: str, then) -> None:
        """The selected policy's document written out (from the store, on the pool), then `then`
        with its path on the GUI thread."""
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.note.setText(self.tr("Choose a policy in the list first."))
            return
        policy_id, user, home = self.rows[index].id, self.user, self.ctx.home
        self.ops.read(
            lambda: self.ctx.policies.pdf_file(user, policy_id, kind, home),
            done=then,
            failed=lambda text, _e: self.note.setText(text),
            owner=self,
        )

    def open_pdf(self, kind: str) -> None:
        self._with_pdf(kind, lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))

    def print_pdf(self, kind: str) -> None:
        def printed(path: Path) -> None:
            self.note.setText(self.tr("Sent to the printer: %1").replace("%1", path.name))

        def failed(text: str, _exc: BaseException) -> None:
            self.note.setText(text)

        def send(path: Path) -> Path:
            send_to_printer(path)
            return path

        # The printing system may take a moment to answer: on the pool, not the GUI thread.
        self._with_pdf(
            kind,
            lambda path: self.ops.read(send, path, done=printed, failed=failed, owner=self),
        )

    def _selected_id(self) -> str | None:
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.note.setText(self.tr("Choose a policy in the list first."))
            return None
        return str(self.rows[index].id)

    def open_change(self, mode: str) -> None:
        """批改 or 退保 of the chosen policy in the change wizard (ui/changes/change_dialog.py)."""
        from ui.changes.change_dialog import ChangeDialog

        policy_id = self._selected_id()
        if policy_id is None:
            return
        dialog = self.change_dialog = ChangeDialog(self.ctx, self.user, policy_id, mode, self)
        dialog.finished.connect(lambda _code: self.refresh())
        dialog.open()

    def show_history(self) -> None:
        """Every version and transaction of the chosen policy, as `chudan policy history` lists."""
        policy_id = self._selected_id()
        if policy_id is None:
            return
        try:
            h = self.ctx.changes.history(self.user, policy_id)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return
        from ui.changes.history_dialog import HistoryDialog

        zh = self.ctx.settings.language().startswith("zh")
        self.history_dialog = HistoryDialog(h, zh, self)
        self.history_dialog.open()
