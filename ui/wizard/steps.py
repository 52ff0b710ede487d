"""The wizard's steps. Each step shows fields, reports what it holds (`data()`), takes it back
(`load()`), and says what still blocks going on (`problems()`). Decisions stay in app."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ChudanError
from app.core.masking import mask_id_number, mask_phone
from app.core.money import fmt_money
from app.identity import (
    check_email,
    check_mobile,
    check_party_id,
    check_person_name,
    check_resident_id,
    check_uscc,
    party_id_type,
)
from app.issuance.payments import check_part, new_qr_reference, payment_qr_payload
from app.rating.worksheet_text import present
from app.vehicle import USAGE_CODES, VEHICLE_CLASSES, check_engine_number, check_plate, check_vin
from ui.widgets import field_label, named
from ui.wizard.fields import CheckedField
from ui.wizard.qr_view import QrView
from ui.wizard.signature_pad import SignaturePad

if TYPE_CHECKING:
    from app.issuance.referrals import ReferralStatus
    from app.issuance.service import Preview
    from app.rating import Quote
    from ui.wizard.custom_covers import CustomCovers


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


W = TypeVar("W", bound=QWidget)

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")


def _dropped_image(event) -> str | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
    return next((p for p in paths if p.lower().endswith(IMAGE_SUFFIXES)), None)


class Step(QWidget):
    changed = Signal()
    scan_kind: str | None = (
        None  # a step that reads a document takes its photo by drag-and-drop too
    )
    scan_status: QLabel  # (steps that read a document)

    def __init__(self, wizard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wizard = wizard
        self.form = QFormLayout()
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(self.form)
        self.setAcceptDrops(self.scan_kind is not None)
        self.read_ms: int | None = None  # how long the last scan took to read
        self._watched: set[CheckedField] = set()

    def dragEnterEvent(self, event) -> None:
        if _dropped_image(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = _dropped_image(event)
        if path and self.scan_kind:
            event.acceptProposedAction()
            self.wizard.scan(self.drop_kind(), path)

    def drop_kind(self) -> str:
        return self.scan_kind or "auto"

    def lang(self) -> str:
        return self.wizard.ctx.settings.language()

    def fill_from_scan(self, fields: dict, widgets) -> None:
        for key, widget in widgets:
            f = fields.get(key)
            if f and f["value"]:
                widget.set_text(f["value"], f["needs_review"])
                if widget not in self._watched:
                    widget.reviewed.connect(self.show_read)
                    self._watched.add(widget)

    def show_read(self, elapsed_ms: int | None = None) -> None:
        """The line beside the scan buttons: how long the last read took and what is still to
        check, kept true as the clerk confirms fields."""
        if elapsed_ms is not None:
            self.read_ms = elapsed_ms
        if self.read_ms is not None:
            self.scan_status.setText(
                self.tr("Read in %1 ms; %2 field(s) to check (highlighted).")
                .replace("%1", str(self.read_ms))
                .replace("%2", str(self.to_check()))
            )

    def focus_next(self, *fields: CheckedField) -> None:
        """After a scan the cursor waits where the clerk goes on: the first field to check, else
        the first one left empty; not while the clerk is typing elsewhere on this step."""
        typing = self.focusWidget()
        if isinstance(typing, QLineEdit) and self.isAncestorOf(typing) and typing.hasFocus():
            return
        target = next((f for f in fields if f.needs_review()), None) or next(
            (f for f in fields if not f.text()), None
        )
        if target is not None:
            target.edit.setFocus()

    def to_check(self) -> int:
        """Fields on this step still highlighted from a scan."""
        return sum(1 for f in self.findChildren(CheckedField) if f.needs_review())

    def unchecked(self) -> list[str]:
        """The highlighted fields by name, kept with the draft: a restart must not confirm them."""
        return [f.edit.objectName() for f in self.findChildren(CheckedField) if f.needs_review()]

    def restore_unchecked(self, names: list[str]) -> None:
        for f in self.findChildren(CheckedField):
            if f.edit.objectName() in names and f.text():
                f.flag()
                if f not in self._watched:
                    f.reviewed.connect(self.show_read)
                    self._watched.add(f)

    def unconfirmed(self, *fields: CheckedField) -> list[str]:
        if any(f.needs_review() for f in fields):
            return [
                self.tr(
                    "Compare the highlighted fields with the document, then confirm or correct them."
                )
            ]
        return []

    def row(self, label: str, widget: W) -> W:
        self.form.addRow(QLabel(label), widget)
        return widget

    def problems(self) -> list[str]:
        return []


class CustomerStep(Step):
    scan_kind = "id-front"

    def __init__(self, wizard, parent=None) -> None:
        super().__init__(wizard, parent)
        self.scan_button = named(QPushButton(self.tr("Scan ID card (front)…")), "scanIdButton")
        self.scan_status = named(QLabel(self.tr("…or drop the photo here.")), "scanStatus")
        self.camera_button = named(QPushButton(self.tr("Camera…")), "cameraButton")
        self.scan_back_button = named(
            QPushButton(self.tr("Scan the back (validity)…")), "scanIdBackButton"
        )
        self.validity = named(QLabel(), "idValidity")
        self.valid_until = ""  # from the back of the ID card: a date (ISO) or 长期
        top = QHBoxLayout()
        top.addWidget(self.scan_button)
        top.addWidget(self.camera_button)
        top.addWidget(self.scan_back_button)
        top.addWidget(self.scan_status, 1)
        self.outer.insertLayout(0, top)
        self.outer.insertWidget(1, self.validity)
        self.organisation = named(
            QCheckBox(self.tr("The policyholder is a company or organisation")), "organisation"
        )
        self.outer.insertWidget(2, self.organisation)
        self.organisation.toggled.connect(self._set_organisation)
        self.name = self.row(
            self.tr("Policyholder's name"), CheckedField("holderName", check_person_name, self.lang)
        )
        self.id_number = self.row(
            self.tr("ID number"), CheckedField("holderId", check_resident_id, self.lang)
        )
        self.phone = self.row(
            self.tr("Mobile"), CheckedField("holderPhone", check_mobile, self.lang)
        )
        self.email = self.row(
            self.tr("E-mail (for the e-policy)"),
            CheckedField("holderEmail", check_email, self.lang),
        )
        self.address = self.row(self.tr("Address"), CheckedField("holderAddress"))
        self.insured_other = self.row(
            "", named(QCheckBox(self.tr("The insured is someone else")), "insuredOther")
        )
        self.insured_name = self.row(
            self.tr("Insured's name"), CheckedField("insuredName", check_person_name, self.lang)
        )
        self.insured_id = self.row(
            self.tr("Insured's ID number"), CheckedField("insuredId", check_resident_id, self.lang)
        )
        self.insured_other.toggled.connect(self._show_insured)
        self._show_insured(False)
        self.consent = named(
            QCheckBox(
                self.tr(
                    "The customer agrees to the processing of personal information, including the "
                    "ID number and payment data (sensitive), for this insurance (PIPL)."
                )
            ),
            "consent",
        )
        self.consent.setStyleSheet("QCheckBox { font-weight: bold; }")
        self.outer.addWidget(self.consent)
        self.outer.addStretch(1)

    def drop_kind(self) -> str:
        return "auto"  # either side of the ID card, or a business licence: the photo says which

    def is_organisation(self) -> bool:
        return self.organisation.isChecked()

    def _set_organisation(self, on: bool) -> None:
        """A company insures its cars with its business licence (营业执照) and credit code."""
        self.scan_kind = "business-licence" if on else "id-front"
        self.scan_back_button.setVisible(not on)
        self.scan_button.setText(
            self.tr("Scan business licence…") if on else self.tr("Scan ID card (front)…")
        )
        field_label(self.form, self.name).setText(
            self.tr("Organisation's name") if on else self.tr("Policyholder's name")
        )
        field_label(self.form, self.id_number).setText(
            self.tr("Unified social credit code") if on else self.tr("ID number")
        )
        self.name.set_check(None if on else check_person_name)
        self.id_number.set_check(check_uscc if on else check_resident_id)

    def _show_insured(self, on: bool) -> None:
        for w in (self.insured_name, self.insured_id):
            self.form.setRowVisible(w, on)

    def insured_name_now(self) -> str:
        return self.insured_name.text() if self.insured_other.isChecked() else self.name.text()

    def set_validity(self, valid_until: str) -> None:
        self.valid_until = valid_until or ""
        expired = self.expired()
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
        self.validity.setStyleSheet("color: #c62828;" if expired else "color: #1b5e20;")

    def expired(self) -> bool:
        """An ID card past its validity (the back says until when; 长期 never expires)."""
        try:
            return date.fromisoformat(self.valid_until) < date.today()
        except ValueError:
            return False

    def apply_scan(self, fields: dict) -> None:
        if "valid_until" in fields:  # the back of the ID card
            f = fields["valid_until"]
            self.set_validity(f["value"] if f and f["value"] else "")
            self.focus_next(self.name, self.id_number, self.address, self.phone)
            return
        if ("uscc" in fields) != self.is_organisation():
            self.organisation.setChecked("uscc" in fields)  # a business licence is a company's
        keys = (
            (("name", self.name), ("uscc", self.id_number), ("address", self.address))
            if self.is_organisation()
            else (("name", self.name), ("id_number", self.id_number), ("address", self.address))
        )
        self.fill_from_scan(fields, keys)
        self.focus_next(self.name, self.id_number, self.address, self.phone)

    def data(self) -> dict:
        org = self.is_organisation()
        return {
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
        }

    def load(self, d: dict) -> None:
        self.organisation.setChecked(d.get("kind") == "organisation")
        self.set_validity(d.get("id_valid_until") or "")
        for key, widget in (
            ("name", self.name),
            ("id_number", self.id_number),
            ("phone", self.phone),
            ("email", self.email),
            ("address", self.address),
        ):
            widget.edit.setText(d.get(key) or "")
        self.consent.setChecked(bool(d.get("consent")))
        insured = d.get("insured") or {}
        self.insured_other.setChecked(bool(insured))
        self.insured_name.edit.setText(insured.get("name") or "")
        self.insured_id.edit.setText(insured.get("id_number") or "")

    def problems(self) -> list[str]:
        out = [
            w.message.text() or self.tr("Check this field")
            for w in (self.name, self.id_number, self.phone, self.email)
            if not w.validate()
        ]
        if not self.name.text() or not self.id_number.text():
            out.append(
                self.tr("Enter the policyholder's name and ID number (or scan the ID card).")
            )
        if self.expired():
            out.append(self.validity.text())
        if self.insured_other.isChecked():
            out += [
                w.message.text() or self.tr("Check this field")
                for w in (self.insured_name, self.insured_id)
                if not w.validate()
            ]
            if not self.insured_name.text() or not self.insured_id.text():
                out.append(
                    self.tr(
                        "Enter the insured's name and ID number, or untick 'The insured is someone else'."
                    )
                )
        if not self.consent.isChecked():
            out.append(
                self.tr("The customer's consent to processing personal information is required.")
            )
        return out + self.unconfirmed(self.name, self.id_number, self.address)


class VehicleStep(Step):
    scan_kind = "vehicle-licence"

    def __init__(self, wizard, parent=None) -> None:
        super().__init__(wizard, parent)
        self.scan_button = named(
            QPushButton(self.tr("Scan vehicle licence (行驶证)…")), "scanLicenceButton"
        )
        self.camera_button = named(QPushButton(self.tr("Camera…")), "licenceCameraButton")
        self.scan_status = named(QLabel(self.tr("…or drop the photo here.")), "licenceScanStatus")
        top = QHBoxLayout()
        top.addWidget(self.scan_button)
        top.addWidget(self.camera_button)
        top.addWidget(self.scan_status, 1)
        self.outer.insertLayout(0, top)
        self.plate = self.row(self.tr("Plate"), CheckedField("plate", check_plate, self.lang))
        self.no_plate = self.row("", named(QCheckBox(self.tr("New car, no plate yet")), "noPlate"))
        self.vin = self.row(self.tr("VIN"), CheckedField("vin", check_vin, self.lang))
        self.engine = self.row(
            self.tr("Engine number"), CheckedField("engine", check_engine_number, self.lang)
        )
        self.brand = self.row(self.tr("Brand and model"), CheckedField("brandModel"))
        self.owner = self.row(self.tr("Owner (as on the licence)"), CheckedField("owner"))
        self.owner_id = self.row(
            self.tr("Owner's ID number or credit code"),
            CheckedField("ownerId", check_party_id, self.lang),
        )
        self.owner.edit.textChanged.connect(self._show_owner_id)
        self.usage = self.row(self.tr("Usage nature"), named(QComboBox(), "usage"))
        for code, (name, _) in USAGE_CODES.items():
            self.usage.addItem(f"{code} {name}", code)
        self.usage_read = (
            ""  # a usage nature read from the licence that names no code, until the clerk chooses
        )
        self.usage.activated.connect(lambda *_: self.set_usage_read(""))
        self.vclass = self.row(self.tr("Vehicle class"), named(QComboBox(), "vehicleClass"))
        for code, name in VEHICLE_CLASSES.items():
            if code not in ("tractor",):
                self.vclass.addItem(name, code)
        self.seats = self.row(
            self.tr("Approved seats"), named(QSpinBox(minimum=1, maximum=60, value=5), "seats")
        )
        self.registered = self.row(self.tr("First registration"), named(QDateEdit(), "registered"))
        self.registered.setCalendarPopup(True)
        self.registered.setDisplayFormat("yyyy-MM-dd")
        self.registered.setDate(_qdate(date.today() - timedelta(days=365 * 3)))
        self.price = self.row(
            self.tr("New-car price (yuan)"), named(QLineEdit(text="150000"), "price")
        )
        self.displacement = self.row(
            self.tr("Displacement (L)"), named(QLineEdit(text="1.5"), "displacement")
        )
        self.fuel = self.row(self.tr("Fuel"), named(QComboBox(), "fuel"))
        for code, label in (
            ("petrol", self.tr("Petrol")),
            ("diesel", self.tr("Diesel")),
            ("hybrid", self.tr("Hybrid")),
            ("phev", self.tr("Plug-in hybrid")),
            ("bev", self.tr("Battery electric")),
            ("fcev", self.tr("Fuel cell")),
        ):
            self.fuel.addItem(label, code)
        self.outer.addStretch(1)
        self.no_plate.toggled.connect(lambda on: self.plate.setEnabled(not on))
        self._show_owner_id()

    def to_check(self) -> int:
        return super().to_check() + bool(self.usage_read)

    def set_usage_read(self, text: str) -> None:
        self.usage_read = text
        self.show_read()
        self.usage.setStyleSheet(
            "QComboBox { background: #fff8e1; border: 2px solid #f9a825; }" if text else ""
        )
        self.usage.setToolTip(
            self.tr("The licence says %1: choose the usage nature that matches.").replace(
                "%1", text
            )
            if text
            else ""
        )

    def owner_differs(self) -> bool:
        """The licence names someone other than the insured: the owner becomes a party of its own."""
        owner = self.owner.text().strip()
        return bool(owner) and owner != self.wizard.customer.insured_name_now().strip()

    def _show_owner_id(self, *_args) -> None:
        self.form.setRowVisible(self.owner_id, self.owner_differs())

    def showEvent(self, event) -> None:  # the insured may have changed on the step before
        self._show_owner_id()
        super().showEvent(event)

    def apply_scan(self, fields: dict) -> None:
        self.fill_from_scan(
            fields,
            (
                ("plate", self.plate),
                ("vin", self.vin),
                ("engine_number", self.engine),
                ("brand_model", self.brand),
                ("owner", self.owner),
            ),
        )
        usage = fields.get("usage", {}).get("value")
        if usage:
            from app.vehicle import check_usage_code

            r = check_usage_code(usage)
            if r.valid:
                self.usage.setCurrentIndex(self.usage.findData(r.value))
            self.set_usage_read(
                "" if r.valid else usage
            )  # e.g. 营运 alone: which kind is for the clerk
        reg = fields.get("registration_date", {}).get("value")
        if reg:
            self.registered.setDate(_qdate(date.fromisoformat(reg)))
        self._show_owner_id()
        self.focus_next(
            self.plate,
            self.vin,
            self.engine,
            self.brand,
            self.owner,
            *((self.owner_id,) if self.owner_differs() else ()),
        )

    def data(self) -> dict:
        return {
            "plate": None if self.no_plate.isChecked() else (self.plate.text() or None),
            "vin": self.vin.text(),
            "engine_number": self.engine.text(),
            "brand_model": self.brand.text() or None,
            "usage": self.usage.currentData(),
            "class": self.vclass.currentData(),
            "seats": self.seats.value(),
            "first_registration": _pydate(self.registered.date()).isoformat(),
            "purchase_price": self.price.text().strip(),
            "displacement_l": self.displacement.text().strip() or None,
            "fuel": self.fuel.currentData(),
            "owner_name": self.owner.text() or None,
            "owner_id_number": self.owner_id.text() or None,
        }

    def owner_party(self) -> dict | None:
        if not self.owner_differs():
            return None
        number = self.owner_id.text()
        kind = "person" if party_id_type(number) == "resident_id" else "organisation"
        return {
            "kind": kind,
            "name": self.owner.text().strip(),
            "id_type": party_id_type(number),
            "id_number": number,
        }

    def load(self, d: dict) -> None:
        self.owner.edit.setText(d.get("owner_name") or "")
        self.owner_id.edit.setText(d.get("owner_id_number") or "")
        self.plate.edit.setText(d.get("plate") or "")
        self.no_plate.setChecked(d.get("plate") is None and bool(d.get("vin")))
        self.vin.edit.setText(d.get("vin") or "")
        self.engine.edit.setText(d.get("engine_number") or "")
        self.brand.edit.setText(d.get("brand_model") or "")
        if d.get("usage"):
            self.usage.setCurrentIndex(self.usage.findData(d["usage"]))
        if d.get("class"):
            self.vclass.setCurrentIndex(self.vclass.findData(d["class"]))
        self.seats.setValue(int(d.get("seats") or 5))
        if d.get("first_registration"):
            self.registered.setDate(_qdate(date.fromisoformat(d["first_registration"])))
        self.price.setText(d.get("purchase_price") or "")
        self.displacement.setText(d.get("displacement_l") or "")
        if d.get("fuel"):
            self.fuel.setCurrentIndex(max(0, self.fuel.findData(d["fuel"])))

    def problems(self) -> list[str]:
        out = [
            w.message.text()
            for w in (self.vin, self.engine) + (() if self.no_plate.isChecked() else (self.plate,))
            if not w.validate()
        ]
        if not self.vin.text() or not self.engine.text():
            out.append(self.tr("Enter the VIN and engine number (or scan the vehicle licence)."))
        if not self.no_plate.isChecked() and not self.plate.text():
            out.append(self.tr("Enter the plate, or tick 'New car, no plate yet'."))
        if self.owner_differs() and not (self.owner_id.text() and self.owner_id.validate()):
            out.append(
                self.tr(
                    "The licence names %1, not the insured: enter the owner's ID number (or credit code)."
                ).replace("%1", self.owner.text().strip())
            )
        try:
            if Decimal(self.price.text()) <= 0:
                raise InvalidOperation
        except InvalidOperation:
            out.append(self.tr("Enter the new-car price in yuan."))
        if self.usage_read:
            out.append(
                self.tr("The licence says %1: choose the usage nature that matches.").replace(
                    "%1", self.usage_read
                )
            )
        return out + self.unconfirmed(self.plate, self.vin, self.engine, self.brand, self.owner)


class CoverageStep(Step):
    def __init__(self, wizard, parent=None) -> None:
        super().__init__(wizard, parent)
        self.plan = self.row(self.tr("Plan"), named(QComboBox(), "plan"))
        for code, label in (
            ("basic", self.tr("Basic: CTPL + third party 1M")),
            ("standard", self.tr("Standard: + own damage, 2M third party, seats")),
            ("full", self.tr("Full: + scratches, medical, services")),
            ("custom", self.tr("Custom: choose the covers")),
        ):
            self.plan.addItem(label, code)
        self.custom: CustomCovers | None = None  # built from the rate table when first chosen
        self.plan.currentIndexChanged.connect(lambda *_: self._show_custom())
        self.plan.setCurrentIndex(1)
        self.start = self.row(self.tr("Cover starts"), named(QDateEdit(), "startDate"))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setDate(_qdate(date.today() + timedelta(days=1)))  # 00:00 of the next day
        # The platform's history as the clerk reads it from the insurer's platform query (平台查询);
        # left at zero it prices a first year (no CTPL float, NCD level 0).
        self.claim_free = self.row(
            self.tr("CTPL years without a claim (platform)"),
            named(QSpinBox(minimum=0, maximum=3), "claimFreeYears"),
        )
        self.at_fault = self.row(
            self.tr("At-fault CTPL claims last year"),
            named(QSpinBox(minimum=0, maximum=9), "atFaultClaims"),
        )
        self.ncd = self.row(
            self.tr("NCD level (platform)"), named(QSpinBox(minimum=-4, maximum=5), "ncdLevel")
        )
        self.drink = self.row(
            self.tr("Drink-driving records"), named(QSpinBox(minimum=0, maximum=9), "drinkDriving")
        )
        self.drunk = self.row(
            self.tr("Drunk-driving records"), named(QSpinBox(minimum=0, maximum=9), "drunkDriving")
        )
        for box in (self.claim_free, self.at_fault, self.ncd, self.drink, self.drunk):
            box.valueChanged.connect(lambda *_: self.changed.emit())
        self.premium = named(QLabel(), "premium")
        self.premium.setStyleSheet("font-size: 18pt; font-weight: bold; color: #0d47a1;")
        self.decision = named(QLabel(), "decision")
        self.decision.setWordWrap(True)
        self.worksheet_button = named(
            QPushButton(self.tr("Show how the premium is worked out")), "worksheetButton"
        )
        self.worksheet = named(QTextBrowser(), "worksheet")
        self.worksheet.hide()
        self.registry = named(QLabel(), "registryCheck")
        self.registry.setWordWrap(True)
        self.refer_button = named(QPushButton(self.tr("Supervisor decision…")), "referButton")
        self.refer_button.hide()
        self.hq_button = named(QPushButton(self.tr("Send to head office")), "referToHqButton")
        self.hq_button.hide()
        self.outer.addWidget(self.premium)
        self.outer.addWidget(self.decision)
        refer_row = QHBoxLayout()
        refer_row.addWidget(self.refer_button)
        refer_row.addWidget(self.hq_button)
        refer_row.addStretch(1)
        self.outer.addLayout(refer_row)
        self.outer.addWidget(self.registry)
        self.outer.addWidget(self.worksheet_button)
        self.outer.addWidget(self.worksheet, 10)
        self.outer.addStretch(1)  # keeps the premium at the top while the worksheet is hidden
        self.worksheet_button.clicked.connect(
            lambda: self.worksheet.setVisible(not self.worksheet.isVisible())
        )
        self.plan.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.start.dateChanged.connect(lambda *_: self.changed.emit())
        self.quote: Quote | None = None
        self.fingerprint = ""  # of what was priced: a referral decision is for exactly that
        self.preview: Preview | None = None  # of what is shown
        self.referral: ReferralStatus | None = None
        self.duplicate = (
            ""  # why this cover cannot be bought (an overlapping policy), in words for the customer
        )

    def _show_custom(self, coverages: list[dict] | None = None) -> None:
        on = self.plan.currentData() == "custom"
        if on and self.custom is None:
            from ui.wizard.custom_covers import CustomCovers

            self.custom = CustomCovers(self.wizard.ctx.issuance.tables.newest())
            self.custom.setTitle(self.tr("Covers"))
            self.custom.changed.connect(self.changed.emit)
            self.outer.insertWidget(1, self.custom)
        if self.custom is not None:
            if coverages:
                self.custom.load(coverages)
            self.custom.setVisible(on)

    def data(self) -> dict:
        d = {
            "plan": self.plan.currentData(),
            "start_date": _pydate(self.start.date()).isoformat(),
            "history": self.history(),
        }
        if d["plan"] == "custom" and self.custom is not None:
            d["coverages"] = self.custom.coverages(self.wizard.vehicle.seats.value())
        return d

    def history(self) -> dict:
        h = {
            "ctpl_claim_free_years": self.claim_free.value(),
            "ctpl_at_fault_claims_last_year": self.at_fault.value(),
            "ncd_level": self.ncd.value(),
            "drink_driving": self.drink.value(),
            "drunk_driving": self.drunk.value(),
        }
        return {k: v for k, v in h.items() if v}

    def load(self, d: dict) -> None:
        if d.get("plan"):
            self.plan.setCurrentIndex(self.plan.findData(d["plan"]))
            if d["plan"] == "custom":
                self._show_custom(d.get("coverages"))
        if d.get("start_date"):
            self.start.setDate(_qdate(date.fromisoformat(d["start_date"])))
        h = d.get("history") or {}
        for box, key in (
            (self.claim_free, "ctpl_claim_free_years"),
            (self.at_fault, "ctpl_at_fault_claims_last_year"),
            (self.ncd, "ncd_level"),
            (self.drink, "drink_driving"),
            (self.drunk, "drunk_driving"),
        ):
            box.setValue(int(h.get(key) or 0))

    def show_quote(self, preview: Preview) -> None:
        self.preview = preview
        q = self.quote = preview.quote
        self.fingerprint, self.referral = preview.fingerprint, preview.referral
        zh = self.lang().startswith("zh")
        self.premium.setText(self.tr("Premium %1 yuan").replace("%1", fmt_money(q.total)))
        d = q.decision
        self.refer_button.setVisible(
            d.outcome == "refer" and self.referral.status in ("none", "pending")
        )
        self.hq_button.setVisible(
            d.outcome == "refer"
            and self.referral.status == "none"
            and self.wizard.refer is not None
        )
        self.duplicate = (
            preview.duplicate.localized(self.lang()) if preview.duplicate is not None else ""
        )
        if d.outcome == "pass":
            self.decision.setText(self.tr("Underwriting: pass"))
            self.decision.setStyleSheet("color: #1b5e20;")
        else:
            reasons = "；".join(f.message_zh if zh else f.message_en for f in d.fired)
            label = (
                self.tr("Underwriting: referred to a supervisor")
                if d.outcome == "refer"
                else self.tr("Underwriting: declined")
            )
            text, colour = f"{label} — {reasons}", "#e65100" if d.outcome == "refer" else "#c62828"
            if d.outcome == "refer" and self.referral.status == "approved":
                text += "\n" + self.tr("Approved by %1: %2").replace(
                    "%1", self.referral.decided_by
                ).replace("%2", self.referral.note)
                colour = "#1b5e20"
            elif d.outcome == "refer" and self.referral.status == "declined":
                text += "\n" + self.tr("Declined by %1: %2").replace(
                    "%1", self.referral.decided_by
                ).replace("%2", self.referral.note)
                colour = "#c62828"
            elif d.outcome == "refer" and self.referral.status == "pending":
                text += "\n" + self.tr("Waiting for a supervisor in the 待处理 queue.")
            self.decision.setText(text)
            self.decision.setStyleSheet(f"color: {colour};")
        if self.duplicate:
            self.decision.setText(self.decision.text() + "\n" + self.duplicate)
            self.decision.setStyleSheet("color: #c62828;")
        self.worksheet.setHtml(present(q, self.lang()).as_html())

    def show_registry(self, check) -> None:
        zh = self.lang().startswith("zh")
        if check.status == "matched":
            self.registry.setText(self.tr("Registry: matches the vehicle licence."))
            self.registry.setStyleSheet("color: #1b5e20;")
        elif check.status == "pending":
            self.registry.setText(
                self.tr(
                    "Registry look-up waiting (offline): the policy will be flagged for "
                    "manual verification and the licence photo kept."
                )
            )
            self.registry.setStyleSheet("color: #b26a00;")
        else:
            found = "；".join(check.differences_zh if zh else check.differences_en)
            self.registry.setText(
                self.tr(
                    "Registry differs: %1. Check the licence itself; the policy will be "
                    "flagged for manual verification."
                ).replace("%1", found)
            )
            self.registry.setStyleSheet("color: #c62828;")

    def show_error(self, message: str) -> None:
        self.quote = self.preview = None
        self.refer_button.hide()
        self.hq_button.hide()
        self.premium.setText("—")
        self.decision.setText(message)
        self.decision.setStyleSheet("color: #c62828;")

    def problems(self) -> list[str]:
        if self.quote is None:
            return [self.decision.text() or self.tr("Waiting for the premium…")]
        if self.duplicate:
            return [self.duplicate]
        if self.quote.decision.outcome == "decline":
            return [self.tr("Underwriting declines this policy; it cannot be issued.")]
        if self.quote.decision.outcome == "refer" and (
            self.referral is None or self.referral.status != "approved"
        ):
            if self.referral is not None and self.referral.status == "declined":
                return [self.tr("A supervisor declined this policy; it cannot be issued as it is.")]
            return [
                self.tr("Underwriting referred this policy: a supervisor must approve it first.")
            ]
        return []


CHECKLIST = (
    "Names",
    "ID number",
    "VIN",
    "Plate",
    "Covers",
    "Sums insured and limits",
    "Deductibles",
    "Period",
    "Premium",
)


class ReviewStep(Step):
    def __init__(self, wizard, parent=None) -> None:
        super().__init__(wizard, parent)
        self.schedule = named(QTextBrowser(), "schedule")
        self.schedule.document().setDefaultStyleSheet(
            "p { margin: 3px 0; } h3 { margin: 0 0 6px 0; }"
        )
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
        self.checks = [named(QCheckBox(n), f"check{i}") for i, n in enumerate(names)]
        self.all_checked = named(
            QPushButton(self.tr("All checked with the customer")), "allChecked"
        )
        self.all_checked.clicked.connect(self._check_all)
        # The checklist beside the schedule it checks: the schedule keeps the height to be read whole.
        checklist = QVBoxLayout()
        for cb in self.checks:
            checklist.addWidget(cb)
        checklist.addWidget(self.all_checked)
        checklist.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.schedule, 1)
        top.addLayout(checklist)
        self.outer.addLayout(top, 1)
        self.outer.addWidget(QLabel(self.tr("Customer's signature:")))
        self.pad = SignaturePad()
        self.clear = named(QPushButton(self.tr("Clear signature")), "clearSignature")
        self.clear.clicked.connect(self.pad.clear)
        row = QHBoxLayout()
        row.addWidget(self.pad, 1)
        row.addWidget(self.clear)
        self.pad.setMaximumHeight(150)
        self.outer.addLayout(row)
        self.signed_total: str | None = None  # the premium the customer signed for, as text

    def _check_all(self) -> None:
        for cb in self.checks:
            cb.setChecked(True)

    def data(self) -> dict:
        return {
            "signature": self.pad.strokes(),
            "checked": [cb.isChecked() for cb in self.checks],
            "signed_total": self.signed_total,
        }

    def load(self, d: dict) -> None:
        self.pad.set_strokes(d.get("signature") or [])
        for cb, on in zip(self.checks, d.get("checked") or [], strict=False):
            cb.setChecked(bool(on))
        self.signed_total = d.get("signed_total")

    def show_schedule(self, holder: dict, vehicle: dict, q) -> None:
        lines = "".join(
            f"<tr><td>{ln.name_zh}</td><td align='right'>{fmt_money(ln.sum_insured or ln.limit) if (ln.sum_insured or ln.limit) else '—'}</td>"
            f"<td>{ln.deductible or '—'}</td><td align='right'>{fmt_money(ln.premium)}</td></tr>"
            for ln in q.lines
        )
        ctpl = (
            f"<tr><td>交强险</td><td align='right'>依法定限额</td><td>—</td><td align='right'>{fmt_money(q.ctpl.premium)}</td></tr>"
            if q.ctpl
            else ""
        )
        tax = fmt_money(q.vehicle_tax.total) if q.vehicle_tax else "0.00"
        self.schedule.setHtml(
            f"<h3>投保单</h3><p>投保人 {holder.get('name')} · {mask_id_number(holder.get('id_number') or '')}"
            f" · {mask_phone(holder.get('phone') or '')}</p>"
            + (
                f"<p>被保险人 {holder['insured']['name']} · {mask_id_number(holder['insured']['id_number'])}</p>"
                if holder.get("insured")
                else ""
            )
            + (
                f"<p>车辆所有人 {vehicle['owner_name']}"
                + (
                    f" · {mask_id_number(vehicle['owner_id_number'])}"
                    if vehicle.get("owner_id_number")
                    else ""
                )
                + "</p>"
                if vehicle.get("owner_name")
                else ""
            )
            + f"<p>车辆 {vehicle.get('plate') or '未上牌'} · VIN {vehicle.get('vin')} · {vehicle.get('brand_model') or ''}</p>"
            f"<p>保险期间 {q.start_date} 0时 至 {q.end_date} 24时</p>"
            f"<table cellspacing='6'><tr><th>险种</th><th>保额/限额</th><th>免赔</th><th>保费</th></tr>{ctpl}{lines}</table>"
            f"<p>车船税 {tax} · <b>合计 {fmt_money(q.total)} 元</b></p>"
        )

    def problems(self) -> list[str]:
        out = []
        if not all(cb.isChecked() for cb in self.checks):
            out.append(self.tr("Tick every item of the checklist with the customer."))
        if self.pad.is_empty():
            out.append(self.tr("The customer must sign."))
        return out


class PaymentStep(Step):
    def __init__(self, wizard, parent=None) -> None:
        super().__init__(wizard, parent)
        self.outstanding = named(QLabel(), "outstanding")
        self.outstanding.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.outer.insertWidget(0, self.outstanding)
        self.method = self.row(self.tr("Method"), named(QComboBox(), "payMethod"))
        for code, label in (
            ("cash", self.tr("Cash")),
            ("card", self.tr("Card terminal")),
            ("qr", self.tr("QR code")),
            ("transfer", self.tr("Bank transfer")),
        ):
            self.method.addItem(label, code)
        self.amount = self.row(self.tr("Amount (yuan)"), named(QLineEdit(), "payAmount"))
        self.reference = self.row(
            self.tr("Reference (terminal or transfer)"), named(QLineEdit(), "payReference")
        )
        self.reason = self.row(
            self.tr("Failure reason (if it failed)"), named(QLineEdit(), "payFailure")
        )
        # Shown for the QR method: the customer scans it; the clerk records the part once paid.
        self.qr = QrView(180)
        self.qr.setObjectName("payQr")
        self.qr_caption = named(QLabel(), "payQrCaption")
        qr_box = QVBoxLayout()
        qr_box.addWidget(self.qr)
        qr_box.addWidget(self.qr_caption)
        self.qr_panel = QWidget()
        self.qr_panel.setLayout(qr_box)
        self.qr_panel.hide()
        # Beside the fields, not under them: the parts taken stay in view while the QR is shown.
        beside = QHBoxLayout()
        self.outer.removeItem(self.form)
        beside.addLayout(self.form, 1)
        beside.addWidget(self.qr_panel)
        self.outer.insertLayout(1, beside)
        self.qr_amount = Decimal("0")  # what the QR shown asks for
        self.method.currentIndexChanged.connect(self.update_qr)
        self.amount.textChanged.connect(self.update_qr)
        buttons = QHBoxLayout()
        self.paid_button = named(QPushButton(self.tr("Record as paid")), "paidButton")
        self.failed_button = named(QPushButton(self.tr("Record as failed")), "failedButton")
        buttons.addWidget(self.paid_button)
        buttons.addWidget(self.failed_button)
        self.outer.addLayout(buttons)
        self.parts = named(QTableWidget(0, 4), "payParts")
        self.parts.setHorizontalHeaderLabels(
            [self.tr("Method"), self.tr("Amount"), self.tr("Reference"), self.tr("Result")]
        )
        self.parts.verticalHeader().setVisible(False)
        header = self.parts.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)
        self.parts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.outer.addWidget(self.parts, 1)
        self.message = named(QLabel(), "payMessage")
        self.message.setWordWrap(True)
        self.outer.addWidget(self.message)
        self.issue_button = named(QPushButton(self.tr("Issue the policy")), "issueButton")
        self.issue_button.setStyleSheet("font-size: 13pt; padding: 8px;")
        self.outer.addWidget(self.issue_button)
        self.result = named(QLabel(), "issueResult")
        self.result.setWordWrap(True)
        self.open_pdf = named(QPushButton(self.tr("Open the cover note PDF")), "openPdf")
        self.open_pdf.hide()
        self.outer.addWidget(self.result)
        self.outer.addWidget(self.open_pdf)
        self.payments: list[dict] = []
        self.total = Decimal("0")
        self.paid_button.clicked.connect(lambda: self.add_part(True))
        self.failed_button.clicked.connect(lambda: self.add_part(False))

    def set_total(self, total: Decimal) -> None:
        self.total = total
        self.refresh()

    def update_qr(self) -> None:
        if self.method.currentData() != "qr":
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
            .replace("%1", fmt_money(amount))
            .replace("%2", reference)
        )
        self.qr_panel.show()

    def paid(self) -> Decimal:
        return sum(
            (Decimal(p["amount"]) for p in self.payments if not p.get("failed")), Decimal("0")
        )

    def refresh(self) -> None:
        left = self.total - self.paid()
        self.outstanding.setText(self.tr("Still to pay: %1 yuan").replace("%1", fmt_money(left)))
        self.amount.setText(fmt_money(left) if left > 0 else "")
        self.issue_button.setEnabled(left == 0 and self.total > 0)
        self.parts.setRowCount(len(self.payments))
        for r, p in enumerate(self.payments):
            for c, v in enumerate(
                (
                    self.method.itemText(self.method.findData(p["method"])),
                    p["amount"],
                    p.get("reference", ""),
                    self.tr("failed: %1").replace("%1", p["failed"])
                    if p.get("failed")
                    else self.tr("paid"),
                )
            ):
                self.parts.setItem(r, c, QTableWidgetItem(v))

    def lock(self) -> None:
        """Issued: what was paid is on the policy; nothing more is taken here."""
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

    def add_part(self, succeeded: bool) -> None:
        try:
            amount = Decimal(self.amount.text().strip())
        except InvalidOperation:
            self.message.setText(self.tr("Enter the amount in yuan, e.g. 1200.00."))
            return
        part = {
            "method": self.method.currentData(),
            "amount": fmt_money(amount),
            "reference": self.reference.text().strip(),
        }
        if not succeeded:
            part["failed"] = self.reason.text().strip() or self.tr("declined")
        elif part["method"] == "cash" and amount >= self.wizard.aml_threshold():
            record = self.wizard.ask_aml_record(part["amount"])
            if record is None:
                self.message.setText(
                    self.tr("Large cash needs its record; the payment was not taken.")
                )
                return
            part["aml_record"] = record
        try:
            check_part(
                part["method"],
                amount,
                part["reference"],
                self.total - self.paid(),
                succeeded=succeeded,
            )
            # On record in the store the moment it is taken (with its audit event, and a 待处理 item
            # when it failed): the draft's copy is only what the step shows.
            self.payments = self.wizard.record_payment(part)
        except ChudanError as exc:
            self.message.setText(exc.localized(self.lang()))
            return
        self.reference.clear()
        self.reason.clear()
        self.message.clear()
        self.refresh()
        self.changed.emit()

    def data(self) -> dict:
        return {"payments": self.payments}

    def load(self, d: dict) -> None:
        self.payments = list(d.get("payments") or [])
        self.refresh()
