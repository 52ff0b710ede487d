"""新建投保: open drafts to resume. The guided wizard itself arrives with the wizard issue."""

from __future__ import annotations

from ui.pages.base import Page, fill_table, read_only_table


class IssuePage(Page):
    def __init__(self, ctx, user, parent=None) -> None:
        super().__init__(ctx, user, parent)
        self.drafts = read_only_table("draftsTable")
        self.layout_.addWidget(self.drafts)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("New policy"))
        self.note.setText(self.tr(
            "The guided issuance wizard (scan, check, quote, sign, pay, issue) arrives with the wizard issue. "
            "Drafts saved so far are listed below."))

    def refresh(self) -> None:
        step_names = {"customer": self.tr("Customer"), "vehicle": self.tr("Vehicle"), "coverage": self.tr("Coverage"),
                      "underwriting": self.tr("Underwriting"), "review": self.tr("Review and signature"),
                      "payment": self.tr("Payment"), "bind": self.tr("Issue")}
        rows = [[d.label, step_names.get(d.step, d.step), d.created_by, d.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")]
                for d in self.ctx.drafts.list_open(self.user)]
        fill_table(self.drafts, [self.tr("Customer · plate"), self.tr("Step"), self.tr("Clerk"), self.tr("Saved")], rows)
