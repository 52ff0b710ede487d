"""新建投保 while a policy is open asks whether to keep it as a draft (keep, discard, or stay); the
drafts list stays one click away for the rest of the session; a desk that belongs to no outlet says
so on the page before anything is scanned, in words for a clerk (no shell commands)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.support.desk import clerk_at_demo_outlet, main_window, new_policy
from tests.support.screenshots import shot


def _answer(button_text: str, seen: list[str]) -> None:
    """Click the button of the question on screen whose text is `button_text`."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert box is not None, "no question was asked"
        seen.append(box.text())
        shot(box, f"keep-draft-question-{len(seen)}")
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        button.click()

    QTimer.singleShot(0, click)


def _open_with_a_name(qtbot, w, name: str):
    wiz = new_policy(qtbot, w)
    qtbot.keyClicks(wiz.customer.name.edit, name)
    return wiz


def test_a_new_policy_asks_about_the_open_one_and_the_drafts_stay_reachable(qtbot, gui_ctx):
    from app.core.masking import mask_name

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    page = w.pages[0]
    first = _open_with_a_name(qtbot, w, "Zhang Wei")
    first_id = first.draft_id
    seen: list[str] = []

    # "Cancel": the open policy stays on screen as it is.
    _answer("取消", seen)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert "保留为草稿" in seen[-1] and page.wizard is first and first.isVisible()

    # "Keep as draft": a new, empty policy; the first one is in the list.
    _answer("保留为草稿", seen)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    second = page.wizard
    assert second is not first and second.customer.name.text() == ""
    w.tasks.wait_idle()
    assert gui_ctx.drafts.load(clerk, first_id)[1]["policyholder"]["name"] == "Zhang Wei"

    # The list is one click away while the second policy is open, and back again.
    qtbot.keyClicks(second.customer.name.edit, "Li Na")
    qtbot.mouseClick(page.drafts_button, Qt.MouseButton.LeftButton)
    assert page.drafts.isVisible() and page.back_to_wizard.isVisible()
    qtbot.waitUntil(lambda: page.drafts.rowCount() == 2)  # both kept: the open one saved too
    labels = {page.drafts.item(r, 0).text() for r in range(2)}
    assert labels == {mask_name("Zhang Wei"), mask_name("Li Na")}
    shot(w, "issue-page-drafts-while-open")
    qtbot.mouseClick(page.back_to_wizard, Qt.MouseButton.LeftButton)
    assert second.isVisible() and second.customer.name.text() == "Li Na"

    # "Discard it": the open one is abandoned, not listed any more.
    second_id = second.draft_id
    _answer("放弃该投保", seen)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    w.tasks.wait_idle()
    assert [d.id for d in gui_ctx.drafts.list_open(clerk)] == [first_id]
    assert second_id not in [d.id for d in gui_ctx.drafts.list_open(clerk)]

    # An empty policy is not worth a question: 新建投保 just starts again.
    third = page.wizard
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.wizard is not third and len(seen) == 3
    w.tasks.wait_idle()


def test_a_desk_without_an_outlet_says_so_before_anything_is_scanned(qtbot, gui_ctx):
    """No demo outlet and no provisioning: the page says what is missing and who sets it up, and
    offers no 新建投保 that would fail later. No command line is named to a clerk."""
    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    w = main_window(qtbot, gui_ctx, clerk)
    page = w.pages[0]
    qtbot.waitUntil(page.no_outlet.isVisible)
    text = page.no_outlet.text()
    assert "尚未绑定网点" in text and "同步" in text and "管理员" in text
    assert "chudan" not in text and "`" not in text
    assert not page.new_button.isEnabled()
    shot(w, "issue-page-no-outlet")
