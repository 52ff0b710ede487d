"""新建投保: start a new policy in the wizard, or resume a saved draft. The drafts stay one click
away while a wizard is open; starting another policy asks whether to keep the open one. A desk
that belongs to no outlet yet says so here, before the clerk scans anything."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.issuance.outlet import desk_outlet
from ui import heap
from ui.pages.base import Page, age_text, fill_table, read_only_table
from ui.widgets import named

if TYPE_CHECKING:
    from ui.pages.phone_dialog import PhoneReviews
    from ui.wizard.issue_wizard import IssueWizard

STEP_KEYS = ("customer", "vehicle", "coverage", "review", "payment")


# What the wizard imports only when it opens or builds a step (each import on the GUI thread
# adds to the pause of 新建投保 or of a step change): imported with it, on the worker.
WIZARD_MODULES = (
    "ui.wizard.issue_wizard",
    "app.desk.training",  # the outlet's standard times: app.issuance.service, delivery, smtplib
    "app.training.standards",
    "ui.wizard.camera",
    "ui.wizard.custom_covers",
    "ui.pages.phone_dialog",  # the page's inbox for the customer's phone, made with the wizard
    "app.issuance.flow_services",
    "app.issuance.payments",
    "app.issuance.referrals",
    "app.issuance.registry_check",
    "app.issuance.schedule",
    "app.issuance.signing",
    "app.rating.terms",
    "app.rating.worksheet_text",
    "app.renewals.renewal",
)


def load_wizard_modules() -> None:
    """What opening a wizard imports (on a worker, while the clerk looks at the page)."""
    for name in WIZARD_MODULES:
        importlib.import_module(name)


class IssuePage(Page):
    shows = ("drafts",)

    def __init__(
        self,
        ctx,
        user,
        parent=None,
        tasks=None,
        ocr=None,
        lookup=None,
        queue_lookup=None,
        refer=None,
        qr_status=None,
        ops=None,
        sync_now=None,
        phone_inbox=None,
    ) -> None:
        super().__init__(ctx, user, parent, ops)
        # The customer's phone (ui/pages/phone_dialog.py): makes the desk's inbox on first use.
        self.phone_inbox = phone_inbox
        self.phone_reviews: PhoneReviews | None = None
        self.lookup = lookup  # head office's look-ups (sync), when this desk has them
        self.queue_lookup = queue_lookup
        self.refer = refer  # sending a referral to head office (sync)
        self.qr_status = qr_status  # has head office heard that a payment QR was paid?
        self.sync_now = sync_now
        # A training session's scenario documents for the wizard it opens (the main window
        # sets it in training; None in real work).
        self.training_documents: Callable[[], list[Any]] | None = None
        self.tasks, self.ocr = tasks or self.ops.tasks, ocr
        self.no_outlet = named(QLabel(), "noOutlet")
        self.no_outlet.setWordWrap(True)
        self.no_outlet.setProperty("tone", "problem")
        self.no_outlet.hide()
        self.layout_.addWidget(self.no_outlet)
        self.new_button = named(QPushButton(), "newPolicyButton")
        self.new_button.setProperty("role", "primary")
        self.drafts_button = named(QPushButton(), "draftsButton")
        self.phone_button = named(QPushButton(), "phoneButton")
        # The buttons beside the title: a wizard open below needs every line of a 768-px screen.
        self.layout_.removeWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addSpacing(16)
        row.addWidget(self.new_button)
        row.addWidget(self.drafts_button)
        row.addWidget(self.phone_button)
        row.addStretch(1)
        self.layout_.insertLayout(0, row)
        self.views = QStackedWidget()
        self.list_view = QWidget()
        lv = QVBoxLayout(self.list_view)
        lv.setContentsMargins(0, 0, 0, 0)
        self.drafts = read_only_table("draftsTable")
        lv.addWidget(self.drafts, 1)
        list_buttons = QHBoxLayout()
        self.resume_button = named(QPushButton(), "resumeDraftButton")
        self.back_to_wizard = named(QPushButton(), "backToWizard")
        list_buttons.addWidget(self.resume_button)
        list_buttons.addWidget(self.back_to_wizard)
        list_buttons.addStretch(1)
        lv.addLayout(list_buttons)
        self.views.addWidget(self.list_view)
        self.layout_.addWidget(self.views, 1)
        self.wizard: IssueWizard | None = None
        self._draft_ids: list[str] = []
        self._draft_count = 0
        self._read_seq = 0
        self._preloaded = False
        self._wizard_ready = False
        self._has_outlet = False
        self.new_button.clicked.connect(self.new_policy)
        self.drafts_button.clicked.connect(self.show_drafts)
        self.phone_button.clicked.connect(self.show_phone)
        self.resume_button.clicked.connect(self._resume_selected)
        self.back_to_wizard.clicked.connect(self.show_wizard)
        self.drafts.doubleClicked.connect(lambda idx: self.open_wizard(self._draft_ids[idx.row()]))
        self.retranslate()
        self._show_buttons()

    def retranslate(self) -> None:
        self.title.setText(self.tr("New policy"))
        self.note.setText(
            self.tr(
                "Scan the ID card and the vehicle licence, check, choose the covers, let the customer "
                "sign, take the payment and issue. Drafts are saved as you go."
            )
        )
        self.new_button.setText(self.tr("New policy"))
        self.drafts_button.setText(self.tr("Drafts (%1)").replace("%1", str(self._draft_count)))
        self.phone_button.setText(self.tr("Customer fills in on the phone…"))
        self.resume_button.setText(self.tr("Resume the selected draft"))
        self.back_to_wizard.setText(self.tr("Back to the open policy"))
        self.no_outlet.setText(
            self.tr(
                "This desk does not belong to an outlet yet, so no policy can be issued here: an "
                "administrator sets it up on the Sync page (Provision this desk)."
            )
        )

    def _show_buttons(self) -> None:
        wizard_open = self.wizard is not None
        # The note explains the page; with a wizard on screen it only takes a line from it.
        self.note.setVisible(self.views.currentWidget() is not self.wizard or not wizard_open)
        self.back_to_wizard.setVisible(
            wizard_open and self.views.currentWidget() is not self.wizard
        )
        self.drafts_button.setEnabled(self.views.currentWidget() is not self.list_view)

    # -- the wizard -------------------------------------------------------------------------------
    def new_policy(self) -> None:
        """A new issuance; one already open is kept as a draft or discarded, as the clerk says."""
        if self.wizard is not None and self.wizard.has_content() and not self._issued():
            answer = self.ask_keep()
            if answer == "cancel":
                return
            if answer == "discard":
                self.ops.write(
                    self.ctx.drafts.abandon,
                    self.user,
                    self.wizard.draft_id,
                    "discarded by the clerk",
                    initiator=self,
                )
            else:
                self.wizard.save_now()
        self.open_wizard(None)

    def show_phone(self) -> None:
        """The QR code for the customer's phone and the applications phones sent."""
        from ui.pages.phone_dialog import PhoneDialog
        from ui.wizard.issue_wizard import OcrHolder

        if self.ocr is None:
            self.ocr = OcrHolder()
        self.phone_dialog = PhoneDialog(self, self._phone_reviews(), self.ocr)
        self.phone_dialog.show()

    def _phone_reviews(self) -> PhoneReviews:
        """The page's one inbox for the customer's phone, shared by the dialog and the wizards
        (their signature links): made on first use."""
        from ui.pages.phone_dialog import PhoneReviews

        if self.phone_reviews is None:
            # phone_inbox read when the inbox is first made (on the pool), not now.
            self.phone_reviews = PhoneReviews(lambda: (self.phone_inbox or (lambda: None))())
        return self.phone_reviews

    def continue_phone_application(self, review) -> None:
        """The clerk takes an application from the phone: a new issuance, filled from it."""
        if self.wizard is not None and self.wizard.has_content() and not self._issued():
            self.wizard.save_now()  # the open one is kept as a draft
        inbox = self.phone_reviews.inbox if self.phone_reviews is not None else None
        self.open_wizard(None).take_phone_application(review, inbox)
        if inbox is not None and hasattr(inbox, "continued"):
            # After the draft's first save on the same lane: the draft holds it from then on.
            self.ops.write(inbox.continued, review.application_id, initiator=self)

    def _issued(self) -> bool:
        return (
            self.wizard is not None
            and self.wizard.result is not None
            and bool(self.wizard.result.policy_number)
        )

    def ask_keep(self) -> str:
        """ "keep", "discard" or "cancel"."""
        box = QMessageBox(self)
        box.setObjectName("keepDraftQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("New policy"))
        box.setText(self.tr("A policy is open. Keep it as a draft to finish later?"))
        keep = box.addButton(self.tr("Keep as draft"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard it"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        self.keep_question = box
        box.exec()
        clicked = box.clickedButton()
        return "keep" if clicked is keep else "discard" if clicked is discard else "cancel"

    def open_wizard(self, draft_id: str | None) -> IssueWizard:
        from ui.wizard.issue_wizard import IssueWizard, OcrHolder

        if self.wizard is not None:
            if draft_id != self.wizard.draft_id:
                self.wizard.save_now()
            self.views.removeWidget(self.wizard)
            self.wizard.deleteLater()
        wizard = self.wizard = IssueWizard(
            self.ctx,
            self.user,
            self.tasks,
            self.ocr or OcrHolder(),
            self,
            lookup=self.lookup,
            queue_lookup=self.queue_lookup,
            refer=self.refer,
            qr_status=self.qr_status,
            warm_ocr=True,
            ops=self.ops,
            sync_now=self.sync_now,
            phone=self._phone_reviews().ready if self.phone_inbox is not None else None,
            documents=self.training_documents() if self.training_documents else None,
        )
        if draft_id:
            wizard.load_draft(draft_id)
        self.views.addWidget(wizard)
        self.show_wizard()
        return wizard

    def show_wizard(self) -> None:
        if self.wizard is not None:
            self.views.setCurrentWidget(self.wizard)
        self._show_buttons()

    def show_drafts(self) -> None:
        """The drafts list, the open wizard kept as it is (and saved)."""
        if self.wizard is not None:
            self.wizard.save_now()
        self.views.setCurrentWidget(self.list_view)
        self._show_buttons()
        self.refresh()

    def _resume_selected(self) -> None:
        row = self.drafts.currentRow()
        if 0 <= row < len(self._draft_ids) and self.drafts.selectedItems():
            self.open_wizard(self._draft_ids[row])

    def save_open(self) -> None:
        """The window is closing or logging out: the open issuance is kept."""
        if self.wizard is not None and not self._issued():
            self.wizard.save_now()

    # -- the list -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self._preloaded:
            # The wizard's modules are imported by a worker while the clerk looks at the page,
            # so 新建投保 does not wait for them.
            self._preloaded = True
            # 新建投保 is enabled once they are: clicked before, it froze the window until the
            # worker's import finished (the GUI thread waits on the module's import lock).
            self.ops.read(
                lambda: load_wizard_modules(),
                done=lambda _module: self._wizard_loaded(),
                failed=lambda _text, _exc: self._wizard_loaded(),  # the click then says why
                owner=self,
            )
        self._read_seq = seq = self._read_seq + 1
        store, user = self.ctx.store, self.user

        def read():
            return self.ctx.drafts.list_open(user), desk_outlet(store)

        def done(result) -> None:
            if seq == self._read_seq:
                self._show_list(*result)

        self.ops.read(read, done=done, owner=self)

    def _wizard_loaded(self) -> None:
        self._wizard_ready = True
        heap.freeze()  # the wizard's modules are kept out of full collections (ui/heap.py)
        self._enable_new()

    def _enable_new(self) -> None:
        """新建投保 once the desk is known to have an outlet and the wizard's modules are loaded."""
        self.new_button.setEnabled(self._has_outlet and self._wizard_ready)

    def _show_list(self, drafts, outlet) -> None:
        self.no_outlet.setVisible(outlet is None)
        self._has_outlet = outlet is not None
        self._enable_new()
        step_names = {
            "customer": self.tr("Customer"),
            "vehicle": self.tr("Vehicle"),
            "coverage": self.tr("Coverage"),
            "review": self.tr("Review and signature"),
            "payment": self.tr("Payment"),
        }
        open_id = self.wizard.draft_id if self.wizard is not None else None
        shown = [
            d for d in drafts if d.id != open_id or self.views.currentWidget() is self.list_view
        ]
        self._draft_ids = [d.id for d in shown]
        self._draft_count = len(drafts)
        self.drafts_button.setText(self.tr("Drafts (%1)").replace("%1", str(self._draft_count)))
        now = datetime.now(UTC)
        rows = [
            [
                d.label,
                step_names.get(d.step, d.step),
                d.created_by,
                d.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                age_text((now - d.updated_at).total_seconds() / 60),
            ]
            for d in shown
        ]
        fill_table(
            self.drafts,
            [
                self.tr("Customer · plate"),
                self.tr("Step"),
                self.tr("Clerk"),
                self.tr("Saved"),
                self.tr("Waiting"),
            ],
            rows,
        )
