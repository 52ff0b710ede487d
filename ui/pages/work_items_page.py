"""待处理: everything waiting on a person. Supervisors see all; clerks their own. An item can be
taken, commented and resolved here; a supervisor hands items to others and decides referrals."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser

from app.access.permissions import Permission
from app.core.errors import ChudanError
from app.work_items.queue import KIND_NAMES_ZH, WorkItemKind
from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import named


class WorkItemsPage(Page):
    def __init__(self, ctx, user, parent=None, sync_now=None) -> None:
        super().__init__(ctx, user, parent)
        self.sync_now = sync_now  # for a delayed look-up: ask head office again now
        self.table = read_only_table("exceptionsTable")
        self.layout_.addWidget(self.table, 3)
        self.history = named(QTextBrowser(), "exceptionHistory")
        self.layout_.addWidget(self.history, 1)
        self.text = named(QLineEdit(), "exceptionText")
        self.take = named(QPushButton(), "takeItem")
        self.comment = named(QPushButton(), "commentItem")
        self.resolve = named(QPushButton(), "resolveItem")
        self.approve = named(QPushButton(), "approveReferral")
        self.decline = named(QPushButton(), "declineReferral")
        self.refresh_lookup = named(QPushButton(), "refreshLookup")
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        for b in (
            self.refresh_lookup,
            self.take,
            self.comment,
            self.resolve,
            self.approve,
            self.decline,
        ):
            row.addWidget(b)
        self.layout_.addLayout(row)
        # A supervisor hands an item to whoever should work it (the service refuses clerks).
        self.assignee = named(QComboBox(), "assignee")
        self.assign = named(QPushButton(), "assignItem")
        self.assign_label = QLabel()
        hand = QHBoxLayout()
        hand.addWidget(self.assign_label)
        hand.addWidget(self.assignee)
        hand.addWidget(self.assign)
        hand.addStretch(1)
        self.layout_.addLayout(hand)
        self.may_hand_on = user.can(Permission.VIEW_ALL_EXCEPTIONS) and user.can(
            Permission.MANAGE_CLERKS
        )
        for w in (self.assign_label, self.assignee, self.assign):
            w.setVisible(self.may_hand_on)
        self.assign.clicked.connect(
            lambda: self._act(
                lambda i: self.ctx.work_items.assign(self.user, i.id, self.assignee.currentData())
            )
        )
        self.items: list = []
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.take.clicked.connect(
            lambda: self._act(
                lambda i: self.ctx.work_items.assign(self.user, i.id, self.user.username)
            )
        )
        self.comment.clicked.connect(
            lambda: self._act(
                lambda i: self.ctx.work_items.comment(self.user, i.id, self.text.text())
            )
        )
        self.resolve.clicked.connect(
            lambda: self._act(
                lambda i: self.ctx.work_items.resolve(self.user, i.id, self.text.text())
            )
        )
        self.approve.clicked.connect(
            lambda: self._act(
                lambda i: self.ctx.referrals.decide(self.user, i.id, True, self.text.text())
            )
        )
        self.decline.clicked.connect(
            lambda: self._act(
                lambda i: self.ctx.referrals.decide(self.user, i.id, False, self.text.text())
            )
        )
        self.refresh_lookup.clicked.connect(self._refresh_lookup)
        self.retranslate()
        self._selected_changed()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Waiting for a person"))
        self.note.setText(
            self.tr(
                "Referrals, registry mismatches, payment failures and head office's rejections."
            )
        )
        self.text.setPlaceholderText(self.tr("Comment, resolution or decision note"))
        self.take.setText(self.tr("Take it"))
        self.assign_label.setText(self.tr("Hand to:"))
        self.assign.setText(self.tr("Hand over"))
        self.comment.setText(self.tr("Comment"))
        self.resolve.setText(self.tr("Resolve"))
        self.approve.setText(self.tr("Approve"))
        self.decline.setText(self.tr("Decline"))
        self.refresh_lookup.setText(self.tr("Refresh now"))

    def refresh(self) -> None:
        zh = self.ctx.settings.language().startswith("zh")
        self.items = self.ctx.work_items.list_items(self.user)
        rows = [
            [
                str(i.id),
                KIND_NAMES_ZH[i.kind] if zh else i.kind.value,
                i.reason,
                i.assigned_to or "—",
                i.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            ]
            for i in self.items
        ]
        fill_table(
            self.table,
            [
                self.tr("No."),
                self.tr("Kind"),
                self.tr("Reason"),
                self.tr("Assigned to"),
                self.tr("Opened"),
            ],
            rows,
        )
        if self.may_hand_on:
            chosen = self.assignee.currentData()
            self.assignee.clear()
            for u in self.ctx.users.list_users(self.user):
                if not u.disabled and u.username != self.user.username:
                    self.assignee.addItem(f"{u.display_name} ({u.username})", u.username)
            self.assignee.setCurrentIndex(max(0, self.assignee.findData(chosen)))
        self._selected_changed()

    def selected(self):
        index = self.table.currentRow()
        return (
            self.items[index]
            if 0 <= index < len(self.items) and self.table.selectedItems()
            else None
        )

    def _selected_changed(self) -> None:
        item = self.selected()
        referral = item is not None and item.kind == WorkItemKind.REFERRAL
        may_decide = self.user.can(Permission.DECIDE_REFERRAL)
        for b in (self.take, self.comment):
            b.setEnabled(item is not None)
        self.assign.setEnabled(item is not None and self.assignee.count() > 0)
        self.resolve.setEnabled(
            item is not None and not referral
        )  # a referral ends with a decision
        self.approve.setVisible(may_decide)
        self.decline.setVisible(may_decide)
        self.approve.setEnabled(referral and may_decide)
        # A delayed look-up: refresh now (sync), or resolve it as "defer issuance" with a note.
        self.refresh_lookup.setVisible(
            item is not None
            and item.kind == WorkItemKind.LOOKUP_DELAYED
            and self.sync_now is not None
        )
        self.decline.setEnabled(referral and may_decide)
        self.history.setHtml(
            "" if item is None else "<br>".join(self._history_line(h) for h in item.history)
        )

    def _history_line(self, h: dict) -> str:
        """One entry of an item's history, in local time and the window's language."""
        actions = {
            "open": self.tr("opened"),
            "assign": self.tr("handed to"),
            "comment": self.tr("commented"),
            "resolve": self.tr("resolved"),
            "submit": self.tr("referred"),
            "sent_to_hq": self.tr("sent to head office"),
            "approve": self.tr("approved"),
            "decline": self.tr("declined"),
        }
        try:
            at = datetime.fromisoformat(h.get("at", "")).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            at = h.get("at", "")
        action = h.get("action", "")
        who = h.get("by_name") or h.get("by", "")
        return html.escape(
            f"{at} · {who} · {actions.get(action, action)} {h.get('text', '')}".rstrip()
        )

    def _refresh_lookup(self) -> None:
        if self.sync_now is not None:
            self.sync_now()
            self.note.setText(
                self.tr(
                    "Asking head office again now; if it still does not answer, resolve the item as 'defer issuance'."
                )
            )

    def _act(self, action) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            action(item)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.ctx.settings.language()))
            return
        self.text.clear()
        self.retranslate()
        self.refresh()
