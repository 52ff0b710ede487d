"""保单: the policies this user may see, personal data masked."""

from __future__ import annotations

from app.money import fmt_money
from ui.pages.base import Page, fill_table, read_only_table


class PoliciesPage(Page):
    def __init__(self, ctx, user, parent=None) -> None:
        super().__init__(ctx, user, parent)
        self.table = read_only_table("policiesTable")
        self.layout_.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Policies"))
        self.note.setText(self.tr("Newest first. ID numbers and phones are masked; a supervisor can reveal one (audited)."))

    def refresh(self) -> None:
        zh = self.ctx.settings.language().startswith("zh")
        rows = [[r.policy_number or self.tr("(no number yet)"), r.state_zh if zh else r.state, r.policyholder,
                 r.plate or self.tr("no plate yet"), fmt_money(r.premium_total) if r.premium_total is not None else ""]
                for r in self.ctx.policies.list_policies(self.user)]
        fill_table(self.table, [self.tr("Policy number"), self.tr("State"), self.tr("Policyholder"), self.tr("Plate"),
                                self.tr("Premium")], rows)
        if not rows:
            self.note.setText(self.tr("No policies yet."))
