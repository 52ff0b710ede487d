"""待处理: everything waiting on a person. Supervisors see all; clerks their own. Each item says
whom and what it is about (customer, plate, policy or draft) and how long it has waited. An item
can be taken, commented and resolved here; a supervisor hands items to others and decides
referrals. Every action is a write on the window's one write lane; the list is read on the pool and
drawn again whenever a write changes 待处理."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser

from app.access.permissions import Permission
from app.work_items.queue import WorkItemKind
from ui.pages.base import Page, age_text, fill_table, read_only_table
from ui.widgets import named


class WorkItemsPage(Page):
    shows = ("work_items", "users")

    def __init__(self, ctx, user, parent=None, sync_now=None, ops=None) -> None:
        super().__init__(ctx, user, parent, ops)
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
        # Each action reads the widgets now, on the GUI thread, and hands plain values to the
        # service call that runs on the write lane.
        work, referrals, me = self.ctx.work_items, self.ctx.referrals, self.user
        self.assign.clicked.connect(lambda: self._act(work.assign, me, self.assignee.currentData()))
        self.items: list = []
        self._read_seq = 0
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.take.clicked.connect(lambda: self._act(work.assign, me, me.username))
        self.comment.clicked.connect(lambda: self._act(work.comment, me, self.text.text()))
        self.resolve.clicked.connect(lambda: self._act(work.resolve, me, self.text.text()))
        self.approve.clicked.connect(
            lambda: self._act(referrals.decide, me, True, self.text.text())
        )
        self.decline.clicked.connect(
            lambda: self._act(referrals.decide, me, False, self.text.text())
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
        self._read_seq = seq = self._read_seq + 1
        user, may_hand_on = self.user, self.may_hand_on

        def read():
            items = self.ctx.work_items.list_items(user)
            users = self.ctx.users.list_users(user) if may_hand_on else []
            return items, users

        def done(result) -> None:
            if seq == self._read_seq:
                self.show_items(*result)

        self.ops.read(read, done=done, owner=self)

    def show_items(self, items: list, users: list) -> None:
        lang = self.lang()
        selected = self.selected()
        self.items = items
        now = datetime.now(UTC)
        rows = [
            [
                str(i.id),
                i.kind_name(lang),
                i.customer or "—",
                i.plate or "—",
                i.policy_number or (self.tr("draft") if i.draft_id else "—"),
                i.reason_text(lang),
                i.assigned_to or "—",
                age_text((now - i.created_at).total_seconds() / 60),
            ]
            for i in self.items
        ]
        fill_table(
            self.table,
            [
                self.tr("No."),
                self.tr("Kind"),
                self.tr("Customer"),
                self.tr("Plate"),
                self.tr("Policy or draft"),
                self.tr("Reason"),
                self.tr("Assigned to"),
                self.tr("Waiting"),
            ],
            rows,
        )
        if selected is not None:
            row = next((r for r, i in enumerate(self.items) if i.id == selected.id), -1)
            if row >= 0:
                self.table.selectRow(row)
        if self.may_hand_on:
            chosen = self.assignee.currentData()
            self.assignee.clear()
            for u in users:
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

    def _act(self, call, actor, *values) -> None:
        """`call(actor, item id, *values)` on the write lane; the list redraws when the queue
        says it changed."""
        item = self.selected()
        if item is None:
            return

        def done(_changes) -> None:
            self.text.clear()
            self.retranslate()

        def failed(text: str, _exc: BaseException) -> None:
            self.note.setText(text)

        self.ops.write(call, actor, item.id, *values, done=done, failed=failed, initiator=self)
