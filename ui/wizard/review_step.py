"""Step 4, review and signature: the schedule exactly as it is signed and printed (one builder,
app/issuance/schedule.py), the checklist the clerk goes through with the customer, and the
customer's signature. The ID number is masked as everywhere; the customer compares its last digits,
and the clerk can show the full number to the customer (audited)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from app.core.masking import mask_id_number, mask_phone
from app.core.money import fmt_amount
from app.issuance.schedule import ScheduleView
from ui.widgets import named
from ui.wizard.qr_view import QrView
from ui.wizard.signature_pad import SignaturePad
from ui.wizard.step_base import Step


class ReviewStep(Step):
    key = "review"

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.schedule = named(QTextBrowser(), "schedule")
        self.schedule.document().setDefaultStyleSheet(
            "p { margin: 3px 0; } h3 { margin: 0 0 6px 0; } td { padding: 1px 6px; }"
        )
        self.schedule.setMinimumHeight(300)
        self.checklist_box = named(QGroupBox(), "checklistBox")
        checklist = QVBoxLayout(self.checklist_box)
        self.checks = [named(QCheckBox(), f"check{i}") for i in range(9)]
        for cb in self.checks:
            checklist.addWidget(cb)
            cb.toggled.connect(self._ticked)
        self.id_hint = named(QLabel(), "idHint")
        self.id_hint.setWordWrap(True)
        self.id_hint.setProperty("tone", "muted")
        checklist.addWidget(self.id_hint)
        self.reveal = named(QPushButton(), "revealId")
        self.reveal.setProperty("role", "link")
        checklist.addWidget(self.reveal)
        self.all_checked = named(QPushButton(), "allChecked")
        checklist.addWidget(self.all_checked)
        checklist.addStretch(1)
        self.all_checked.clicked.connect(self._check_all)
        top = QHBoxLayout()
        top.addWidget(self.schedule, 1)
        top.addWidget(self.checklist_box)
        self.outer.addLayout(top, 1)
        self.sign_label = QLabel()
        self.outer.addWidget(self.sign_label)
        self.pad = SignaturePad()
        self.pad.setMaximumHeight(150)
        self.clear = named(QPushButton(), "clearSignature")
        self.clear.clicked.connect(self.pad.clear)
        row = QHBoxLayout()
        row.addWidget(self.pad, 1)
        row.addWidget(self.clear)
        self.outer.addLayout(row)
        # The customer signs on their own phone instead (docs/phone.md): the phone that sent
        # the application, or any phone through a one-time signature link (its QR code shown
        # here until the phone answers); shown when this desk has a way to head office's relay.
        phone_row = QHBoxLayout()
        self.phone_button = named(QPushButton(), "sendToPhone")
        self.phone_status = named(QLabel(), "phoneSignStatus")
        self.phone_status.setWordWrap(True)
        self.phone_qr = named(QrView(200), "phoneSignQr")
        self.phone_qr.hide()
        phone_row.addWidget(self.phone_button)
        phone_row.addWidget(self.phone_status, 1)
        phone_row.addWidget(self.phone_qr)
        self.outer.addLayout(phone_row)
        self.phone_button.setVisible(
            getattr(wizard, "phone_link", None) is not None
            or getattr(wizard, "phone", None) is not None
        )
        self.phone_button.clicked.connect(lambda: self.wizard.send_to_phone())
        # The hash of the schedule the strokes in the pad were signed over on the phone; None
        # once the pad is drawn on or cleared here.
        self.phone_hash: str | None = None
        self.pad.changed.connect(self._drawn_here)
        self.pad.changed.connect(self._changed)
        self.view: ScheduleView | None = None  # what the customer signs, as the PDF prints it
        self.shown_for: object | None = None  # the premium answer the schedule was drawn from
        self.revealed = False
        self.retranslate()
        self.build_in_parts(iter(()))  # built; its sections polished a turn each

    def retranslate(self) -> None:
        names = [
            self.tr("Names"),
            self.tr("ID number"),
            self.tr("VIN"),
            self.tr("Plate"),
            self.tr("Covers"),
            self.tr("Sums insured and limits"),
            self.tr("Deductibles"),
            self.tr("Period"),
            self.tr("Premium"),
        ]
        for cb, name in zip(self.checks, names, strict=True):
            cb.setText(name)
        self.checklist_box.setTitle(self.tr("Checked with the customer"))
        self.all_checked.setText(self.tr("All checked with the customer"))
        self.reveal.setText(
            self.tr("Hide the full ID number")
            if self.revealed
            else self.tr("Show the full ID number to the customer")
        )
        self.sign_label.setText(self.tr("Customer's signature:"))
        self.phone_button.setText(self.tr("Send to the customer's phone to sign"))
        self.clear.setText(self.tr("Clear signature"))
        self.redraw_schedule()

    # -- the data -------------------------------------------------------------------------------
    def _check_all(self) -> None:
        for cb in self.checks:
            cb.setChecked(True)

    def _ticked(self, *_args: Any) -> None:
        if not self._filling:
            self.wizard.ticked([cb.isChecked() for cb in self.checks])

    def _drawn_here(self) -> None:
        self.phone_hash = None

    def signed_on_phone(self, strokes: list, schedule_hash: str) -> None:
        """The customer's strokes from the phone, over the schedule with this hash."""
        self.pad.set_strokes(strokes)
        self.phone_hash = schedule_hash
        self.phone_status.setText(self.tr("The customer signed on their phone."))
        self._changed()

    def fill(self, data: dict[str, Any]) -> None:
        review = data.get("review") or {}
        self.pad.set_strokes(review.get("signature") or [])
        self.phone_hash = review.get("phone_signed_hash") or None
        checked = list(review.get("checked") or [])
        for cb, on in zip(self.checks, checked + [False] * 9, strict=False):
            cb.setChecked(bool(on))

    def load(self, review: dict[str, Any]) -> None:
        self.show_data({"review": review})
        self.edited.emit()

    def collect(self) -> dict[str, Any]:
        return {"review": {"signature": self.pad.strokes(), "phone_signed_hash": self.phone_hash}}

    # -- the schedule ---------------------------------------------------------------------------
    def show_schedule(self, view: ScheduleView | None) -> None:
        self.view = view
        self.redraw_schedule()

    def redraw_schedule(self) -> None:
        view = self.view
        lang = self.lang()
        if view is None:
            self.schedule.setHtml("")
            self.id_hint.setText("")
            return
        e = html.escape
        parties = "".join(
            f"<p><b>{e(p.role(lang))}</b> {e(p.name)} · {e(p.id_type(lang))} "
            f"{e(p.id_number if self.revealed else mask_id_number(p.id_number))}"
            + (f" · {e(mask_phone(p.phone))}" if p.phone else "")
            + "</p>"
            for p in view.parties
        )
        vehicle = "".join(
            f"<tr><td>{e(label(lang))}</td><td>{e(value(lang))}</td></tr>"
            for label, value in view.vehicle
        )
        covers = "".join(
            f"<tr><td>{e(c.name(lang))}</td><td align='right'>{e(c.amount(lang))}</td>"
            f"<td>{e(c.deductible(lang))}</td><td align='right'>{fmt_amount(c.premium)}</td></tr>"
            for c in view.covers
        )
        # lupdate finds tr() calls only outside f-strings: the labels first, then the page.
        labels = {
            "title": self.tr("Proposal"),
            "period": self.tr("Period"),
            "cover": self.tr("Cover"),
            "amount": self.tr("Sum insured / limit"),
            "deductible": self.tr("Deductible"),
            "premium": self.tr("Premium"),
            "ctpl": self.tr("CTPL"),
            "commercial": self.tr("Commercial"),
            "tax": self.tr("Vehicle tax (collected)"),
            "total": self.tr("Total %1 yuan").replace("%1", fmt_amount(view.total)),
            "limits": self.tr("CTPL limits per accident (yuan)"),
            "death": self.tr("Death and disability"),
            "medical": self.tr("Medical"),
            "property": self.tr("Property"),
            "at_fault": self.tr("Insured at fault"),
            "no_fault": self.tr("Insured not at fault"),
        }
        x = {k: e(v) for k, v in labels.items()}
        limits = ""
        if view.ctpl_limits is not None:  # the statutory limits in figures, as the paper prints
            rows = "".join(
                f"<tr><td>{x[key]}</td>"
                + "".join(f"<td align='right'>{fmt_amount(a)}</td>" for a in amounts)
                + "</tr>"
                for key, amounts in (
                    ("at_fault", view.ctpl_limits.at_fault),
                    ("no_fault", view.ctpl_limits.no_fault),
                )
            )
            limits = (
                f"<p><b>{x['limits']}</b></p><table><tr><th></th><th>{x['death']}</th>"
                f"<th>{x['medical']}</th><th>{x['property']}</th></tr>{rows}</table>"
            )
        self.schedule.setHtml(
            f"<h3>{x['title']}</h3>{parties}"
            f"<table>{vehicle}</table>"
            f"<p><b>{x['period']}</b> {e(view.period(lang))}</p>"
            f"<table><tr><th align='left'>{x['cover']}</th><th>{x['amount']}</th>"
            f"<th>{x['deductible']}</th><th>{x['premium']}</th></tr>{covers}</table>{limits}"
            f"<p>{x['ctpl']} {fmt_amount(view.ctpl_premium)} · {x['commercial']} "
            f"{fmt_amount(view.commercial_premium)} · {x['tax']} {fmt_amount(view.tax)}</p>"
            f"<p><b>{x['total']}</b></p>"
        )
        holder = view.parties[0] if view.parties else None
        self.id_hint.setText(
            self.tr(
                "Ask the customer to read the last four digits of their ID number: %1."
            ).replace("%1", holder.id_number[-4:])
            if holder is not None and not self.revealed
            else ""
        )

    def problems_fields(self) -> dict[str, Any]:
        return {"review.checked": self.checks[0], "review.signature": self.pad}
