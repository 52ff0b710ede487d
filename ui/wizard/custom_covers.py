"""自选: the clerk picks the covers one by one instead of a preset, from what the rate table in
force on the start date offers (limits as the table lists them). Riders that need more than a
limit (deductible rates, daily amounts, new-equipment values) are left to the headless request.
Passenger cover takes every approved seat but the driver's (the request is built so in app)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox

from app.core.money import fmt_amount
from ui.widgets import named

MAIN = ("vehicle_damage", "third_party", "driver", "passenger")
MAIN_NAMES = {
    "ctpl": ("机动车交通事故责任强制保险", "Compulsory traffic accident liability (CTPL)"),
    "vehicle_damage": ("机动车损失保险", "Own damage"),
    "third_party": ("第三者责任保险", "Third-party liability"),
    "driver": ("车上人员责任保险（司机）", "On-board persons: driver"),
    "passenger": ("车上人员责任保险（乘客）", "On-board persons: passengers"),
}
SIMPLE_RIDER_METHODS = ("rate_of_limit", "fixed_by_limit", "share_of_main", "fixed")
# Which limit a cover starts at when ticked: the one the standard plan uses, so a clerk who ticks
# third party gets what the customer most often buys, and sees it.
DEFAULTS = {"third_party": "2000000.00", "driver": "10000.00", "passenger": "10000.00"}


class CustomCovers(QGroupBox):
    changed = Signal()

    def __init__(self, table, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("customCovers")
        self.rows: dict[str, tuple[QCheckBox, QComboBox | None]] = {}
        self.names: dict[str, tuple[str, str]] = {}
        grid = QGridLayout(self)
        offered: list[tuple[str, tuple[str, str], list | None]] = [
            ("ctpl", MAIN_NAMES["ctpl"], None)
        ]
        c = table.commercial
        limits = {
            "vehicle_damage": None,
            "third_party": c.third_party.limits,
            "driver": c.driver.limits,
            "passenger": c.passenger.limits,
        }
        offered += [(code, MAIN_NAMES[code], limits[code]) for code in MAIN]
        for code, rider in c.riders.items():
            if rider.method in SIMPLE_RIDER_METHODS and (
                rider.method not in ("rate_of_limit", "fixed_by_limit") or rider.limits
            ):
                offered.append(
                    (
                        code,
                        (rider.name_zh, rider.name_en),
                        rider.limits
                        if rider.method in ("rate_of_limit", "fixed_by_limit")
                        else None,
                    )
                )
        for i, (code, names, options) in enumerate(offered):
            box = named(QCheckBox(names[0]), f"cover_{code}")
            self.names[code] = names
            combo = None
            if options:
                combo = named(QComboBox(), f"limit_{code}")
                for amount in options:
                    combo.addItem(fmt_amount(amount), str(amount))
                default = combo.findData(DEFAULTS.get(code, ""))
                combo.setCurrentIndex(default if default >= 0 else 0)
                combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
            box.toggled.connect(lambda *_: self.changed.emit())
            # One cover a line, its limit beside it: long names (in English) never push the
            # limits out of the window.
            grid.addWidget(box, i, 0)
            if combo is not None:
                combo.setMinimumWidth(130)
                grid.addWidget(combo, i, 1)
            self.rows[code] = (box, combo)
        grid.setColumnStretch(2, 1)
        for code in ("ctpl", "vehicle_damage", "third_party"):
            self.rows[code][0].setChecked(True)

    def retranslate(self, language: str) -> None:
        zh = language.startswith("zh")
        for code, (box, _combo) in self.rows.items():
            box.setText(self.names[code][0 if zh else 1])

    def coverages(self) -> list[dict]:
        out = []
        for code, (box, combo) in self.rows.items():
            if not box.isChecked():
                continue
            cover: dict = {"code": code}
            if combo is not None:
                cover["limit"] = combo.currentData()
            out.append(cover)
        return out

    def load(self, coverages: list[dict]) -> None:
        chosen = {c["code"]: c for c in coverages}
        for code, (box, combo) in self.rows.items():
            box.blockSignals(True)
            box.setChecked(code in chosen)
            box.blockSignals(False)
            if combo is not None and code in chosen and chosen[code].get("limit"):
                index = combo.findData(str(chosen[code]["limit"]))
                if index >= 0:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(index)
                    combo.blockSignals(False)
