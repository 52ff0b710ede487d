"""报表: not built yet, and says so."""

from __future__ import annotations

from ui.pages.base import Page


class ReportsPage(Page):
    def __init__(self, ctx, user, parent=None, ops=None) -> None:
        super().__init__(ctx, user, parent, ops)
        self.layout_.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Reports"))
        self.note.setText(
            self.tr(
                "Reports (the day's figures, renewal rate, issuance time) are not built yet; "
                "they arrive with a later issue."
            )
        )
