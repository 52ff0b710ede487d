"""保单: the policies this user may see, personal data masked; open or print the cover note or,
once head office has confirmed, the formal policy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

from app.core.errors import ChudanError
from app.core.money import fmt_money
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
    def __init__(self, ctx, user, parent=None) -> None:
        super().__init__(ctx, user, parent)
        self.table = read_only_table("policiesTable")
        self.layout_.addWidget(self.table)
        buttons = QHBoxLayout()
        # Either document, opened or printed: after confirmation the customer may still want the
        # cover note they were given (a claim filed before the formal policy came, say).
        self.open_cover_note = named(QPushButton(), "openCoverNote")
        self.print_cover_note = named(QPushButton(), "printCoverNote")
        self.open_policy = named(QPushButton(), "openPolicy")
        self.print_policy = named(QPushButton(), "printPolicy")
        # 批改, 退保 and the history: the change wizard (ui/changes) and the versions.
        self.endorse_button = named(QPushButton(), "endorsePolicy")
        self.cancel_button = named(QPushButton(), "cancelPolicy")
        self.history_button = named(QPushButton(), "policyHistory")
        for b in (
            self.open_cover_note,
            self.print_cover_note,
            self.open_policy,
            self.print_policy,
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
        self.rows: list = []
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
        self.endorse_button.setText(self.tr("Endorse"))
        self.cancel_button.setText(self.tr("Cancel policy"))
        self.history_button.setText(self.tr("History"))

    def refresh(self) -> None:
        zh = self.ctx.settings.language().startswith("zh")
        self.rows = self.ctx.policies.list_policies(self.user)
        rows = [
            [
                r.policy_number or self.tr("(no number yet)"),
                r.state_zh if zh else r.state,
                r.policyholder,
                r.plate or self.tr("no plate yet"),
                fmt_money(r.premium_total) if r.premium_total is not None else "",
            ]
            for r in self.rows
        ]
        fill_table(
            self.table,
            [
                self.tr("Policy number"),
                self.tr("State"),
                self.tr("Policyholder"),
                self.tr("Plate"),
                self.tr("Premium"),
            ],
            rows,
        )
        if not rows:
            self.note.setText(self.tr("No policies yet."))

    def _selected_pdf(self, kind: str) -> Path | None:
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.note.setText(self.tr("Choose a policy in the list first."))
            return None
        try:
            return self.ctx.policies.pdf_file(self.user, self.rows[index].id, kind, self.ctx.home)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return None

    def open_pdf(self, kind: str) -> Path | None:
        path = self._selected_pdf(kind)
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def print_pdf(self, kind: str) -> None:
        path = self._selected_pdf(kind)
        if path is None:
            return
        try:
            send_to_printer(path)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return
        self.note.setText(self.tr("Sent to the printer: %1").replace("%1", path.name))

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
        zh = self.ctx.settings.language().startswith("zh")
        lines = [
            f"v{v['number']}  {v['effective_date'] or ''}  {v['state']}  "
            f"{v['change'] or self.tr('as issued')}  {v['premium']['total']}"
            for v in h["versions"]
        ] + [
            f"{t['number'] or ''}  {t['name_zh'] if zh else t['name_en']}  "
            f"{t['state_zh'] if zh else t['state']}  {t['difference']}"
            + (f"  {t['hq_reason']}" if t["hq_reason"] else "")
            for t in h["transactions"]
        ]
        self.note.setText("\n".join(lines))
