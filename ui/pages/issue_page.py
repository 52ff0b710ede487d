"""新建投保: start a new policy in the wizard, or resume a saved draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import named

if TYPE_CHECKING:
    from ui.wizard.issue_wizard import IssueWizard


class IssuePage(Page):
    def __init__(
        self, ctx, user, parent=None, tasks=None, ocr=None, lookup=None, refer=None, qr_status=None
    ) -> None:
        super().__init__(ctx, user, parent)
        self.lookup = lookup  # head office's look-ups (sync), when this desk has them
        self.refer = refer  # sending a referral to head office (sync)
        self.qr_status = qr_status  # has head office heard that a payment QR was paid?
        self.tasks, self.ocr = tasks, ocr
        self.new_button = named(QPushButton(), "newPolicyButton")
        self.resume_button = named(QPushButton(), "resumeDraftButton")
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.resume_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.drafts = read_only_table("draftsTable")
        self.layout_.addWidget(self.drafts)
        self.wizard: IssueWizard | None = None
        self._draft_ids: list[str] = []
        self.new_button.clicked.connect(lambda: self.open_wizard(None))
        self.resume_button.clicked.connect(self._resume_selected)
        self.drafts.doubleClicked.connect(lambda idx: self.open_wizard(self._draft_ids[idx.row()]))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("New policy"))
        self.note.setText(
            self.tr(
                "Scan the ID card and the vehicle licence, check, choose the covers, let the customer "
                "sign, take the payment and issue. Drafts are saved at every step."
            )
        )
        self.new_button.setText(self.tr("New policy"))
        self.resume_button.setText(self.tr("Resume the selected draft"))

    def open_wizard(self, draft_id: str | None) -> IssueWizard:
        from ui.wizard.issue_wizard import IssueWizard, OcrHolder

        if self.wizard is not None:
            self.layout_.removeWidget(self.wizard)
            self.wizard.deleteLater()
        wizard = self.wizard = IssueWizard(
            self.ctx,
            self.user,
            self.tasks,
            self.ocr or OcrHolder(),
            self,
            lookup=self.lookup,
            refer=self.refer,
            qr_status=self.qr_status,
            warm_ocr=True,
        )
        if draft_id:
            wizard.load_draft(draft_id)
        self.drafts.hide()
        self.layout_.addWidget(wizard, 1)
        wizard.show()
        return wizard

    def _resume_selected(self) -> None:
        row = self.drafts.currentRow()
        if 0 <= row < len(self._draft_ids):
            self.open_wizard(self._draft_ids[row])

    def refresh(self) -> None:
        step_names = {
            "customer": self.tr("Customer"),
            "vehicle": self.tr("Vehicle"),
            "coverage": self.tr("Coverage"),
            "underwriting": self.tr("Underwriting"),
            "review": self.tr("Review and signature"),
            "payment": self.tr("Payment"),
            "bind": self.tr("Issue"),
        }
        drafts = self.ctx.drafts.list_open(self.user)
        self._draft_ids = [d.id for d in drafts]
        rows = [
            [
                d.label,
                step_names.get(d.step, d.step),
                d.created_by,
                d.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            ]
            for d in drafts
        ]
        fill_table(
            self.drafts,
            [self.tr("Customer · plate"), self.tr("Step"), self.tr("Clerk"), self.tr("Saved")],
            rows,
        )
