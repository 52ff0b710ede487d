"""Step 1, the customer: the policyholder from the ID card (either side, dropped together or one
by one) or a business licence, or typed; the insured when someone else; the customer's consent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from app.identity import (
    check_email,
    check_mobile,
    check_person_name,
    check_resident_id,
    check_uscc,
)
from app.issuance.request import id_card_expired
from ui.widgets import field_label, named
from ui.wizard.fields import CheckedField
from ui.wizard.step_base import ScanRow, Step

# Where each reading of a document goes: {document kind: ((field read, flow path), ...)}.
READS = {
    "id-front": (
        ("name", "policyholder.name"),
        ("id_number", "policyholder.id_number"),
        ("address", "policyholder.address"),
    ),
    "business-licence": (
        ("name", "policyholder.name"),
        ("uscc", "policyholder.id_number"),
        ("address", "policyholder.address"),
    ),
}
ACCEPTS = ("id-front", "id-back", "business-licence")


class CustomerStep(Step):
    key = "customer"

    def __init__(self, wizard) -> None:
        super().__init__(wizard, takes_photos=True)
        self.build_in_parts(self._build())

    def _build(self) -> Iterator[None]:
        """The step, a section a part (step_base.py, "building in parts")."""
        docs, docs_form = self.section("documentBox")
        self.scan_row = ScanRow("")
        self.scan_button = self.scan_row.add(named(QPushButton(), "scanIdButton"))
        self.camera_button = self.scan_row.add(named(QPushButton(), "cameraButton"))
        self.scan_back_button = self.scan_row.add(named(QPushButton(), "scanIdBackButton"))
        self.scan_status = self.scan_row.status
        docs_form.addRow(self.scan_row)
        self.validity = named(QLabel(), "idValidity")
        docs_form.addRow(self.validity)
        self.organisation = named(QCheckBox(), "organisation")
        docs_form.addRow(self.organisation)
        self.docs = docs

        yield
        holder, form = self.section("holderBox")
        self.holder_box, self.form = holder, form
        lang = self.lang
        self.name = self.row(
            form,
            CheckedField("holderName", check_person_name, lang, width=260),
            "policyholder.name",
        )
        self.id_number = self.row(
            form,
            CheckedField("holderId", check_resident_id, lang, width=220),
            "policyholder.id_number",
        )
        self.phone = self.row(
            form, CheckedField("holderPhone", check_mobile, lang, width=160), "policyholder.phone"
        )
        self.email = self.row(
            form, CheckedField("holderEmail", check_email, lang, width=260), "policyholder.email"
        )
        self.address = self.row(
            form, CheckedField("holderAddress", None, lang, width=460), "policyholder.address"
        )

        yield
        insured, iform = self.section("insuredBox")
        self.insured_box, self.iform = insured, iform
        self.insured_other = named(QCheckBox(), "insuredOther")
        iform.addRow(self.insured_other)
        self.insured_name = self.row(
            iform, CheckedField("insuredName", check_person_name, lang, width=260), "insured.name"
        )
        self.insured_id = self.row(
            iform,
            CheckedField("insuredId", check_resident_id, lang, width=220),
            "insured.id_number",
        )
        self.consent = named(QCheckBox(), "consent")
        self.consent.setProperty("role", "emphasis")
        self.outer.addWidget(self.consent)
        self.paths["policyholder.consent"] = self.consent
        self.outer.addStretch(1)
        yield
        self.valid_until = ""  # from the back of the ID card: a date (ISO) or 长期
        self.read_ms: int | None = None
        self.scan_note: tuple[
            str, ...
        ] = ()  # what the status line says, re-said on a language change
        self.organisation.toggled.connect(self._set_organisation)
        self.insured_other.toggled.connect(self._show_insured)
        self.watch(
            self.name,
            self.id_number,
            self.phone,
            self.email,
            self.address,
            self.insured_name,
            self.insured_id,
            self.insured_other,
            self.consent,
            self.organisation,
        )
        for f in (self.name, self.id_number, self.address):
            f.reviewed.connect(self.wizard.refresh_scan_notes)
        yield
        self._show_insured(False)
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        org = self.is_organisation()
        self.docs.setTitle(self.tr("Documents"))
        self.holder_box.setTitle(self.tr("Policyholder"))
        self.insured_box.setTitle(self.tr("Insured"))
        self.scan_button.setText(
            self.tr("Scan business licence…") if org else self.tr("Scan ID card (front)…")
        )
        self.camera_button.setText(self.tr("Camera…"))
        self.scan_back_button.setText(self.tr("Scan the back (validity)…"))
        self.organisation.setText(self.tr("The policyholder is a company or organisation"))
        field_label(self.form, self.name).setText(
            self.tr("Organisation's name") if org else self.tr("Policyholder's name")
        )
        field_label(self.form, self.id_number).setText(
            self.tr("Unified social credit code") if org else self.tr("ID number")
        )
        field_label(self.form, self.phone).setText(self.tr("Mobile"))
        field_label(self.form, self.email).setText(self.tr("E-mail (for the e-policy)"))
        field_label(self.form, self.address).setText(self.tr("Address"))
        self.insured_other.setText(self.tr("The insured is someone else"))
        field_label(self.iform, self.insured_name).setText(self.tr("Insured's name"))
        field_label(self.iform, self.insured_id).setText(self.tr("Insured's ID number"))
        self.consent.setText(
            self.tr(
                "The customer agrees to the processing of personal information, including the "
                "ID number and payment data (sensitive), for this insurance (PIPL)."
            )
        )
        self.set_validity(self.valid_until)
        self.wizard.say_scan(self, *self.scan_note)

    # -- the data -------------------------------------------------------------------------------
    def is_organisation(self) -> bool:
        return self.organisation.isChecked()

    def _set_organisation(self, on: bool) -> None:
        """A company insures its cars with its business licence (营业执照) and credit code."""
        self.scan_back_button.setVisible(not on)
        self.name.set_check(None if on else check_person_name)
        self.id_number.set_check(check_uscc if on else check_resident_id)
        self.retranslate()

    def _show_insured(self, on: bool) -> None:
        for w in (self.insured_name, self.insured_id):
            self.iform.setRowVisible(w, on)

    def set_validity(self, valid_until: str) -> None:
        self.valid_until = valid_until or ""
        expired = id_card_expired(self.valid_until, date.today())
        self.validity.setText(
            ""
            if not self.valid_until
            else self.tr("ID card valid for life")
            if self.valid_until == "长期"
            else self.tr("ID card valid until %1").replace("%1", self.valid_until)
            if not expired
            else self.tr(
                "The ID card expired on %1: ask for a valid ID card (or a temporary one)."
            ).replace("%1", self.valid_until)
        )
        self.validity.setProperty("tone", "problem" if expired else "ok")
        self.validity.style().polish(self.validity)

    def expired(self) -> bool:
        return id_card_expired(self.valid_until, date.today())

    def insured_name_now(self) -> str:
        return self.insured_name.text() if self.insured_other.isChecked() else self.name.text()

    def fill(self, data: dict[str, Any]) -> None:
        d = data.get("policyholder") or {}
        self.organisation.setChecked(d.get("kind") == "organisation")
        self.set_validity(d.get("id_valid_until") or "")
        sources = data.get("sources") or {}
        for key, widget in (
            ("name", self.name),
            ("id_number", self.id_number),
            ("phone", self.phone),
            ("email", self.email),
            ("address", self.address),
        ):
            if widget.text() != (d.get(key) or ""):
                widget.edit.setText(d.get(key) or "")
            widget.badge.show_source(sources.get(f"policyholder.{key}", "") if d.get(key) else "")
        self.consent.setChecked(bool(d.get("consent")))
        insured = d.get("insured") or {}
        self.insured_other.setChecked(bool(insured))
        self.insured_name.edit.setText(insured.get("name") or "")
        self.insured_id.edit.setText(insured.get("id_number") or "")
        self.flag_paths((data.get("to_check") or {}).get("customer") or [])

    def load(self, holder: dict[str, Any]) -> None:
        """Fill the step as if typed (tests and scripts): the flow hears of it."""
        self.show_data({"policyholder": holder})
        self.edited.emit()

    def collect(self) -> dict[str, Any]:
        org = self.is_organisation()
        return {
            "policyholder": {
                "kind": "organisation" if org else "person",
                "name": self.name.text(),
                "id_type": "uscc" if org else "resident_id",
                "id_number": self.id_number.text(),
                "phone": self.phone.text() or None,
                "email": self.email.text() or None,
                "address": self.address.text() or None,
                "consent": self.consent.isChecked(),
                "id_valid_until": self.valid_until or None,
                "insured": {
                    "kind": "person",
                    "name": self.insured_name.text(),
                    "id_type": "resident_id",
                    "id_number": self.insured_id.text(),
                }
                if self.insured_other.isChecked()
                else None,
            },
        }

    # -- documents ------------------------------------------------------------------------------
    def accepts(self, kind: str) -> bool:
        return kind in ACCEPTS

    def apply_scan(self, kind: str, fields: dict[str, Any]) -> list[CheckedField]:
        """Fill from a document read; returns the fields it gave, for the cursor."""
        if kind == "id-back":
            f = fields.get("valid_until") or {}
            self.set_validity(f.get("value") or "")
            return []
        if (kind == "business-licence") != self.is_organisation():
            self.organisation.setChecked(kind == "business-licence")
        source = "business-licence" if kind == "business-licence" else "id-card"
        filled = []
        for read, path in READS[kind]:
            widget = self.paths[path]
            assert isinstance(widget, CheckedField)
            f = fields.get(read) or {}
            if f.get("value"):
                widget.set_text(f["value"], bool(f.get("needs_review")), source)
                filled.append(widget)
            else:
                widget.clear_reading()  # nothing of a previous document stays looking read
        return filled

    def next_to_fill(self) -> list[CheckedField]:
        return [self.name, self.id_number, self.address, self.phone]
