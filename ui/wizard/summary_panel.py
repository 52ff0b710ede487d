"""Beside every step: who is being insured, which vehicle, which plan, the premium so far and what
still needs checking, so the clerk never goes back to see it. Everything shown comes from the
flow; ID numbers and phones are masked as on every screen."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app.core.masking import mask_id_number
from app.core.money import fmt_amount
from app.issuance.flow import TITLES, IssuanceFlow, Priced
from ui.widgets import named


class SummaryPanel(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self.setFixedWidth(250)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.labels: dict[str, QLabel] = {}
        for key in ("customerTitle", "customer", "vehicleTitle", "vehicle", "planTitle", "plan"):
            label = named(QLabel(), "summary" + key[0].upper() + key[1:])
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)  # escaped text with line breaks
            if key.endswith("Title"):
                label.setObjectName("summaryTitle")
            layout.addWidget(label)
            self.labels[key] = label
        self.premium = named(QLabel(), "summaryPremium")
        layout.addWidget(self.premium)
        self.todo_title = QLabel()
        self.todo_title.setObjectName("summaryTitle")
        layout.addWidget(self.todo_title)
        self.todo = named(QLabel(), "summaryTodo")
        self.todo.setWordWrap(True)
        self.todo.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.todo)
        layout.addStretch(1)

    def show_premium(self, flow: IssuanceFlow) -> None:
        priced = flow.facts.priced
        self.premium.setText(
            self.tr("Pricing…")  # never an old premium beside new covers
            if flow.facts.quoting
            else self.tr("%1 yuan").replace("%1", fmt_amount(priced.total))
            if isinstance(priced, Priced)
            else self.tr("not priced yet")
        )

    def show_flow(self, flow: IssuanceFlow, language: str) -> None:
        zh = language.startswith("zh")
        d = flow.data
        h, v = d["policyholder"], d["vehicle"]
        e = html.escape
        self.labels["customerTitle"].setText(self.tr("Customer"))
        name = str(h.get("name") or "").strip()
        number = str(h.get("id_number") or "").strip()
        self.labels["customer"].setText(
            "<br>".join(
                x
                for x in (
                    e(name) or e(self.tr("not entered yet")),
                    e(mask_id_number(number)) if number else "",
                    e(self.tr("Insured: %1").replace("%1", h["insured"].get("name") or "—"))
                    if h.get("insured")
                    else "",
                )
                if x
            )
        )
        self.labels["vehicleTitle"].setText(self.tr("Vehicle"))
        plate = self.tr("no plate yet") if v.get("no_plate") else (v.get("plate") or "")
        vin = str(v.get("vin") or "")
        self.labels["vehicle"].setText(
            "<br>".join(
                e(x)
                for x in (
                    plate,
                    str(v.get("brand_model") or ""),
                    f"VIN …{vin[-6:]}" if vin else "",
                )
                if x
            )
            or e(self.tr("not entered yet"))
        )
        plans = {
            "basic": self.tr("Basic"),
            "standard": self.tr("Standard"),
            "full": self.tr("Full"),
            "custom": self.tr("Custom"),
        }
        self.labels["planTitle"].setText(self.tr("Plan and premium"))
        self.labels["plan"].setText(
            e(plans.get(d.get("plan") or "standard", ""))
            + e(self.tr(" · from %1").replace("%1", str(d.get("start_date") or "")))
        )
        self.show_premium(flow)
        self.todo_title.setText(self.tr("Still to do"))
        items = []
        for step, problems in flow.all_problems().items():
            title = TITLES[step][1 if zh else 0]
            for p in problems:
                items.append(f"• {e(title)}: {e(p.text(language))}")
        self.todo.setText("<br>".join(items[:8]) if items else e(self.tr("Nothing: ready.")))
