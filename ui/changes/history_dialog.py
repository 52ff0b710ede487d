"""批改记录: a policy's history as a table, one row per transaction (the issue first, then every
endorsement and cancellation): date, 批单号, kind, what changed (masked as the service masks it),
premium difference and state, with a refund's own state beside the change's. The rows are
`ChangeService.history`, what `chudan policy history` prints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.money import fmt_amount
from ui.widgets import named

COLUMNS = 6


def _amount(wire: str) -> str:
    """An amount the history gives in the wire form ("-2650.00"), as people read it."""
    return fmt_amount(Decimal(wire))


class HistoryDialog(QDialog):
    def __init__(self, history: dict[str, Any], zh: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.zh = zh
        self.setWindowTitle(self.tr("History of %1").replace("%1", history["policy_number"]))
        self.table = named(QTableWidget(0, COLUMNS), "historyTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Endorsement no."),
                self.tr("Kind"),
                self.tr("What changed"),
                self.tr("Premium difference"),
                self.tr("State"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row in self._rows(history):
            self._add(row)
        money = history["money"]
        self.totals = named(
            QLabel(
                self.tr("Charged %1, paid %2, refunded %3")
                .replace("%1", _amount(money["charged"]))
                .replace("%2", _amount(money["paid"]))
                .replace("%3", _amount(money["refunded"].lstrip("-")))
            ),
            "historyTotals",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        self.resize(900, 420)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # Heights once the columns have their widths: measured before, the stretched column is
        # narrow and every row comes out several lines tall.
        self.table.resizeRowsToContents()

    def _pick(self, zh: str | None, en: str | None) -> str:
        return (zh if self.zh else en) or ""

    def _rows(self, h: dict[str, Any]) -> list[list[str]]:
        first = h["versions"][0]
        rows = [
            [
                first["effective_date"] or "",
                "—",
                self.tr("Issued"),
                self.tr("Policy %1").replace("%1", h["policy_number"]),
                _amount(first["premium"]["total"]),
                self._pick(h["state_zh"], h["state"]),
            ]
        ]
        for t in h["transactions"]:
            changed = "\n".join(
                f"{self._pick(c['label_zh'], c['label_en'])}: "
                f"{self._pick(c['before'] or '—', c.get('before_en') or c['before'] or '—')} → "
                f"{self._pick(c['after'] or '—', c.get('after_en') or c['after'] or '—')}"
                for c in t["changed"]
            )
            state = self._pick(t["state_zh"], t["state"])
            for r in t["refunds"]:
                state += "\n" + self._refund(r)
            rows.append(
                [
                    t["effective_date"] or (t["bound_at"] or "")[:10],
                    t["number"] or "—",
                    self._pick(t["name_zh"], t["name_en"]),
                    changed or "—",
                    _amount(t["difference"]),
                    state,
                ]
            )
        return rows

    def _refund(self, r: dict[str, Any]) -> str:
        amount = _amount(r["amount"].lstrip("-"))
        if r["status"] == "paid":
            text = self.tr("Refund %1 paid").replace("%1", amount)
            if r.get("paid_reference"):
                text += f" ({r['paid_reference']})"
            return text
        if r["status"] == "requested":
            return self.tr("Refund %1 requested").replace("%1", amount)
        return self.tr("Refund %1 waits for head office's check").replace("%1", amount)

    def _add(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            if col == 4:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)

    def cell(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""
