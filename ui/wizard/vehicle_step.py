"""Step 2, the vehicle: the 行驶证 scanned (its main page and, for the approved seats, its second
page) or typed; the owner when the licence names someone other than the insured; the values that
price the policy, each empty until the clerk, the licence or the registry gives it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QPushButton, QWidget

from app.identity import check_party_id
from app.issuance.draft_request import owner_differs
from app.issuance.vehicle_inputs import VEHICLE_INPUTS, VehicleInput
from app.vehicle import (
    USAGE_CODES,
    USAGE_NAMES_EN,
    VEHICLE_CLASS_NAMES_EN,
    VEHICLE_CLASSES,
    check_engine_number,
    check_plate,
    check_usage_code,
    check_vin,
    suggest_from_vehicle_type,
    suggested_class,
)
from ui.style import set_state
from ui.widgets import field_label, named
from ui.wizard.fields import CheckedField, NumberField, SourceBadge
from ui.wizard.step_base import ScanRow, Step

FUELS = ("petrol", "diesel", "hybrid", "phev", "bev", "fcev")
ACCEPTS = ("vehicle-licence", "vehicle-licence-back")
EMPTY_DATE = QDate(1900, 1, 1)  # shown as blank: no date is assumed


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class VehicleStep(Step):
    key = "vehicle"

    def __init__(self, wizard) -> None:
        super().__init__(wizard, takes_photos=True)
        self.build_in_parts(self._build())

    def _build(self) -> Iterator[None]:
        """The step, a section a part (step_base.py, "building in parts")."""
        lang = self.lang
        # Model catalogue questions not answered yet, and what waits for their answers (an
        # application from the phone decides where the wizard lands once the price is in).
        self.catalogue_asking = 0
        self.after_catalogue: list[Callable[[], None]] = []
        docs, docs_form = self.section("licenceBox")
        self.docs = docs
        self.scan_row = ScanRow("licence")
        self.scan_button = self.scan_row.add(named(QPushButton(), "scanLicenceButton"))
        self.scan_back_button = self.scan_row.add(named(QPushButton(), "scanLicenceBackButton"))
        self.camera_button = self.scan_row.add(named(QPushButton(), "licenceCameraButton"))
        self.scan_status = self.scan_row.status
        docs_form.addRow(self.scan_row)

        yield
        box, form = self.section("vehicleBox")
        self.vehicle_box, self.form = box, form
        self.plate = self.row(
            form, CheckedField("plate", check_plate, lang, width=150), "vehicle.plate"
        )
        self.no_plate = named(QCheckBox(), "noPlate")
        form.addRow("", self.no_plate)
        self.vin = self.row(form, CheckedField("vin", check_vin, lang, width=230), "vehicle.vin")
        self.engine = self.row(
            form,
            CheckedField("engine", check_engine_number, lang, width=200),
            "vehicle.engine_number",
        )
        self.brand = self.row(
            form, CheckedField("brandModel", None, lang, width=300), "vehicle.brand_model"
        )
        self.vtype = self.row(
            form, CheckedField("vehicleType", None, lang, width=200), "vehicle.vehicle_type"
        )
        yield
        self.owner = self.row(
            form, CheckedField("owner", None, lang, width=300), "vehicle.owner_name"
        )
        self.owner_id = self.row(
            form,
            CheckedField("ownerId", check_party_id, lang, width=220),
            "vehicle.owner_id_number",
        )
        self.usage = self.row(form, named(QComboBox(), "usage"), "vehicle.usage")
        self.usage.setMinimumWidth(200)
        self.vclass = self.row(form, named(QComboBox(), "vehicleClass"), "vehicle.class")
        self.vclass.setMinimumWidth(220)
        self.class_source = SourceBadge("vehicleClass", lang)
        form.addRow("", self.class_source)
        yield
        self.registered = self.row(
            form, named(QDateEdit(), "registered"), "vehicle.first_registration"
        )
        self.registered.setDisplayFormat("yyyy-MM-dd")
        self.registered.setCalendarPopup(True)
        self.registered.setMinimumDate(EMPTY_DATE)
        self.registered.setSpecialValueText(" ")  # blank until the licence or the clerk says
        self.registered.setDate(EMPTY_DATE)
        self.registered.setMaximumWidth(140)
        self.seats = self.row(form, NumberField("seats", 1, 80, 70), "vehicle.seats")
        self.seats_source = SourceBadge("seats", lang)
        form.addRow("", self.seats_source)
        # What a truck, trailer, special vehicle or motorcycle is priced or taxed by: one row per
        # input of app/issuance/vehicle_inputs.py, shown for the classes it is about.
        self.type_inputs: dict[str, QWidget] = {}
        for spec in VEHICLE_INPUTS:
            widget = self._input_widget(spec)
            self.type_inputs[spec.key] = self.row(form, widget, f"vehicle.{spec.key}")

        yield
        price_box, pform = self.section("priceBox")
        self.price_box, self.pform = price_box, pform
        self.price = self.row(pform, named(QLineEdit(), "price"), "vehicle.purchase_price")
        self.price.setMaximumWidth(140)
        self.displacement = self.row(
            pform, named(QLineEdit(), "displacement"), "vehicle.displacement_l"
        )
        self.displacement.setMaximumWidth(90)
        self.fuel = self.row(pform, named(QComboBox(), "fuel"), "vehicle.fuel")
        self.fuel.setMinimumWidth(180)
        self.catalogue_source = SourceBadge("catalogue", lang)  # price, engine, fuel from 车型库
        pform.addRow("", self.catalogue_source)
        self.outer.addStretch(1)
        self.usage_read = ""  # a usage the licence printed without a code, until the clerk chooses
        self.class_suggested = False
        self.read_ms: int | None = None
        self.scan_note: tuple[str, ...] = ()
        self.no_plate.toggled.connect(lambda on: self.plate.setEnabled(not on))
        self.owner.edit.textChanged.connect(self._show_owner_id)
        self.usage.activated.connect(self._usage_chosen)
        self.vclass.activated.connect(self._class_chosen)
        self.vclass.currentIndexChanged.connect(self._show_inputs)
        self.vtype.edit.editingFinished.connect(self._type_given)
        self.brand.edit.editingFinished.connect(self.ask_catalogue)
        self.price.textEdited.connect(lambda _t: self.catalogue_source.show_source(""))
        self.seats.textEdited.connect(lambda _t: self.seats_source.show_source(""))
        self.watch(
            self.plate,
            self.no_plate,
            self.vin,
            self.engine,
            self.brand,
            self.vtype,
            self.owner,
            self.owner_id,
            *self.type_inputs.values(),
            self.usage,
            self.vclass,
            self.registered,
            self.seats,
            self.price,
            self.displacement,
            self.fuel,
        )
        for f in (self.plate, self.vin, self.engine, self.brand, self.owner):
            f.reviewed.connect(self.wizard.refresh_scan_notes)
        yield
        self.retranslate()
        self._show_owner_id()
        self._show_inputs()

    @staticmethod
    def _input_widget(spec: VehicleInput) -> QWidget:
        name = "input_" + spec.key
        if spec.kind == "bool":
            return named(QCheckBox(), name)
        if spec.kind == "int":
            return NumberField(name, 1, int(spec.high), 90)
        edit = named(QLineEdit(), name)
        edit.setValidator(QDoubleValidator(0.0, float(spec.high), 3, edit))
        edit.setMaximumWidth(90)
        return edit

    def _show_inputs(self, *_args: Any) -> None:
        cls = self.vclass.currentData()
        for spec in VEHICLE_INPUTS:
            self.form.setRowVisible(self.type_inputs[spec.key], spec.shown(cls))

    def _type_given(self) -> None:
        """The licence's 车辆类型 suggests the class (unless the clerk chose one) and whether it
        is a trailer or a mini truck; each suggestion is marked as one."""
        suggestion = suggest_from_vehicle_type(self.vtype.text())
        if suggestion is None:
            return
        self._suggest_class()
        for key, on in (("trailer", suggestion.trailer), ("mini_truck", suggestion.mini_truck)):
            box = self.type_inputs[key]
            if on and isinstance(box, QCheckBox):
                box.setChecked(True)

    def ask_catalogue(self) -> None:
        """The model catalogue of the rate table, asked about the 品牌型号 (a read, on the pool):
        what it knows fills the fields still empty, marked as the catalogue's."""
        brand = self.brand.text().strip()
        if not brand:
            return
        start = date.fromisoformat(self.wizard.flow.data["start_date"])
        issuance = self.wizard.ctx.issuance

        def done(model: dict[str, Any] | None) -> None:
            if model is not None and self.brand.text().strip() == brand:
                self.apply_catalogue(model)
            answered()

        def answered(*_failure: Any) -> None:
            self.catalogue_asking -= 1
            if not self.catalogue_asking:
                waiting, self.after_catalogue = self.after_catalogue, []
                for then in waiting:
                    then()

        self.catalogue_asking += 1
        self.wizard.ops.read(
            issuance.catalogue_model, brand, start, done=done, failed=answered, owner=self
        )

    def when_catalogue_answered(self, then: Callable[[], None]) -> None:
        """`then()` once no model catalogue question is in flight (now, if none is)."""
        if self.catalogue_asking:
            self.after_catalogue.append(then)
        else:
            then()

    def apply_catalogue(self, model: dict[str, Any]) -> None:
        filled = False
        if not self.price.text().strip():
            self.price.setText(str(model["new_price"]))
            filled = True
        if not self.displacement.text().strip() and model.get("displacement_l"):
            self.displacement.setText(str(model["displacement_l"]))
            filled = True
        if self.fuel.currentIndex() < 0 and self.fuel.findData(model.get("fuel")) >= 0:
            self.fuel.setCurrentIndex(self.fuel.findData(model["fuel"]))
            filled = True
        if not self.seats.value() and model.get("seats"):
            self.seats.set_value(int(model["seats"]))
            self.seats_source.show_source("catalogue")
            filled = True
        if not self.vtype.text() and model.get("vehicle_type"):
            self.vtype.edit.setText(model["vehicle_type"])
            self.vtype.badge.show_source("catalogue")
            self._type_given()
            filled = True
        if filled:
            self.catalogue_source.show_source("catalogue")
            self._suggest_class()
            self.edited.emit()

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        zh = self.lang().startswith("zh")
        self.docs.setTitle(self.tr("Vehicle licence"))
        self.vehicle_box.setTitle(self.tr("Vehicle"))
        self.price_box.setTitle(self.tr("Price and engine"))
        self.scan_button.setText(self.tr("Scan vehicle licence…"))
        self.scan_back_button.setText(self.tr("Scan its second page (seats)…"))
        self.camera_button.setText(self.tr("Camera…"))
        self.no_plate.setText(self.tr("New car, no plate yet"))
        for widget, text in (
            (self.plate, self.tr("Plate")),
            (self.vin, self.tr("VIN")),
            (self.engine, self.tr("Engine number")),
            (self.brand, self.tr("Brand and model")),
            (self.vtype, self.tr("Vehicle type (as on the licence)")),
            (self.owner, self.tr("Owner (as on the licence)")),
            (self.owner_id, self.tr("Owner's ID number or credit code")),
            (self.usage, self.tr("Usage nature")),
            (self.vclass, self.tr("Vehicle class")),
            (self.registered, self.tr("First registration")),
            (self.seats, self.tr("Approved seats")),
        ):
            field_label(self.form, widget).setText(text)
        for spec in VEHICLE_INPUTS:  # the table's own words, in the window's language
            shown = self.type_inputs[spec.key]
            label = spec.label_zh if zh else spec.label_en
            if isinstance(shown, QCheckBox):
                shown.setText(label)
                field_label(self.form, shown).setText("")
            else:
                field_label(self.form, shown).setText(label)
        field_label(self.pform, self.price).setText(self.tr("New-car price (yuan)"))
        field_label(self.pform, self.displacement).setText(self.tr("Displacement (L)"))
        field_label(self.pform, self.fuel).setText(self.tr("Fuel"))
        self.price.setPlaceholderText(self.tr("invoice or list price"))
        self.seats.setPlaceholderText(self.tr("on page 2"))
        fuel_names = {
            "petrol": self.tr("Petrol"),
            "diesel": self.tr("Diesel"),
            "hybrid": self.tr("Hybrid"),
            "phev": self.tr("Plug-in hybrid"),
            "bev": self.tr("Battery electric"),
            "fcev": self.tr("Fuel cell"),
        }
        self._fill_choices(self.fuel, [(code, fuel_names[code]) for code in FUELS])
        self._fill_choices(
            self.usage,
            [
                (code, f"{code} {name}" if zh else f"{code} {USAGE_NAMES_EN[code]}")
                for code, (name, _) in USAGE_CODES.items()
            ],
        )
        self._fill_choices(
            self.vclass,
            [
                (code, name if zh else VEHICLE_CLASS_NAMES_EN[code])
                for code, name in VEHICLE_CLASSES.items()
                if code != "tractor"
            ],
        )
        for badge in (self.class_source, self.seats_source, self.catalogue_source):
            badge.retranslate()
        self._show_usage_read()
        self.wizard.say_scan(self, *self.scan_note)

    @staticmethod
    def _fill_choices(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Choices with nothing chosen until someone chooses (the list is the same after a
        language change; only the names change)."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, label in items:
            combo.addItem(label, code)
        combo.setCurrentIndex(combo.findData(chosen) if chosen else -1)
        combo.blockSignals(False)

    # -- the data -------------------------------------------------------------------------------
    def _usage_chosen(self, *_args: Any) -> None:
        self.usage_read = ""
        self._show_usage_read()
        self._suggest_class()

    def _class_chosen(self, *_args: Any) -> None:
        self.class_suggested = False
        self.class_source.show_source("")

    def set_usage_read(self, text: str) -> None:
        self.usage_read = text
        self._show_usage_read()

    def _show_usage_read(self) -> None:
        set_state(self.usage, "state", "review" if self.usage_read else "")
        self.usage.setToolTip(
            self.tr("The licence says %1: choose the usage nature that matches.").replace(
                "%1", self.usage_read
            )
            if self.usage_read
            else ""
        )

    def _suggest_class(self) -> None:
        """The rating class follows from the usage, who owns the car and its seats (a
        suggestion the clerk can change, marked so); never a class chosen from nothing."""
        if self.vclass.currentIndex() >= 0 and not self.class_suggested:
            return
        holder = self.wizard.flow.data["policyholder"]
        usage, owner = self.usage.currentData() or "", holder.get("kind") or "person"
        by_type = suggest_from_vehicle_type(self.vtype.text())  # the licence's 车辆类型 first
        if by_type is not None and not usage and len(by_type.classes) > 1:
            code = None  # which of its classes depends on the usage nature: chosen first
        elif by_type is not None:
            code = by_type.class_for(usage, owner)
        else:
            code = suggested_class(usage, owner, self.seats.value())
        if code and self.vclass.findData(code) >= 0:
            self.vclass.setCurrentIndex(self.vclass.findData(code))
            self.class_suggested = True
            self.class_source.show_source("by_type" if by_type is not None else "suggested")

    def owner_differs(self) -> bool:
        return owner_differs(
            {
                "policyholder": self.wizard.flow.data["policyholder"],
                "vehicle": {"owner_name": self.owner.text()},
            }
        )

    def _show_owner_id(self, *_args: Any) -> None:
        self.form.setRowVisible(self.owner_id, self.owner_differs())

    def showEvent(self, event) -> None:  # the insured may have changed on the step before
        self._show_owner_id()
        super().showEvent(event)

    def fill(self, data: dict[str, Any]) -> None:
        d = data.get("vehicle") or {}
        sources = data.get("sources") or {}
        for key, widget in (
            ("owner_name", self.owner),
            ("owner_id_number", self.owner_id),
            ("plate", self.plate),
            ("vin", self.vin),
            ("engine_number", self.engine),
            ("brand_model", self.brand),
            ("vehicle_type", self.vtype),
        ):
            if widget.text() != (d.get(key) or ""):
                widget.edit.setText(d.get(key) or "")
            widget.badge.show_source(sources.get(f"vehicle.{key}", "") if d.get(key) else "")
        self.no_plate.setChecked(bool(d.get("no_plate")))
        self.usage.setCurrentIndex(self.usage.findData(d["usage"]) if d.get("usage") else -1)
        self.vclass.setCurrentIndex(self.vclass.findData(d["class"]) if d.get("class") else -1)
        self.class_suggested = sources.get("vehicle.class") in ("suggested", "by_type")
        self.class_source.show_source(sources.get("vehicle.class", "") if d.get("class") else "")
        self.seats.set_value(int(d["seats"]) if d.get("seats") else None)
        self.seats_source.show_source(sources.get("vehicle.seats", "") if d.get("seats") else "")
        first = d.get("first_registration")
        self.registered.setDate(_qdate(date.fromisoformat(first)) if first else EMPTY_DATE)
        self.price.setText(str(d.get("purchase_price") or ""))
        self.displacement.setText(str(d.get("displacement_l") or ""))
        self.fuel.setCurrentIndex(self.fuel.findData(d["fuel"]) if d.get("fuel") else -1)
        self.catalogue_source.show_source(
            sources.get("vehicle.purchase_price", "") if d.get("purchase_price") else ""
        )
        for spec in VEHICLE_INPUTS:
            held = self.type_inputs[spec.key]
            raw = d.get(spec.key)
            if isinstance(held, QCheckBox):
                held.setChecked(bool(raw))
            elif isinstance(held, QLineEdit):
                held.setText("" if raw in (None, "") else str(raw))
        self._show_inputs()
        to_check = data.get("to_check") or {}
        self.set_usage_read(to_check.get("usage_read") or "")
        self.flag_paths(to_check.get("vehicle") or [])
        self._show_owner_id()

    def load(self, vehicle: dict[str, Any]) -> None:
        """Fill the step as if typed (tests and scripts): the flow hears of it."""
        v = dict(vehicle)
        v.setdefault("no_plate", v.get("plate") is None and bool(v.get("vin")))
        self.show_data({"vehicle": v})
        self.edited.emit()

    def collect(self) -> dict[str, Any]:
        q = self.registered.date()
        first = None if q == EMPTY_DATE else date(q.year(), q.month(), q.day()).isoformat()
        sources = {}
        if self.class_suggested and self.vclass.currentIndex() >= 0:
            sources["vehicle.class"] = self.class_source.source or "suggested"
        if self.seats_source.source and self.seats.value():
            sources["vehicle.seats"] = self.seats_source.source
        if self.catalogue_source.source and self.price.text().strip():
            sources["vehicle.purchase_price"] = self.catalogue_source.source
        for key, widget in (
            ("plate", self.plate),
            ("vin", self.vin),
            ("engine_number", self.engine),
            ("brand_model", self.brand),
            ("vehicle_type", self.vtype),
            ("owner_name", self.owner),
        ):
            if widget.badge.source:
                sources[f"vehicle.{key}"] = widget.badge.source
        return {
            "vehicle": {
                "plate": None if self.no_plate.isChecked() else (self.plate.text() or None),
                "no_plate": self.no_plate.isChecked(),
                "vin": self.vin.text(),
                "engine_number": self.engine.text(),
                "brand_model": self.brand.text() or None,
                "vehicle_type": self.vtype.text() or None,
                **self._input_values(),
                "usage": None if self.usage_read else self.usage.currentData(),
                "class": self.vclass.currentData(),
                "seats": self.seats.value(),
                "first_registration": first,
                "purchase_price": self.price.text().strip(),
                "displacement_l": self.displacement.text().strip() or None,
                "fuel": self.fuel.currentData(),
                "owner_name": self.owner.text() or None,
                "owner_id_number": self.owner_id.text() or None,
            },
            "to_check": {"usage_read": self.usage_read},
            "sources": sources,
        }

    def _input_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in VEHICLE_INPUTS:
            widget = self.type_inputs[spec.key]
            if isinstance(widget, QCheckBox):
                out[spec.key] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                out[spec.key] = widget.text().strip() or None
        return out

    # -- documents ------------------------------------------------------------------------------
    def accepts(self, kind: str) -> bool:
        return kind in ACCEPTS

    def apply_scan(self, kind: str, fields: dict[str, Any]) -> list[CheckedField]:
        if kind == "vehicle-licence-back":
            return self._apply_back(fields)
        filled = []
        for read, widget in (
            ("plate", self.plate),
            ("vin", self.vin),
            ("engine_number", self.engine),
            ("brand_model", self.brand),
            ("vehicle_type", self.vtype),
            ("owner", self.owner),
        ):
            f = fields.get(read) or {}
            if f.get("value"):
                widget.set_text(f["value"], bool(f.get("needs_review")), "licence")
                filled.append(widget)
            else:
                widget.clear_reading()
        usage = (fields.get("usage") or {}).get("value")
        if usage:
            r = check_usage_code(usage)
            self.usage.setCurrentIndex(self.usage.findData(r.value) if r.valid else -1)
            self.set_usage_read("" if r.valid else usage)  # e.g. 营运 alone: which is for the clerk
            self._suggest_class()
        if self.vtype.text():
            self._type_given()
        if self.brand.text():
            self.ask_catalogue()  # the model catalogue may know the price, engine and seats
        reg = (fields.get("registration_date") or {}).get("value")
        if reg:
            self.registered.setDate(_qdate(date.fromisoformat(reg)))
        self._show_owner_id()
        return filled

    def _apply_back(self, fields: dict[str, Any]) -> list[CheckedField]:
        """The second page: the approved seats, when it belongs to this vehicle."""
        plate = ((fields.get("plate") or {}).get("value") or "").strip()
        if plate and self.plate.text() and plate != self.plate.text():
            raise WrongVehicle(plate, self.plate.text())
        seats = (fields.get("approved_passengers") or {}).get("value")
        if seats:
            self.seats.set_value(int(seats))
            self.seats_source.show_source("licence")
            self._suggest_class()
        curb = (fields.get("curb_mass_kg") or {}).get("value")
        weight = self.type_inputs["curb_weight_t"]
        if curb and isinstance(weight, QLineEdit) and str(curb).strip().isdigit():
            weight.setText(f"{int(str(curb).strip()) / 1000:g}")  # printed in kg, taxed per tonne
        return []

    def next_to_fill(self) -> list[Any]:
        return [
            self.plate,
            self.vin,
            self.engine,
            self.brand,
            self.owner,
            *((self.owner_id,) if self.owner_differs() else ()),
        ]


class WrongVehicle(Exception):
    """The licence's second page names another plate than its main page."""

    def __init__(self, read: str, expected: str) -> None:
        super().__init__(read)
        self.read, self.expected = read, expected
