"""待处理 in the window: take an item, comment it, resolve it; a supervisor decides a referral
that a clerk sent to the queue (待处理, and the coverage step's referrals)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.examples import POLICY_REQUEST


def test_supervisor_decides_a_queued_referral_and_a_clerk_works_an_item(qtbot, gui_ctx, desk_clerk):
    import copy

    from app.access.permissions import Role
    from app.work_items.queue import WorkItemKind
    from ui.main_window import MainWindow

    clerk = desk_clerk
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    draft = gui_ctx.drafts.create(clerk)
    request = copy.deepcopy(POLICY_REQUEST)
    request["vehicle"]["purchase_price"] = "1200000"
    request["draft_id"] = draft
    fp = gui_ctx.issuance.preview(request).fingerprint
    gui_ctx.referrals.submit(clerk, draft, fp, "车损险保额较高，需人工核保")
    with gui_ctx.store.write() as s:
        gui_ctx.work_items.open_item(
            s, clerk, WorkItemKind.PAYMENT_FAILED, "刷卡 3000.00 失败：单笔限额"
        )

    # The clerk sees both of their items, cannot decide the referral, and works the payment one.
    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(2)
    page = w.pages[2]
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)  # read on the pool
    assert not page.approve.isVisible()
    row = next(r for r, i in enumerate(page.items) if i.kind == WorkItemKind.PAYMENT_FAILED)
    page.table.selectRow(row)
    qtbot.mouseClick(page.take, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(i.assigned_to == "clerk" for i in page.items))
    page.table.selectRow(
        next(r for r, i in enumerate(page.items) if i.kind == WorkItemKind.PAYMENT_FAILED)
    )
    page.text.setText("客户改用扫码支付")
    qtbot.mouseClick(page.resolve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [i.kind for i in page.items] == [WorkItemKind.REFERRAL])

    # The supervisor decides the referral: a note is required, then the item leaves the queue.
    lee = gui_ctx.auth.login("lee", "lee-pass-123")
    w2 = MainWindow(gui_ctx, lee)
    qtbot.addWidget(w2)
    w2.show()
    w2.show_page(2)
    page2 = w2.pages[2]
    qtbot.waitUntil(lambda: page2.table.rowCount() == 1)
    page2.table.selectRow(0)
    assert page2.approve.isEnabled() and not page2.resolve.isEnabled()
    qtbot.mouseClick(page2.approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "核保意见" in page2.note.text())
    assert page2.table.rowCount() == 1
    page2.text.setText("已电话核实车辆")
    qtbot.mouseClick(page2.approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page2.table.rowCount() == 0)
    assert gui_ctx.issuance.preview(request).referral.status == "approved"


def test_a_delayed_look_up_can_be_refreshed_from_the_queue(qtbot, gui_ctx, desk_clerk):
    from datetime import timedelta

    from app.work_items.lookup_delays import open_items_for_delayed_lookups
    from local_db.models import OutboxItem
    from local_db.types import utcnow
    from ui.main_window import MainWindow

    clerk = desk_clerk
    draft = gui_ctx.drafts.create(clerk)
    with gui_ctx.store.write() as s:
        s.add(
            OutboxItem(
                kind="lookup",
                idempotency_key="lookup:slow",
                status="pending",
                payload={
                    "call": "vehicle",
                    "params": {"vin": POLICY_REQUEST["vehicle"]["vin"]},
                    "draft_id": draft,
                },
                created_at=utcnow() - timedelta(hours=1),
            )
        )
    open_items_for_delayed_lookups(
        gui_ctx.store, gui_ctx.work_items, timedelta(minutes=30), utcnow()
    )
    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(2)
    page = w.pages[2]
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    page.table.selectRow(0)
    assert page.refresh_lookup.isVisible()
    qtbot.mouseClick(page.refresh_lookup, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not w.sync.running and bool(w.sync.status.get("last_attempt")), timeout=30_000
    )
    assert "暂缓出单" in page.note.text()
    page.text.setText("客户改日再来，暂缓出单")
    qtbot.mouseClick(page.resolve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0)
    w.tasks.wait_idle()


def test_a_supervisor_hands_an_item_to_another_clerk_who_then_has_it(qtbot, gui_ctx, desk_clerk):
    from app.access.permissions import Role
    from app.work_items.queue import WorkItemKind
    from tests.support.screenshots import shot
    from ui.main_window import MainWindow

    clerk = desk_clerk
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    gui_ctx.users.add_user(admin, "zhao", "zhao-pass-123", Role.CLERK, "赵出单")
    with gui_ctx.store.write() as s:
        gui_ctx.work_items.open_item(
            s, clerk, WorkItemKind.PAYMENT_FAILED, "刷卡 3000.00 失败：单笔限额"
        )
    zhao = gui_ctx.auth.login("zhao", "zhao-pass-123")
    assert gui_ctx.work_items.list_items(zhao) == []  # not his yet

    # A clerk cannot hand items on: the controls are not offered.
    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(2)
    assert not w.pages[2].assign.isVisible() and not w.pages[2].assignee.isVisible()
    w.close()

    lee = gui_ctx.auth.login("lee", "lee-pass-123")
    w2 = MainWindow(gui_ctx, lee)
    qtbot.addWidget(w2)
    w2.show()
    w2.show_page(2)
    page = w2.pages[2]
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and page.assignee.count() > 0)
    assert page.assign.isVisible() and not page.assign.isEnabled()  # nothing chosen yet
    names = [page.assignee.itemText(i) for i in range(page.assignee.count())]
    assert (
        "赵出单 (zhao)" in names
        and "王出单 (clerk)" in names
        and not any("lee" in n for n in names)
    )
    page.table.selectRow(0)
    page.assignee.setCurrentIndex(page.assignee.findData("zhao"))
    qtbot.mouseClick(page.assign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.item(0, 6).text() == "zhao")  # assigned to
    page.table.selectRow(0)
    assert (
        "lee · 转交给 zhao" in page.history.toPlainText()
        and "T" not in page.history.toPlainText()[:16]
    )
    shot(w2, "exceptions-supervisor")
    (item,) = gui_ctx.work_items.list_items(zhao)  # now in his queue
    assert item.assigned_to == "zhao" and item.kind == WorkItemKind.PAYMENT_FAILED
