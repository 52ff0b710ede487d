"""Step 5, payment and issue (见费出单): each part is checked (app.issuance.payments.check_part)
before anything else is asked, recorded in the store the moment it is taken, and listed; the
policy is issued once the parts add up to the premium the customer signed for."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ChudanError
from app.core.money import fmt_amount, fmt_money
from app.issuance.payments import check_part, new_qr_reference, payment_qr_payload
from ui.widgets import field_label, named
from ui.wizard.qr_view import QrView
from ui.wizard.step_base import Step

METHODS = ("cash", "card", "qr", "transfer")


class PaymentStep(Step):
    key = "payment"

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.outstanding = named(QLabel(), "outstanding")
        self.outstanding.setProperty("tone", "premium")
        self.outer.addWidget(self.outstanding)
        self.part_box = named(QGroupBox(), "partBox")
        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.method = self.row(form, named(QComboBox(), "payMethod"), "payment.method")
        self.method.setMinimumWidth(160)
        self.amount = self.row(form, named(QLineEdit(), "payAmount"), "payment.amount")
        self.amount.setMaximumWidth(140)
        self.reference = self.row(form, named(QLineEdit(), "payReference"), "payment.reference")
        self.reference.setMaximumWidth(220)
        self.reason = self.row(form, named(QLineEdit(), "payFailure"), "payment.reason")
        self.reason.setMaximumWidth(260)
        # Shown for the QR method: the customer scans it; the part is recorded once paid.
        self.qr = QrView(170)
        self.qr.setObjectName("payQr")
        self.qr_caption = named(QLabel(), "payQrCaption")
        qr_box = QVBoxLayout()
        qr_box.addWidget(self.qr)
        qr_box.addWidget(self.qr_caption)
        self.qr_panel = QWidget()
        self.qr_panel.setLayout(qr_box)
        self.qr_panel.hide()
        buttons = QHBoxLayout()
        self.paid_button = named(QPushButton(), "paidButton")
        self.failed_button = named(QPushButton(), "failedButton")
        buttons.addWidget(self.paid_button)
        buttons.addWidget(self.failed_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(buttons)
        # Beside the fields, not under them: the parts taken stay in view while the QR is shown.
        beside = QHBoxLayout(self.part_box)
        beside.addLayout(left, 1)
        beside.addWidget(self.qr_panel)
        self.outer.addWidget(self.part_box)
        self.parts = named(QTableWidget(0, 4), "payParts")
        self.parts.verticalHeader().setVisible(False)
        header = self.parts.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)
        self.parts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # A cash part, a declined card and the card that paid show without scrolling.
        self.parts.setMinimumHeight(150)
        self.outer.addWidget(self.parts, 1)
        self.message = named(QLabel(), "payMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("tone", "problem")
        self.outer.addWidget(self.message)
        self.issue_button = named(QPushButton(), "issueButton")
        self.issue_button.setProperty("role", "primary")
        self.outer.addWidget(self.issue_button)
        self.result = named(QLabel(), "issueResult")
        self.result.setWordWrap(True)
        self.open_pdf = named(QPushButton(), "openPdf")
        self.open_pdf.hide()
        self.outer.addWidget(self.result)
        self.outer.addWidget(self.open_pdf)
        self.outer.addStretch(1)
        self.payments: list[dict] = []
        self.total = Decimal("0")
        self.qr_amount = Decimal("0")  # what the QR shown asks for
        self.busy = False  # a part is being recorded
        self.terminal_declined = False  # a training drill's card terminal declined the part
        self.locked = False
        self.method.currentIndexChanged.connect(self.update_qr)
        self.amount.textChanged.connect(self.update_qr)
        self.paid_button.clicked.connect(lambda: self.add_part(True))
        self.failed_button.clicked.connect(lambda: self.add_part(False))
        self.retranslate()
        self.build_in_parts(iter(()))  # built; its sections polished a turn each

    def retranslate(self) -> None:
        self.part_box.setTitle(self.tr("Take a payment"))
        names = {
            "cash": self.tr("Cash"),
            "card": self.tr("Card terminal"),
            "qr": self.tr("QR code"),
            "transfer": self.tr("Bank transfer"),
        }
        chosen = self.method.currentData() or "cash"
        self.method.blockSignals(True)
        self.method.clear()
        for code in METHODS:
            self.method.addItem(names[code], code)
        self.method.setCurrentIndex(self.method.findData(chosen))
        self.method.blockSignals(False)
        for widget, text in (
            (self.method, self.tr("Method")),
            (self.amount, self.tr("Amount (yuan)")),
            (self.reference, self.tr("Reference (terminal or transfer)")),
            (self.reason, self.tr("Failure reason (if it failed)")),
        ):
            field_label(self.form, widget).setText(text)
        self.paid_button.setText(self.tr("Record as paid"))
        self.failed_button.setText(self.tr("Record as failed"))
        self.parts.setHorizontalHeaderLabels(
            [self.tr("Method"), self.tr("Amount"), self.tr("Reference"), self.tr("Result")]
        )
        self.issue_button.setText(self.tr("Issue the policy"))
        self.open_pdf.setText(self.tr("Open the cover note PDF"))
        self.refresh()
        self.update_qr()

    # -- the data -------------------------------------------------------------------------------
    def set_total(self, total: Decimal) -> None:
        self.total = total
        self.refresh()

    def show_paid(self, total: Decimal, parts: list[dict[str, str]]) -> None:
        """The draft's parts as the store holds them."""
        self.total = total
        self.payments = list(parts)
        self.refresh()

    def paid(self) -> Decimal:
        return sum(
            (Decimal(p["amount"]) for p in self.payments if not p.get("failed")), Decimal("0")
        )

    def refresh(self) -> None:
        left = self.total - self.paid()
        self.outstanding.setText(self.tr("Still to pay: %1 yuan").replace("%1", fmt_amount(left)))
        if not self.locked:
            self.amount.setText(fmt_money(left) if left > 0 else "")
        self.issue_button.setEnabled(
            left == 0 and self.total > 0 and not self.locked and not self.busy
        )
        for w in (self.paid_button, self.failed_button):
            w.setEnabled(not self.busy and not self.locked and left > 0)
        self.parts.setRowCount(len(self.payments))
        for r, p in enumerate(self.payments):
            for c, v in enumerate(
                (
                    self.method.itemText(self.method.findData(p["method"])),
                    fmt_amount(Decimal(p["amount"])),  # stored in the wire form, 2369.73
                    p.get("reference", ""),
                    self.tr("failed: %1").replace("%1", p["failed"])
                    if p.get("failed")
                    else self.tr("paid"),
                )
            ):
                item = QTableWidgetItem(v)
                if c == 1:  # amounts line up on the decimal point, as on the schedule
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.parts.setItem(r, c, item)

    def update_qr(self, *_args: Any) -> None:
        self.show_terminal()
        method = self.method.currentData()
        if method != "qr" and self.reference.text().strip().startswith("QR"):
            self.reference.clear()  # a payment code's reference is that code's, not another part's
        self.reference.setEnabled(method != "cash" and not self.locked)  # cash has none
        if method != "qr" or self.locked:
            self.qr_panel.hide()
            return
        try:
            amount = Decimal(self.amount.text().strip())
        except InvalidOperation:
            amount = Decimal("0")
        if amount <= 0:
            self.qr_panel.hide()
            return
        if not self.reference.text().strip().startswith("QR"):
            self.reference.setText(new_qr_reference())
        reference = self.reference.text().strip()
        self.qr_amount = amount
        self.qr.set_data(payment_qr_payload(amount, reference))
        self.qr_caption.setText(
            self.tr("Scan to pay %1 yuan · reference %2")
            .replace("%1", fmt_amount(amount))
            .replace("%2", reference)
        )
        self.qr_panel.show()

    def show_terminal(self) -> None:
        """A training drill's card terminal (the wizard's `card_limit`, None in real work): a
        card part over the card's limit is declined, and the step says so. What the clerk then
        records (the failed part, or a paid one all the same) is theirs to decide."""
        limit = getattr(self.wizard, "card_limit", None)
        if limit is None:
            return
        try:
            amount = Decimal(self.amount.text().strip())
        except InvalidOperation:
            amount = Decimal("0")
        declined = self.method.currentData() == "card" and amount > limit and not self.locked
        if declined:
            self.message.setText(
                self.tr(
                    "Card terminal (training): declined, over the card's limit of %1 yuan."
                ).replace("%1", fmt_amount(limit))
            )
            if not self.reason.text().strip():
                self.reason.setText(self.tr("over the card's limit"))
        elif self.terminal_declined:
            self.message.clear()
        self.terminal_declined = declined

    def lock(self) -> None:
        """Issued: what was paid is on the policy; nothing more is taken here."""
        self.locked = True
        for w in (
            self.method,
            self.amount,
            self.reference,
            self.reason,
            self.paid_button,
            self.failed_button,
        ):
            w.setEnabled(False)
        self.qr_panel.hide()
        self.refresh()

    def add_part(self, succeeded: bool) -> None:
        """Check the part first (amount, reference, not more than is due), then ask for the
        large-cash record if it needs one, then record it."""
        try:
            amount = Decimal(self.amount.text().strip())
        except InvalidOperation:
            self.message.setText(self.tr("Enter the amount in yuan, e.g. 1200.00."))
            return
        part: dict[str, Any] = {
            "method": self.method.currentData(),
            "amount": fmt_money(amount),
            "reference": self.reference.text().strip(),
        }
        if not succeeded:
            part["failed"] = self.reason.text().strip() or self.tr("declined")
        try:
            check_part(
                part["method"],
                amount,
                part["reference"],
                self.total - self.paid(),
                succeeded=succeeded,
            )
        except ChudanError as exc:
            self.message.setText(exc.localized(self.lang()))
            return
        self.message.clear()
        if succeeded and part["method"] == "cash":  # the day's cash is read on the pool first
            self._hold(True)
            self.wizard.ops.read(
                self.wizard.aml_facts_call(),
                done=lambda facts: self._take_cash(part, amount, *facts),
                failed=lambda text, _exc: self._not_taken(text),
                owner=self,
            )
            return
        self._record(part)

    def _record(self, part: dict[str, Any]) -> None:
        self.busy = True
        self.refresh()
        self.wizard.record_payment(part)

    def _hold(self, busy: bool) -> None:
        """Buttons off while the day's cash is read; the amount typed stays as it is."""
        self.busy = busy
        for w in (self.paid_button, self.failed_button):
            w.setEnabled(not busy and not self.locked and self.total - self.paid() > 0)

    def _not_taken(self, text: str) -> None:
        self._hold(False)
        self.message.setText(text)

    def _take_cash(self, part: dict[str, Any], amount: Decimal, earlier: Decimal, rules) -> None:
        why = self.wizard.aml_reason(amount, earlier, rules)
        if why is not None:
            record = self.wizard.ask_aml_record(part["amount"], why)
            if record is None:
                self._not_taken(self.tr("Large cash needs its record; the payment was not taken."))
                return
            part["aml_record"] = record
        self._record(part)

    def part_recorded(self, parts: list[dict[str, str]], total: Decimal) -> None:
        """The store has the part: the next one starts clean (no reference carried over)."""
        self.busy = False
        self.payments = list(parts)
        self.total = total
        self.reference.clear()
        self.reason.clear()
        self.message.clear()
        self.refresh()
        self.update_qr()
        if self.isVisible() and self.amount.isEnabled():
            self.amount.setFocus()  # the next part starts at its amount

    def part_refused(self, text: str) -> None:
        self.busy = False
        self.message.setText(text)
        self.refresh()

    def fill(self, data: dict[str, Any]) -> None:
        self.payments = list(data.get("payments") or [])
        self.refresh()
