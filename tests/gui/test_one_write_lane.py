"""One write lane: a whole issuance driven as a clerk drives it (scans, saves, the signature, the
payment, issuing) and the other pages' actions write the store only on the window's one write
lane, and neither write nor read it on the GUI thread. What a write changed reaches the pages, and
a page redraws only for changes it shows."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from PySide6.QtCore import Qt

from tests.support import clerk as desk
from tests.support.desk import clerk_at_demo_outlet, main_window
from ui.tasks import WRITE_LANE


class StoreWatch:
    """Which thread opened each store session, write or read, while `recording`."""

    def __init__(self, store) -> None:
        self.writes: list[str] = []
        self.reads: list[str] = []
        self.recording = False
        write, read = store.write, store.read

        @contextmanager
        def watched_write():
            if self.recording:
                self.writes.append(threading.current_thread().name)
            with write() as s:
                yield s

        @contextmanager
        def watched_read():
            if self.recording:
                self.reads.append(threading.current_thread().name)
            with read() as s:
                yield s

        store.write, store.read = watched_write, watched_read


def test_an_issuance_and_the_pages_write_only_on_the_write_lane(qtbot, gui_ctx):
    from app.access.permissions import Role
    from app.work_items.queue import WorkItemKind

    clerk = clerk_at_demo_outlet(gui_ctx)
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    with gui_ctx.store.write() as s:
        gui_ctx.work_items.open_item(s, clerk, WorkItemKind.PAYMENT_FAILED, "刷卡失败：超时")
    watch = StoreWatch(gui_ctx.store)
    w = main_window(qtbot, gui_ctx, clerk)
    qtbot.waitUntil(w.pages[0].new_button.isEnabled)
    gui = threading.current_thread().name
    watch.recording = True
    hand = desk.Clerk()
    try:
        result = desk.standard_policy_with_scans(hand, w)
    finally:
        hand.stop()
    assert result.state == "bound"
    w.tasks.wait_idle()
    # Draft saves, the two scans kept, the signature, the payment and the policy at least.
    assert len(watch.writes) >= 6
    assert set(watch.writes) == {WRITE_LANE}, watch.writes
    assert gui not in watch.reads  # reads on the pool, not on the GUI thread

    # 待处理: taking an item is a write, on the lane too.
    watch.writes.clear()
    w.show_page(2)
    page = w.pages[2]
    qtbot.waitUntil(lambda: page.table.rowCount() >= 1)
    page.table.selectRow(0)
    qtbot.mouseClick(page.take, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(watch.writes))
    w.tasks.wait_idle()
    assert set(watch.writes) == {WRITE_LANE}
    watch.recording = False
    w.tasks.wait_idle()


def test_a_page_redraws_for_the_changes_it_shows_only(qtbot, gui_ctx):
    from app.core.changes import Changes

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    issue_page, policies, waiting = w.pages[0], w.pages[1], w.pages[2]
    qtbot.waitUntil(issue_page.new_button.isEnabled)
    refreshed: list[str] = []
    for name, page in (("policies", policies), ("waiting", waiting), ("issue", issue_page)):
        real = page.refresh
        page.refresh = lambda n=name, r=real: (refreshed.append(n), r())[1]
    w.ops.announce(Changes(drafts=True))  # a draft saved: the 新建投保 page, on screen, redraws
    assert refreshed == ["issue"] and not policies.stale and not waiting.stale
    w.ops.announce(Changes(policies=True, outbox=True))  # a policy issued elsewhere
    assert refreshed == ["issue"] and policies.stale and not waiting.stale  # hidden: later
    w.show_page(1)
    assert refreshed == ["issue", "policies"] and not policies.stale  # drawn when shown
    w.tasks.wait_idle()


def test_resuming_a_draft_is_a_write_on_the_write_lane(qtbot, gui_ctx):
    """Opening a draft records how long it sat parked (the reports' step times): a write."""
    clerk = clerk_at_demo_outlet(gui_ctx)
    gui_ctx.drafts.save(clerk, "d-resume", "vehicle", {"vehicle": {"plate": "京N6E830"}})
    watch = StoreWatch(gui_ctx.store)
    w = main_window(qtbot, gui_ctx, clerk)
    page = w.pages[0]
    qtbot.waitUntil(lambda: page.drafts.rowCount() == 1)
    watch.recording = True
    page.drafts.selectRow(0)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is not None and page.wizard.loaded)
    w.tasks.wait_idle()
    watch.recording = False
    assert watch.writes and set(watch.writes) == {WRITE_LANE}, watch.writes
    assert page.wizard.stack.currentIndex() == 1  # opened at the vehicle step
