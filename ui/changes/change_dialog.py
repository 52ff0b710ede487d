"""批改 and 退保 from the 保单 page: a short wizard over app.changes (its flow is data in
app/changes/flow.py). Choose the kind → edit only what that kind may change → see the difference
and its worksheet → a supervisor approves where the table says so → the customer signs where
cover or premium changes → collect or record the refund and issue the 批单. Every step is the
desk's service (ChangeService), each its own transaction, so it works offline; closing before
the 批单 is issued withdraws the change."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes.flow import FORMS, MENU, build_request, choices
from app.changes.kinds import RULES, Kind
from app.changes.service import ChangeView
from app.core.errors import ChudanError
from app.core.money import fmt_amount
from ui.widgets import named
from ui.wizard.signature_pad import SignaturePad


class ChangeDialog(QDialog):
    """`mode` "endorse" offers the kinds; "cancel" goes straight to the cancellation form."""

    def __init__(self, ctx, user, policy_id: str, mode: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changeDialog")
        self.ctx, self.user, self.policy_id = ctx, user, policy_id
        self.zh = ctx.settings.language().startswith("zh")
        self.view: ChangeView | None = None
        self.inputs: dict[str, QWidget] = {}
        self.stack = QStackedWidget()
        self.problems = named(QLabel(), "changeProblems")
        self.problems.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        layout.addWidget(self.problems)
        self._kind_page()
        self.form_page = QWidget()
        self.stack.addWidget(self.form_page)
        self._review_page()
        self.done_label = named(QLabel(), "changeDone")
        self.done_label.setWordWrap(True)
        self.stack.addWidget(self.done_label)
        self.setWindowTitle(self.tr("Endorse") if mode == "endorse" else self.tr("Cancel policy"))
        self.resize(640, 560)
        if mode == "cancel":
            self.choose(Kind.CANCEL)

    def _text(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    def _say(self, exc: ChudanError) -> None:
        self.problems.setText(exc.localized(self.ctx.settings.language()))

    # -- step 1: the kind ---------------------------------------------------------------------
    def _kind_page(self) -> None:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(QLabel(self.tr("What changes?")), 0, 0, 1, 2)
        self.kind_buttons: dict[Kind, QPushButton] = {}
        for i, kind in enumerate(MENU):
            rule = RULES[kind]
            b = named(QPushButton(self._text(rule.name_zh, rule.name_en)), f"kind_{kind.value}")
            b.clicked.connect(lambda _=False, k=kind: self.choose(k))
            grid.addWidget(b, 1 + i // 2, i % 2)
            self.kind_buttons[kind] = b
        # Head office rejected the last change (made on a version it no longer held): offer to
        # make it again on the current one.
        self.redo_button = named(QPushButton(), "redoChange")
        self.redo_button.clicked.connect(self.redo)
        self.rejected_change = self.ctx.changes.last_rejected(self.user, self.policy_id)
        if self.rejected_change is not None:
            rule = RULES[Kind(self.rejected_change.change_kind)]
            self.redo_button.setText(
                self.tr("Make %1 again on the current version").replace(
                    "%1", self._text(rule.name_zh, rule.name_en)
                )
            )
            grid.addWidget(self.redo_button, 2 + len(MENU) // 2, 0, 1, 2)
        else:
            self.redo_button.hide()
        self.stack.addWidget(page)

    def redo(self) -> None:
        assert self.rejected_change is not None
        try:
            self.view = self.ctx.changes.redo(self.user, self.rejected_change.id)
        except ChudanError as exc:
            self._say(exc)
            return
        self.problems.clear()
        self._show_review()

    def choose(self, kind: Kind) -> None:
        try:
            self.view = self.ctx.changes.start(self.user, self.policy_id, kind.value)
        except ChudanError as exc:
            self._say(exc)
            return
        self.problems.clear()
        self._build_form(kind)
        self.stack.setCurrentWidget(self.form_page)
        first = next(iter(self.inputs.values()), None)
        self.activateWindow()
        if first is not None:
            first.setFocus()  # the cursor waits in the first field: the clerk types at once

    # -- step 2: only what the kind may change -------------------------------------------------
    def _build_form(self, kind: Kind) -> None:
        form = QFormLayout(self.form_page)
        form.addRow(QLabel(self._text(RULES[kind].name_zh, RULES[kind].name_en)))
        table = self.ctx.changes.tables.load(self._table_version())
        covers = self._covers()
        for f in FORMS[kind]:
            name = "field_" + f.path.replace(".", "_")
            widget: QWidget
            if f.widget == "choice":
                combo = named(QComboBox(), name)
                for value, zh, en in choices(f.choices, table, covers):
                    combo.addItem(self._text(zh, en), value)
                widget = combo
            elif f.widget == "date":
                date_edit = named(QDateEdit(), name)
                date_edit.setCalendarPopup(True)
                date_edit.setDisplayFormat("yyyy-MM-dd")
                today = self.ctx.clock().astimezone().date()
                date_edit.setDate(QDate(today.year, today.month, today.day).addDays(1))
                widget = date_edit
            else:
                widget = named(QLineEdit(), name)
            self.inputs[f.path] = widget
            form.addRow(self._text(f.label_zh, f.label_en), widget)
        self.quote_button = named(QPushButton(self.tr("Work out the difference")), "quoteChange")
        self.quote_button.clicked.connect(self.quote)
        form.addRow(self.quote_button)

    def _table_version(self) -> int:
        from local_db.models import Policy

        with self.ctx.store.read() as s:
            p = s.get(Policy, self.policy_id)
            return int(p.rate_table_version) if p and p.rate_table_version else 1

    def _covers(self) -> list[str]:
        h = self.ctx.changes.history(self.user, self.policy_id)
        alive = [v for v in h["versions"] if v["state"] != "void"]
        return list(alive[-1]["covers"]) if alive else []

    def _values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for path, w in self.inputs.items():
            if isinstance(w, QComboBox):
                out[path] = str(w.currentData() or "")
            elif isinstance(w, QDateEdit):
                out[path] = w.date().toString("yyyy-MM-dd")
            elif isinstance(w, QLineEdit):
                out[path] = w.text()
        return out

    def quote(self) -> None:
        assert self.view is not None
        kind = Kind(self.view.change_kind)
        try:
            self.view = self.ctx.changes.edit(
                self.user, self.view.id, build_request(kind, self._values())
            )
        except ChudanError as exc:
            self._say(exc)
            return
        self.problems.clear()
        self._show_review()

    # -- step 3: the difference, approval, signature, money, issue ----------------------------
    def _review_page(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        self.worksheet = named(QLabel(), "changeWorksheet")
        self.worksheet.setWordWrap(True)
        v.addWidget(self.worksheet)
        self.approval = QWidget()
        a = QHBoxLayout(self.approval)
        self.supervisor_name = named(QLineEdit(), "supervisorName")
        self.supervisor_password = named(QLineEdit(), "supervisorPassword")
        self.supervisor_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.approve_button = named(QPushButton(self.tr("Supervisor approves")), "approveChange")
        self.approve_button.clicked.connect(self.approve)
        a.addWidget(QLabel(self.tr("Supervisor")))
        a.addWidget(self.supervisor_name)
        a.addWidget(self.supervisor_password)
        a.addWidget(self.approve_button)
        v.addWidget(self.approval)
        self.sign_label = QLabel(self.tr("The customer signs here:"))
        v.addWidget(self.sign_label)
        self.pad = named(SignaturePad(), "changeSignaturePad")
        self.pad.setMinimumHeight(140)
        v.addWidget(self.pad)
        row = QHBoxLayout()
        self.method = named(QComboBox(), "changePaymentMethod")
        for value, text in (
            ("cash", self.tr("Cash")),
            ("card", self.tr("Card")),
            ("qr", self.tr("QR code")),
        ):
            self.method.addItem(text, value)
        self.reference = named(QLineEdit(), "changePaymentReference")
        self.reference.setPlaceholderText(self.tr("card or payment reference"))
        self.issue_button = named(QPushButton(), "issueChange")
        self.issue_button.clicked.connect(self.issue)
        row.addWidget(self.method)
        row.addWidget(self.reference)
        row.addWidget(self.issue_button)
        v.addLayout(row)
        self.stack.addWidget(page)
        self.review_page = page

    def _value(self, changed: dict, which: str) -> str:
        """A changed value in the window's language (words have their English beside them)."""
        if not self.zh and changed.get(f"{which}_en"):
            return str(changed[f"{which}_en"])
        return changed[which] or "—"

    def _show_review(self) -> None:
        view = self.view
        assert view is not None
        lines = [
            f"{c['label_zh'] if self.zh else c['label_en']}: {self._value(c, 'before')} → "
            f"{self._value(c, 'after')}"
            for c in view.changed
        ]
        lines += [
            (w["zh"] if self.zh else w["en"])
            + (f"  {fmt_amount(Decimal(w['figure']))}" if w["figure"] else "")
            for w in view.priced.get("worksheet", [])
        ]
        self.worksheet.setText("\n".join(lines))
        self.approval.setVisible(view.needs_approval and view.state == "referred")
        self.sign_label.setVisible(view.needs_signature)
        self.pad.setVisible(view.needs_signature)
        increase, decrease = view.difference > 0, view.difference < 0
        self.method.setVisible(increase)
        self.reference.setVisible(increase or decrease)
        self.reference.setPlaceholderText(
            self.tr("card or payment reference")
            if increase
            else self.tr("the policyholder's own account (empty: the one they paid from)")
        )
        if increase:
            self.issue_button.setText(
                self.tr("Collect %1 and issue").replace("%1", fmt_amount(view.difference))
            )
        elif decrease:
            self.issue_button.setText(
                self.tr("Record the refund of %1 and issue").replace(
                    "%1", fmt_amount(-view.difference)
                )
            )
        else:
            self.issue_button.setText(self.tr("Issue the endorsement"))
        self.stack.setCurrentWidget(self.review_page)

    def approve(self) -> None:
        assert self.view is not None
        try:
            self.view = self.ctx.changes.approve_at_desk(
                self.user,
                self.view.id,
                self.supervisor_name.text().strip(),
                self.supervisor_password.text(),
                True,
                self.tr("approved at the desk"),
            )
        except ChudanError as exc:
            self._say(exc)
            return
        self.supervisor_password.clear()
        self.problems.clear()
        self._show_review()

    def issue(self) -> None:
        """Sign (if needed), take the money or record the refund, and issue: each its own step,
        so a refusal at one leaves the ones before it done."""
        ch, view = self.ctx.changes, self.view
        assert view is not None
        try:
            if view.needs_signature and view.state in ("quoted", "approved"):
                view = ch.sign(self.user, view.id, self.pad.strokes())
            if view.difference > 0 and view.state in ("signed", "quoted", "approved"):
                part = {
                    "method": self.method.currentData(),
                    "amount": "rest",
                    "reference": self.reference.text().strip(),
                }
                ch.pay(self.user, view.id, part)
            elif view.difference < 0 and view.state in ("signed", "quoted", "approved"):
                account = self.reference.text().strip()
                to = {"method": "transfer", "reference": account} if account else None
                view = ch.refund(self.user, view.id, to)
            view = ch.bind(self.user, view.id)
        except ChudanError as exc:
            self.view = ch.view(self.user, view.id)
            self._say(exc)
            return
        self.view = view
        self.problems.clear()
        self.done_label.setText(
            self.tr("Endorsement %1 issued; head office confirms it at the next sync.").replace(
                "%1", view.number or ""
            )
        )
        self.stack.setCurrentWidget(self.done_label)

    def reject(self) -> None:
        """Closed before the 批单 was issued: the change is withdrawn, so the policy is free."""
        v = self.view
        if v is not None and v.state in (
            "draft",
            "quoted",
            "referred",
            "approved",
            "declined",
            "signed",
        ):
            try:
                self.ctx.changes.withdraw(self.user, v.id, "closed at the desk")
            except ChudanError:
                pass  # money was taken: it stays open for the clerk to finish
        super().reject()
