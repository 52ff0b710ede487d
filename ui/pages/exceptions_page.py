"""待处理: everything waiting on a person. Supervisors see all; clerks their own."""

from __future__ import annotations

from app.exception_queue import KIND_NAMES_ZH
from ui.pages.base import Page, fill_table, read_only_table


class ExceptionsPage(Page):
    def __init__(self, ctx, user, parent=None) -> None:
        super().__init__(ctx, user, parent)
        self.table = read_only_table("exceptionsTable")
        self.layout_.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Waiting for a person"))
        self.note.setText(self.tr("Referrals, registry mismatches, payment failures and head office's rejections."))

    def refresh(self) -> None:
        zh = self.ctx.settings.language().startswith("zh")
        rows = [[str(i.id), KIND_NAMES_ZH[i.kind] if zh else i.kind.value, i.reason, i.assigned_to or "—",
                 i.created_at.astimezone().strftime("%Y-%m-%d %H:%M")]
                for i in self.ctx.exceptions.list_items(self.user)]
        fill_table(self.table, [self.tr("No."), self.tr("Kind"), self.tr("Reason"), self.tr("Assigned to"),
                                self.tr("Opened")], rows)
