"""待处理 in the window: take an item, comment it, resolve it; a supervisor decides a referral
that a clerk sent to the queue (issue 6, exceptions; step 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_wizard_drafts import EXAMPLE, _desk


def test_supervisor_decides_a_queued_referral_and_a_clerk_works_an_item(qtbot, gui_ctx):
    import copy

    from app.exception_queue import ExceptionKind
    from app.permissions import Role
    from ui.main_window import MainWindow

    clerk = _desk(gui_ctx)
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    draft = gui_ctx.drafts.create(clerk)
    request = copy.deepcopy(EXAMPLE)
    request["vehicle"]["purchase_price"] = "1200000"
    request["draft_id"] = draft
    fp = gui_ctx.issuance.preview(request).fingerprint
    gui_ctx.referrals.submit(clerk, draft, fp, "车损险保额较高，需人工核保")
    with gui_ctx.store.write() as s:
        gui_ctx.exceptions.open_item(s, clerk, ExceptionKind.PAYMENT_FAILED, "刷卡 3000.00 失败：单笔限额")

    # The clerk sees both of their items, cannot decide the referral, and works the payment one.
    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(2)
    page = w.pages[2]
    assert page.table.rowCount() == 2 and not page.approve.isVisible()
    row = next(r for r, i in enumerate(page.items) if i.kind == ExceptionKind.PAYMENT_FAILED)
    page.table.selectRow(row)
    qtbot.mouseClick(page.take, Qt.MouseButton.LeftButton)
    page.table.selectRow(next(r for r, i in enumerate(page.items) if i.kind == ExceptionKind.PAYMENT_FAILED))
    page.text.setText("客户改用扫码支付")
    qtbot.mouseClick(page.resolve, Qt.MouseButton.LeftButton)
    assert [i.kind for i in page.items] == [ExceptionKind.REFERRAL]

    # The supervisor decides the referral: a note is required, then the item leaves the queue.
    lee = gui_ctx.auth.login("lee", "lee-pass-123")
    w2 = MainWindow(gui_ctx, lee)
    qtbot.addWidget(w2)
    w2.show()
    w2.show_page(2)
    page2 = w2.pages[2]
    page2.table.selectRow(0)
    assert page2.approve.isEnabled() and not page2.resolve.isEnabled()
    qtbot.mouseClick(page2.approve, Qt.MouseButton.LeftButton)
    assert "核保意见" in page2.note.text() and page2.table.rowCount() == 1
    page2.text.setText("已电话核实车辆")
    qtbot.mouseClick(page2.approve, Qt.MouseButton.LeftButton)
    assert page2.table.rowCount() == 0
    assert gui_ctx.issuance.preview(request).referral.status == "approved"


def test_a_delayed_look_up_can_be_refreshed_from_the_queue(qtbot, gui_ctx):
    from datetime import timedelta

    from app.lookup_delays import open_items_for_delayed_lookups
    from local_db.models import OutboxItem
    from local_db.types import utcnow
    from ui.main_window import MainWindow

    clerk = _desk(gui_ctx)
    draft = gui_ctx.drafts.create(clerk)
    with gui_ctx.store.write() as s:
        s.add(OutboxItem(kind="lookup", idempotency_key="lookup:slow", status="pending",
                         payload={"call": "vehicle", "params": {"vin": EXAMPLE["vehicle"]["vin"]}, "draft_id": draft},
                         created_at=utcnow() - timedelta(hours=1)))
    open_items_for_delayed_lookups(gui_ctx.store, gui_ctx.exceptions, timedelta(minutes=30), utcnow())
    w = MainWindow(gui_ctx, clerk)
    qtbot.addWidget(w)
    w.show()
    w.show_page(2)
    page = w.pages[2]
    page.table.selectRow(0)
    assert page.refresh_lookup.isVisible()
    qtbot.mouseClick(page.refresh_lookup, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.sync.running and bool(w.sync.status.get("last_attempt")), timeout=30_000)
    assert "暂缓出单" in page.note.text()
    page.text.setText("客户改日再来，暂缓出单")
    qtbot.mouseClick(page.resolve, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 0
    w.tasks.wait_idle()
